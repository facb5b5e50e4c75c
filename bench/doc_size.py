"""Ingest time against document size: one Markdown document of 100 KB, 1 MB and 10 MB ingested
into a fresh workspace, every stage but embedding (a hashing stand-in embeds instantly), so the
curve shows whether ingest stays linear. Goal (issue 16): 10 MB in under 60 s. `python
bench/doc_size.py 0.1 0.2 0.4` prints other sizes (MB); each line has the stage split."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import CORPUS, report
from counterpoint.retrieval.stand_in import HashEmbedder

SIZES_MB = (0.1, 1.0, 10.0)


def essay_text(n_bytes: int) -> str:
    """Bundled essay bodies, numbered so no two paragraphs repeat exactly, up to n_bytes."""
    bodies = []
    for path in sorted(CORPUS.glob("*.md")):
        text = path.read_text()
        bodies.append(text.split("\n---\n", 1)[1] if text.startswith("---") else text)
    parts: list[str] = []
    size = 0
    n = 0
    while size < n_bytes:
        body = bodies[n % len(bodies)].replace("\n\n", f" (part {n}).\n\n", 3)
        parts.append(f"## Part {n}\n\n{body}")
        size += len(parts[-1].encode())
        n += 1
    return "\n\n".join(parts)[:n_bytes]


def time_document(n_bytes: int) -> dict[str, float]:
    """One ingest of an n_bytes Markdown essay into a fresh workspace, every stage included
    (the store write and the links/index update too), the embedder a hashing stand-in. The
    stages as ingest times them (graph = extraction + building the triples + the store write;
    index = links graph + search indexes), the total without embedding, and its CPU time (the
    machine may be shared: wall time then depends on the load, CPU time much less)."""
    from counterpoint.config import Settings
    from counterpoint.service import Counterpoint

    with tempfile.TemporaryDirectory(prefix="cp-docsize-") as tmp:
        folder = Path(tmp)
        src = folder / "size.md"
        src.write_text("---\ntitle: Size\n---\n" + essay_text(n_bytes), encoding="utf-8")
        limit_mb = n_bytes / 1_000_000 + 1
        settings = Settings(
            workspace=folder / "ws",
            max_text_mb=limit_mb,
            max_file_mb=limit_mb,
            max_doc_seconds=3600,  # the curve, not the budget: a loaded machine is slow
        )
        service = Counterpoint(settings, embedder=HashEmbedder(32, "hash"))
        index_cpu = _cpu_of(service, "update_derived")
        cpu0 = time.process_time()
        results, timings = service.ingest([str(src)])
        cpu = time.process_time() - cpu0
        service.close()
    if results[0].status != "added":
        raise RuntimeError(f"docsize: ingest failed: {results[0].error}")
    stages = {k: v for k, v in timings.extra.items() if k != "embed"}
    stages["total"] = timings.total_s - timings.embed_s
    stages["cpu"] = cpu
    stages["index_cpu"] = sum(index_cpu)
    return stages


def _cpu_of(service: object, method: str) -> list[float]:
    """Wrap one of the service's methods to add up the process CPU seconds spent in it (the
    index stage's share of the CPU time; the rest is the document's own stages)."""
    spent: list[float] = []
    inner = getattr(service, method)

    def timed(*args: object, **kwargs: object) -> object:
        start = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            spent.append(time.process_time() - start)

    setattr(service, method, timed)
    return spent


def run(sizes: tuple[float, ...] = SIZES_MB) -> None:
    print(f"{'':<10} load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for mb in sizes:
        stages = time_document(int(mb * 1_000_000))
        skip = ("total", "cpu", "index_cpu")
        split = " ".join(f"{k}={v:.1f}" for k, v in stages.items() if k not in skip)
        report("docsize", f"ingest w/o embedding, {mb:g} MB document (s)", stages["total"], "s")
        print(
            f"{'':<10} {split} (CPU {stages['cpu']:.1f} s, "
            f"of which index {stages['index_cpu']:.1f} s)"
        )


if __name__ == "__main__":
    run(tuple(float(a) for a in sys.argv[1:]) or SIZES_MB)
