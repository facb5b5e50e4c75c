"""Vector index by size: FAISS flat (exact) against HNSW on clustered synthetic 384-dim unit
vectors (random ones are the worst case for HNSW and unlike embeddings, see facts.md): build
time, search p50/p95 and HNSW's recall@10 against flat, plus what `auto` picks at each size.
`make bench` runs 10k and 100k; `make bench-scale` adds 1M (1.5 GB of vectors; progress on
stderr, generation and build bounded to chunks of 100k rows).
"""

from __future__ import annotations

import sys
import time

import numpy as np

from bench.common import percentiles, report

DIM = 384
QUERIES = 200
CHUNK = 100_000
EF_SWEEP = (64, 128, 256, 512)  # HNSW search breadth: recall against latency


def _vectors(n: int, rng: np.random.Generator, centres: np.ndarray) -> np.ndarray:
    out = np.empty((n, DIM), dtype=np.float32)
    for start in range(0, n, CHUNK):
        m = min(CHUNK, n - start)
        block = centres[rng.integers(0, len(centres), m)] + 0.35 * rng.normal(size=(m, DIM))
        out[start : start + m] = block / np.linalg.norm(block, axis=1, keepdims=True)
        print(f"  vectors {start + m:,}/{n:,}", file=sys.stderr, end="\r")
    return out


def _add(index, vecs: np.ndarray) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    for start in range(0, len(vecs), CHUNK):
        part = vecs[start : start + CHUNK]
        index.add([f"c{start + i}" for i in range(len(part))], part)
        done = start + len(part)
        eta = (time.perf_counter() - t0) / done * (len(vecs) - done)
        print(
            f"  {index.kind} add {done:,}/{len(vecs):,} eta {eta:.0f}s", file=sys.stderr, end="\r"
        )
    return time.perf_counter() - t0


def measure(n: int, seed: int = 0) -> None:
    from counterpoint.retrieval.faiss_index import HNSWIndex, choose_kind, make_index

    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(max(200, n // 500), DIM))
    vecs = _vectors(n, rng, centres)
    queries = _vectors(QUERIES, rng, centres)
    flat = make_index(DIM, n, "flat")
    hnsw = make_index(DIM, n, "hnsw")
    assert isinstance(hnsw, HNSWIndex)
    flat_s, hnsw_s = _add(flat, vecs), _add(hnsw, vecs)
    del vecs
    f_ms, truth = [], []
    for q in queries:
        t0 = time.perf_counter()
        truth.append({c for c, _ in flat.search(q, 10)})
        f_ms.append((time.perf_counter() - t0) * 1000)
    label = f"{n // 1000}k" if n < 1_000_000 else f"{n // 1_000_000}M"
    f50, f95 = percentiles(f_ms)
    report("index", f"{label}: build flat / HNSW", f"{flat_s:.1f} / {hnsw_s:.1f}", "s")
    report("index", f"{label}: flat p50 / p95", f"{f50:.2f} / {f95:.2f}", "ms")
    default_ef = hnsw.ef_search
    for ef in sorted({default_ef, *EF_SWEEP}):
        hnsw.ef_search = ef
        h_ms, recall = [], []
        for q, want in zip(queries, truth, strict=True):
            t0 = time.perf_counter()
            got = {c for c, _ in hnsw.search(q, 10)}
            h_ms.append((time.perf_counter() - t0) * 1000)
            recall.append(len(want & got) / 10)
        h50, h95 = percentiles(h_ms)
        mark = " (default)" if ef == default_ef else ""
        report("index", f"{label}: HNSW ef={ef}{mark} p50 / p95", f"{h50:.2f} / {h95:.2f}", "ms")
        report("index", f"{label}: HNSW ef={ef}{mark} recall@10 vs flat", float(np.mean(recall)))
    print(" " * 60, file=sys.stderr, end="\r")
    report("index", f"{label}: auto picks", choose_kind(n))


def run(sizes: tuple[int, ...] = (10_000, 100_000)) -> None:
    for n in sizes:
        measure(n)


def run_scale() -> None:
    run((1_000_000,))
