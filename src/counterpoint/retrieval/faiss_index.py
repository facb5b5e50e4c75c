"""FAISS indexes behind the small `VectorIndex` protocol, with a string id map beside them.

Flat is exact and fast enough for every corpus this tool meets (`make bench` times it at 100k).
HNSW and IVF trade a little recall for speed on larger corpora; `choose_kind` picks one by
size unless the settings name one. All three search by inner product on normalised vectors.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from counterpoint.errors import UsageError
from counterpoint.retrieval.base import Vectors

KINDS = ("flat", "hnsw", "ivf")
AUTO_HNSW_ABOVE = 200_000  # exact flat search stays fast below this (`make bench`: 100k chunks)
HNSW_M = 32
HNSW_EF_SEARCH = 64
# One question is searched on one thread: FAISS parallelises a single query with OpenMP, whose
# threads spin-wait on a busy machine. Measured on a loaded 2-core box, 10k flat vectors:
# p50 64 ms with 2 threads, 0.6 ms with 1. Builds (adding vectors) keep every thread.
SEARCH_THREADS = 1


def choose_kind(n: int, setting: str = "auto") -> str:
    if setting == "auto":
        return "hnsw" if n > AUTO_HNSW_ABOVE else "flat"
    if setting not in KINDS:
        raise UsageError(f"unknown vector index {setting!r}: use auto, {', '.join(KINDS)}")
    return setting


def _new_faiss(kind: str, dim: int, n: int) -> Any:
    if kind == "flat":
        return faiss.IndexFlatIP(dim)
    if kind == "hnsw":
        hnsw = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efSearch = HNSW_EF_SEARCH
        return hnsw
    if kind == "ivf":
        # ~4·sqrt(n) lists, but never more than training allows (39 points per list).
        nlist = max(1, min(int(4 * math.sqrt(max(n, 1))), max(1, n // 39)))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        index.nprobe = max(1, min(nlist, max(8, nlist // 8)))
        return index
    raise UsageError(f"unknown vector index {kind!r}")


class FaissIndex:
    """Any FAISS index plus the chunk ids of its rows (row i ↔ ids[i])."""

    kind = "flat"

    def __init__(self, dim: int, n_hint: int = 0, raw: Any = None) -> None:
        self.dim = dim
        self._index = raw if raw is not None else _new_faiss(self.kind, dim, n_hint)
        self._ids: list[str] = []

    def add(self, ids: list[str], vectors: Vectors) -> None:
        if len(ids) != len(vectors):
            raise ValueError("ids and vectors differ in length")
        if not len(ids):
            return
        vecs = np.ascontiguousarray(vectors, dtype=np.float32)
        if not self._index.is_trained:
            self._index.train(vecs)
        self._index.add(vecs)
        self._ids.extend(ids)

    def search(self, query: Vectors, k: int) -> list[tuple[str, float]]:
        if not self._ids:
            return []
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(SEARCH_THREADS)
        try:
            scores, idx = self._index.search(q, min(k, len(self._ids)))
        finally:
            faiss.omp_set_num_threads(threads)
        return [(self._ids[i], float(s)) for s, i in zip(scores[0], idx[0], strict=True) if i >= 0]

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> list[str]:
        return list(self._ids)

    def save(self, path: Path) -> None:
        """Write index and id map under temporary names, then rename: never a torn pair."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp_index = path.with_suffix(".faiss.tmp")
        tmp_ids = path.with_suffix(".ids.tmp")
        faiss.write_index(self._index, str(tmp_index))
        tmp_ids.write_text(json.dumps(self._ids))
        os.replace(tmp_index, path.with_suffix(".faiss"))
        os.replace(tmp_ids, path.with_suffix(".ids.json"))

    @classmethod
    def load(cls, path: Path) -> FaissIndex:
        index = faiss.read_index(str(path.with_suffix(".faiss")))
        ids = json.loads(path.with_suffix(".ids.json").read_text())
        if index.ntotal != len(ids):
            raise ValueError(f"{path}: index has {index.ntotal} vectors but {len(ids)} ids")
        kind = "hnsw" if "HNSW" in type(index).__name__ else "flat"
        if "IVF" in type(index).__name__:
            kind = "ivf"
        obj = INDEX_CLASSES[kind](index.d, raw=index)
        if kind == "hnsw":
            downcast: Any = faiss.downcast_index(index)
            downcast.hnsw.efSearch = HNSW_EF_SEARCH
        obj._ids = ids
        return obj


class FlatIndex(FaissIndex):
    """Exact search: never wrong, and fast enough below a few hundred thousand chunks."""

    kind = "flat"


class HNSWIndex(FaissIndex):
    """Graph search: far faster than flat at large sizes, near-exact on clustered embeddings
    (tests/retrieval/test_indexes.py holds its recall floor)."""

    kind = "hnsw"


class IVFIndex(FaissIndex):
    """Inverted lists: trained on the vectors it is built from; probes a fraction of lists."""

    kind = "ivf"


INDEX_CLASSES: dict[str, type[FaissIndex]] = {
    "flat": FlatIndex,
    "hnsw": HNSWIndex,
    "ivf": IVFIndex,
}


def make_index(dim: int, n: int, setting: str = "auto") -> FaissIndex:
    kind = choose_kind(n, setting)
    return INDEX_CLASSES[kind](dim, n_hint=n)
