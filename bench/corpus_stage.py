"""Corpus stage figures: loader speed (HTML, PDF pages/s), cleaning + chunking throughput (MB/s)
and the re-ingest time of an unchanged corpus (target: < 2 s, no embedding)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.common import CORPUS, ROOT, report

FIXTURES = ROOT / "tests" / "data" / "corpus_fixtures"


def _pdf_bytes(n_pages: int) -> bytes:
    from tests.pdfgen import make_pdf

    line = "Open weights move the margin from the model to serving, tuning and support."
    pages = [[f"Section {i}", *([line] * 40), "It ends here."] for i in range(n_pages)]
    return make_pdf(pages, title="Bench")


def run() -> None:
    from counterpoint.corpus.chunk import chunk_document
    from counterpoint.corpus.loaders.html import load_html
    from counterpoint.corpus.loaders.pdf import load_pdf
    from counterpoint.corpus.models import Metadata, RawDocument
    from counterpoint.corpus.pipeline import make_document

    html = (FIXTURES / "blog_post.html").read_bytes()
    load_html(html, "warm.html", "Warm")
    n = 50
    t0 = time.perf_counter()
    for i in range(n):
        load_html(html, f"{i}.html", "Bench")
    report("corpus", "HTML loader (pages/s)", n / (time.perf_counter() - t0), "pages/s")

    pdf = _pdf_bytes(40)
    t0 = time.perf_counter()
    load_pdf(pdf, "bench.pdf", "Bench")
    report(
        "corpus", "PDF loader, 40 text pages (pages/s)", 40 / (time.perf_counter() - t0), "pages/s"
    )

    body = (CORPUS / "open-source-ai-business-models-and-brand-moats.md").read_text()
    body = body.split("\n---\n", 1)[1]
    raw = RawDocument("bench.md", body * 40, Metadata("Bench"))
    mb = len(raw.text.encode()) / 1e6
    t0 = time.perf_counter()
    doc = make_document(raw)
    t_clean = time.perf_counter() - t0
    t0 = time.perf_counter()
    chunks = chunk_document(doc)
    t_chunk = time.perf_counter() - t0
    report("corpus", f"cleaning ({mb:.1f} MB) (MB/s)", mb / t_clean, "MB/s")
    report("corpus", f"chunking ({len(chunks)} chunks) (MB/s)", mb / t_chunk, "MB/s")

    from counterpoint.config import Settings
    from counterpoint.service import Counterpoint

    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        service = Counterpoint(Settings(workspace=ws))
        _, timings = service.ingest([str(CORPUS)], recursive=True)
        for stage, seconds in sorted(timings.extra.items()):
            report("corpus", f"cold ingest stage '{stage}' (s)", seconds, "s")
        service.close()
        service = Counterpoint(Settings(workspace=ws))  # a fresh process would do the same
        t0 = time.perf_counter()
        again, _ = service.ingest([str(CORPUS)], recursive=True)
        elapsed = time.perf_counter() - t0
        assert all(r.status == "unchanged" for r in again), again
        report("corpus", f"re-ingest unchanged, {len(again)} docs (s)", elapsed, "s")
        report("corpus", "embedder loaded by unchanged re-ingest", str(service.embedder_loaded))
        service.close()
