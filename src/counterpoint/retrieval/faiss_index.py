"""FAISS indexes behind the small `VectorIndex` protocol, with a string id map beside them.

Flat is exact and fast enough for every corpus this tool meets (`make bench` times it at 100k).
HNSW and IVF trade a little recall for speed on larger corpora; `choose_kind` picks IVF above
`AUTO_ANN_ABOVE` unless the settings name a kind. Measured at 1M clustered vectors on 2 cores
(`make bench-scale`, loaded machine): HNSW (M=32) recall@10 0.79 at efSearch 64 and only 0.89
at 512, built in 830 s; IVF (4·sqrt(n) lists, 16-64 probed) recall@10 1.000 at p95 9-15 ms,
trained and filled in ~330 s. All three search by inner product on normalised vectors.

Rows carry stable 63-bit labels derived from the chunk id (FAISS `IndexIDMap2`), so one
document's chunks are added or removed without touching the rest: the incremental ingest of
issue 15. HNSW cannot delete from its graph, so its removed labels are kept as tombstones and
skipped at search (the index is rebuilt from the vector files when it changes kind).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from counterpoint.crashpoints import crash_point
from counterpoint.errors import UsageError
from counterpoint.retrieval.base import Vectors

KINDS = ("flat", "hnsw", "ivf")
AUTO_ANN_ABOVE = 200_000  # exact flat search stays fast below this (`make bench`: 100k chunks)
# An IVF index goes back to flat only below this: a corpus that hovers around the threshold
# (adds and removes a few documents at a time) must not rebuild its index on every crossing.
AUTO_FLAT_BELOW = 150_000
HNSW_M = 32
HNSW_EF_SEARCH = 64
# One question is searched on one thread: FAISS parallelises a single query with OpenMP, whose
# threads spin-wait on a busy machine. Measured on a loaded 2-core box, 10k flat vectors:
# p50 64 ms with 2 threads, 0.6 ms with 1. Builds (adding vectors) keep every thread.
SEARCH_THREADS = 1


def choose_kind(n: int, setting: str = "auto", current: str | None = None) -> str:
    """The index kind for n vectors. `current` is the kind the workspace holds now: under
    `auto` it is kept while n stays between AUTO_FLAT_BELOW and AUTO_ANN_ABOVE (hysteresis)."""
    if setting == "auto":
        if current == "ivf" and n >= AUTO_FLAT_BELOW:
            return "ivf"
        return "ivf" if n > AUTO_ANN_ABOVE else "flat"
    if setting not in KINDS:
        raise UsageError(f"unknown vector index {setting!r}: use auto, {', '.join(KINDS)}")
    return setting


def ivf_nprobe(nlist: int) -> int:
    """Lists an IVF search visits: ~1.5% of them, at least 16. At 1M vectors (4,000 lists)
    that is 62: recall@10 1.000 against flat at p95 15 ms on a loaded 2-core machine, where
    the former nlist/8 (500 lists) scanned an eighth of the corpus per question."""
    return max(1, min(nlist, max(16, nlist // 64)))


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
        index.nprobe = ivf_nprobe(nlist)
        return index
    raise UsageError(f"unknown vector index {kind!r}")


def label_of(chunk_id: str) -> int:
    """A stable, non-negative 63-bit FAISS label for a chunk id: the same in every build."""
    return int.from_bytes(hashlib.blake2b(chunk_id.encode(), digest_size=8).digest(), "big") >> 1


class FaissIndex:
    """Any FAISS index under an `IndexIDMap2`, plus the chunk id of each label."""

    kind = "flat"

    def __init__(self, dim: int, n_hint: int = 0, raw: Any = None) -> None:
        self.dim = dim
        # the inner index is kept referenced: the SWIG wrapper does not own it
        self._inner: Any = None
        self._index: Any = raw
        if raw is None:
            self._inner = _new_faiss(self.kind, dim, n_hint)
            self._index = faiss.IndexIDMap2(self._inner)
        self._ids: dict[int, str] = {}  # label -> chunk id, live rows in insertion order
        self._labels: dict[str, int] = {}  # chunk id -> label
        self._tombstones: set[int] = set()  # HNSW rows removed but still in its graph

    def add(self, ids: list[str], vectors: Vectors) -> None:
        """Add rows; a chunk id already present is replaced."""
        if len(ids) != len(vectors):
            raise ValueError("ids and vectors differ in length")
        if not len(ids):
            return
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate chunk ids in one FAISS add")
        self.remove([i for i in ids if i in self._labels])
        vecs = np.ascontiguousarray(vectors, dtype=np.float32)
        labels = np.array([self._free_label(i) for i in ids], dtype=np.int64)
        if not self._index.is_trained:
            self._index.train(vecs)
        self._index.add_with_ids(vecs, labels)
        for label, cid in zip(labels.tolist(), ids, strict=True):
            self._ids[label] = cid
            self._labels[cid] = label

    def _free_label(self, chunk_id: str) -> int:
        """`label_of(chunk_id)`, unless an HNSW tombstone holds it (the chunk was removed and is
        added again): then a label derived from the id and a generation number."""
        label, generation = label_of(chunk_id), 0
        while label in self._tombstones or label in self._ids:
            generation += 1
            label = label_of(f"{chunk_id}\x00{generation}")
        return label

    def remove(self, ids: list[str]) -> None:
        """Drop rows by chunk id (unknown ids are ignored)."""
        labels = [self._labels.pop(i) for i in ids if i in self._labels]
        if not labels:
            return
        for lb in labels:
            del self._ids[lb]
        if self.kind == "hnsw":
            self._tombstones.update(labels)
        else:
            self._index.remove_ids(np.array(labels, dtype=np.int64))

    def search(self, query: Vectors, k: int) -> list[tuple[str, float]]:
        """Top-k (chunk id, cosine), best first; equal scores in chunk-id order, so the result
        does not depend on the order rows were added in."""
        if not self._ids:
            return []
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        want = min(k + len(self._tombstones), self._index.ntotal)
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(SEARCH_THREADS)
        try:
            scores, labels = self._index.search(q, want)
        finally:
            faiss.omp_set_num_threads(threads)
        hits = [
            (self._ids[int(lb)], float(s))
            for s, lb in zip(scores[0], labels[0], strict=True)
            if lb >= 0 and int(lb) in self._ids
        ]
        return sorted(hits, key=lambda h: (-h[1], h[0]))[:k]

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> list[str]:
        return list(self._ids.values())

    def save(self, path: Path) -> None:
        """Write index and id map under temporary names, then rename: never a torn pair."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp_index = path.with_suffix(".faiss.tmp")
        tmp_ids = path.with_suffix(".ids.tmp")
        faiss.write_index(self._index, str(tmp_index))
        tmp_ids.write_text(
            json.dumps(
                {
                    "ids": list(self._ids.values()),
                    "labels": list(self._ids),
                    "tombstones": sorted(self._tombstones),
                }
            )
        )
        os.replace(tmp_index, path.with_suffix(".faiss"))
        crash_point("save:faiss-pair")  # new index beside the old id map: load() refuses it
        os.replace(tmp_ids, path.with_suffix(".ids.json"))

    @classmethod
    def load(cls, path: Path) -> FaissIndex:
        """Raises ValueError for a torn pair or an index from before labels (rebuilt)."""
        index: Any = faiss.read_index(str(path.with_suffix(".faiss")))
        listing = json.loads(path.with_suffix(".ids.json").read_text())
        if not isinstance(listing, dict) or "IDMap" not in type(index).__name__:
            raise ValueError(f"{path}: index written before stable labels; rebuild it")
        ids, tombstones = list(listing["ids"]), set(listing["tombstones"])
        if index.ntotal != len(ids) + len(tombstones):
            raise ValueError(f"{path}: index has {index.ntotal} vectors but {len(ids)} ids")
        # Same count is not the same pair (a re-ingested essay with as many chunks): the
        # index's own labels must be exactly the listing's.
        held = np.sort(faiss.vector_to_array(index.id_map))
        listed = np.sort(np.array([*listing["labels"], *tombstones], dtype=np.int64))
        if not np.array_equal(held, listed):
            raise ValueError(f"{path}: index and id map are from different saves")
        inner: Any = faiss.downcast_index(index.index)
        name = type(inner).__name__
        kind = "hnsw" if "HNSW" in name else "ivf" if "IVF" in name else "flat"
        obj = INDEX_CLASSES[kind](index.d, raw=index)
        if kind == "hnsw":
            inner.hnsw.efSearch = HNSW_EF_SEARCH
        elif kind == "ivf":
            inner.nprobe = ivf_nprobe(int(inner.nlist))
        obj._ids = dict(zip((int(lb) for lb in listing["labels"]), ids, strict=True))
        obj._labels = {cid: lb for lb, cid in obj._ids.items()}
        obj._tombstones = tombstones
        return obj


class FlatIndex(FaissIndex):
    """Exact search: never wrong, and fast enough below a few hundred thousand chunks."""

    kind = "flat"


class HNSWIndex(FaissIndex):
    """Graph search: far faster than flat at large sizes, near-exact on clustered embeddings
    (tests/retrieval/test_indexes.py holds its recall floor)."""

    kind = "hnsw"

    @property
    def ef_search(self) -> int:
        """How many candidates a search visits: recall against latency (`make bench-scale`
        sweeps it at 1M vectors)."""
        inner: Any = faiss.downcast_index(self._index.index)
        return int(inner.hnsw.efSearch)

    @ef_search.setter
    def ef_search(self, ef: int) -> None:
        inner: Any = faiss.downcast_index(self._index.index)
        inner.hnsw.efSearch = ef


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
