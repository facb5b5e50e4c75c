"""Small interfaces so embedders and vector indexes plug in by name (Flat today; HNSW/IVF later)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]
# What the argument extractors need of a model: texts in, unit vectors out (an `embed_batch`).
Embed = Callable[[list[str]], Vectors]


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors (so inner product = cosine)."""

    dim: int
    name: str

    def embed_batch(self, texts: list[str]) -> Vectors: ...


@runtime_checkable
class LateEmbedder(Embedder, Protocol):
    """An embedder that also pools sentence vectors from the chunk's own pass
    (`late_chunking.py`): spans are character offsets in each text; None for a sentence the
    model did not read to its end."""

    def embed_late(
        self, texts: list[str], spans: list[list[tuple[int, int]]]
    ) -> tuple[Vectors, list[list[Vectors | None]]]: ...


class VectorIndex(Protocol):
    """Nearest neighbours by inner product over normalised vectors, keyed by string ids."""

    def add(self, ids: list[str], vectors: Vectors) -> None: ...

    def search(self, query: Vectors, k: int) -> list[tuple[str, float]]: ...

    def __len__(self) -> int: ...

    def save(self, path: Path) -> None: ...


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk and its score (cosine for dense, fused score for hybrid)."""

    chunk_id: str
    score: float


class QueryCachedEmbedder:
    """Remembers the vectors of recent single texts: one question is embedded once per ask,
    though retrieval, sentence ranking and challenge targeting all need it."""

    def __init__(self, inner: Embedder, size: int = 64) -> None:
        self.inner = inner
        self.dim = inner.dim
        self.name = inner.name
        self._size = size
        self._cache: dict[str, Vectors] = {}

    def embed_batch(self, texts: list[str]) -> Vectors:
        if len(texts) != 1:
            return self.inner.embed_batch(texts)
        hit = self._cache.get(texts[0])
        if hit is None:
            hit = self.inner.embed_batch(texts)
            if len(self._cache) >= self._size:
                self._cache.pop(next(iter(self._cache)))
            self._cache[texts[0]] = hit
        return hit
