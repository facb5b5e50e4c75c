"""Vector index by size: FAISS flat (exact) against HNSW on clustered synthetic 384-dim unit
vectors (random ones are the worst case for HNSW and unlike embeddings, see facts.md): build
time, search p50/p95 and HNSW's recall@10 against flat, plus what `auto` picks at each size.
`make bench` runs 10k and 100k; `make bench-scale` adds 1M (1.5 GB of vectors; progress on
stderr, generation and build bounded to chunks of 100k rows).
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np

from bench.common import percentiles, report

DIM = 384
QUERIES = 200
CHUNK = 100_000
EF_SWEEP = (64, 128, 256, 512)  # HNSW search breadth: recall against latency
NPROBE_SWEEP = (16, 32, 64, 128)  # IVF lists visited per search


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


def _sweep(
    label: str, name: str, queries: np.ndarray, truth: list[set[str]], index, settings
) -> None:  # type: ignore[no-untyped-def]
    """p50/p95 and recall@10 against flat for each search breadth in `settings`."""
    for value, apply, is_default in settings:
        apply(value)
        ms, recall = [], []
        for q, want in zip(queries, truth, strict=True):
            t0 = time.perf_counter()
            got = {c for c, _ in index.search(q, 10)}
            ms.append((time.perf_counter() - t0) * 1000)
            recall.append(len(want & got) / 10)
        p50, p95 = percentiles(ms)
        mark = " (default)" if is_default else ""
        report("index", f"{label}: {name}={value}{mark} p50 / p95", f"{p50:.2f} / {p95:.2f}", "ms")
        report("index", f"{label}: {name}={value}{mark} recall@10 vs flat", float(np.mean(recall)))


def measure(n: int, seed: int = 0, hnsw_too: bool = True) -> None:
    """Flat (the truth), IVF (what `auto` picks above its threshold) and optionally HNSW."""
    import faiss

    from counterpoint.retrieval.faiss_index import HNSWIndex, choose_kind, ivf_nprobe, make_index

    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(max(200, n // 500), DIM))
    vecs = _vectors(n, rng, centres)
    queries = _vectors(QUERIES, rng, centres)
    label = f"{n // 1000}k" if n < 1_000_000 else f"{n // 1_000_000}M"
    flat = make_index(DIM, n, "flat")
    flat_s = _add(flat, vecs)
    f_ms, truth = [], []
    for q in queries:
        t0 = time.perf_counter()
        truth.append({c for c, _ in flat.search(q, 10)})
        f_ms.append((time.perf_counter() - t0) * 1000)
    f50, f95 = percentiles(f_ms)
    report("index", f"{label}: flat build", flat_s, "s")
    report("index", f"{label}: flat p50 / p95", f"{f50:.2f} / {f95:.2f}", "ms")
    del flat
    # IVF trains on what it is first given: all rows at once, as a rebuild does
    ivf = make_index(DIM, n, "ivf")
    t0 = time.perf_counter()
    ivf.add([f"c{i}" for i in range(n)], vecs)
    report("index", f"{label}: IVF train + add", time.perf_counter() - t0, "s")
    inner = faiss.downcast_index(ivf._index.index)
    default_probe = ivf_nprobe(int(inner.nlist))

    def set_probe(v: int) -> None:
        inner.nprobe = v

    probes = sorted({default_probe, *NPROBE_SWEEP})
    _sweep(
        label,
        "IVF nprobe",
        queries,
        truth,
        ivf,
        [(p, set_probe, p == default_probe) for p in probes],
    )
    del ivf
    if hnsw_too:
        hnsw = make_index(DIM, n, "hnsw")
        assert isinstance(hnsw, HNSWIndex)
        report("index", f"{label}: HNSW build", _add(hnsw, vecs), "s")
        default_ef = hnsw.ef_search

        def set_ef(v: int) -> None:
            hnsw.ef_search = v

        efs = sorted({default_ef, *EF_SWEEP})
        _sweep(label, "HNSW ef", queries, truth, hnsw, [(e, set_ef, e == default_ef) for e in efs])
    print(" " * 60, file=sys.stderr, end="\r")
    report("index", f"{label}: auto picks", choose_kind(n))


def run(sizes: tuple[int, ...] = (10_000, 100_000)) -> None:
    for n in sizes:
        measure(n)


def run_scale() -> None:
    """1M: flat and IVF. HNSW's 1M build takes 14 min under load and its recall@10 stayed
    0.79-0.89 (efSearch 64-512; figures in docs/scaling.md): BENCH_HNSW_1M=1 measures it again."""
    measure(1_000_000, hnsw_too=os.environ.get("BENCH_HNSW_1M") == "1")
