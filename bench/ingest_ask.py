"""Ingest and ask figures: cold ingest of the bundled corpus and warm extractive `ask` latency."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.common import CORPUS, percentiles, report, timed

QUESTIONS = [
    "What does the essay argue about brand moats?",
    "How can open-source AI labs make money?",
    "Why might open-source models become stale?",
    "What can AI labs learn from crypto protocols?",
    "Who is personifying the AI movement?",
    "What is the boiling point of tungsten?",
]


def run() -> None:
    from counterpoint.config import Settings
    from counterpoint.retrieval.embedder import SentenceTransformerEmbedder
    from counterpoint.service import Counterpoint

    t0 = time.perf_counter()
    embedder = SentenceTransformerEmbedder()
    report("ingest", "model load (s)", time.perf_counter() - t0, "s")
    with tempfile.TemporaryDirectory() as tmp:
        service = Counterpoint(Settings(workspace=Path(tmp) / "ws"), embedder=embedder)
        results, timings = service.ingest([str(CORPUS)], recursive=True)
        report("ingest", "documents", str(len(results)))
        report("ingest", "chunks", str(timings.chunks))
        report("ingest", "cold ingest, model loaded (s)", timings.total_s, "s")
        report("ingest", "chunks/s", timings.chunks / timings.total_s, "chunks/s")
        report("ingest", "embedding share of ingest", timings.embed_s / timings.total_s, "")
        t1 = time.perf_counter()
        again, _ = service.ingest([str(CORPUS)], recursive=True)
        assert all(r.status == "unchanged" for r in again)
        report("ingest", "re-ingest unchanged (s)", time.perf_counter() - t1, "s")
        service.ask(QUESTIONS[0])  # warm: index loaded, caches filled
        samples = []
        for q in QUESTIONS:
            samples += timed(lambda q=q: service.ask(q), repeat=5)
        p50, p95 = percentiles(samples)
        report("ask", "extractive ask p50 (warm, in process)", p50, "ms")
        report("ask", "extractive ask p95 (warm, in process)", p95, "ms")
        service.close()
