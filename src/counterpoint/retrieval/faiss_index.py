"""Exact inner-product search (FAISS IndexFlatIP) with a string id map beside it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import faiss
import numpy as np

from counterpoint.retrieval.base import Vectors


class FlatIndex:
    """Exact search: at our corpus sizes (< 100k chunks) it is fast enough and never wrong."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._index = faiss.IndexFlatIP(dim)
        self._ids: list[str] = []

    def add(self, ids: list[str], vectors: Vectors) -> None:
        if len(ids) != len(vectors):
            raise ValueError("ids and vectors differ in length")
        if len(ids):
            self._index.add(np.ascontiguousarray(vectors, dtype=np.float32))
            self._ids.extend(ids)

    def search(self, query: Vectors, k: int) -> list[tuple[str, float]]:
        if not self._ids:
            return []
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        scores, idx = self._index.search(q, min(k, len(self._ids)))
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
    def load(cls, path: Path) -> FlatIndex:
        index = faiss.read_index(str(path.with_suffix(".faiss")))
        ids = json.loads(path.with_suffix(".ids.json").read_text())
        if index.ntotal != len(ids):
            raise ValueError(f"{path}: index has {index.ntotal} vectors but {len(ids)} ids")
        obj = cls(index.d)
        obj._index = index
        obj._ids = ids
        return obj
