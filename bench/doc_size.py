"""Ingest time against document size: one Markdown document of 100 KB, 1 MB and 10 MB, every
stage but embedding (a hashing stand-in embeds instantly), so the curve shows whether
extraction stays linear. Goal (issue 16): 10 MB in under 60 s. `python bench/doc_size.py 0.1
0.2 0.4` prints other sizes (MB) and the stage split."""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import CORPUS, report

SIZES_MB = (0.1, 1.0, 10.0)


class HashEmbedder:
    """Deterministic unit vectors from a text's hash: the embedding cost left out."""

    dim = 32
    name = "hash"

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(t.encode(), digest_size=8).digest(), "big")
            v = np.random.default_rng(seed).standard_normal(self.dim)
            out[i] = v / np.linalg.norm(v)
        return out

    def embed(self, text: str) -> np.ndarray:
        return self.embed_batch([text])[0]


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
    from counterpoint.corpus.chunk import chunk_document
    from counterpoint.corpus.models import Metadata, RawDocument
    from counterpoint.corpus.pipeline import make_document
    from counterpoint.kg.documents import document_graph
    from counterpoint.kg.extract.pipeline import enrich
    from counterpoint.kg.namespaces import Iris

    iris = Iris("https://counterpoint.example.org/")
    embedder = HashEmbedder()
    raw = RawDocument("size.md", essay_text(n_bytes), Metadata("Size"))
    stages: dict[str, float] = {}
    t0 = time.perf_counter()
    doc = make_document(raw)
    stages["clean"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    chunks = chunk_document(doc)
    stages["chunk"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    graph = document_graph(doc, chunks, iris, "v")
    stages["graph"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    enrich(doc, graph, iris, embedder.embed_batch)
    stages["extract"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    graph.serialize(format="nt")
    stages["serialize"] = time.perf_counter() - t0
    stages["total"] = sum(stages.values())
    return stages


def run(sizes: tuple[float, ...] = SIZES_MB) -> None:
    for mb in sizes:
        stages = time_document(int(mb * 1_000_000))
        split = " ".join(f"{k}={v:.1f}" for k, v in stages.items() if k != "total")
        report("docsize", f"ingest w/o embedding, {mb:g} MB document (s)", stages["total"], "s")
        print(f"{'':<10} {split}")


if __name__ == "__main__":
    run(tuple(float(a) for a in sys.argv[1:]) or SIZES_MB)
