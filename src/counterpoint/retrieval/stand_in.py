"""Embedders with no model, for benchmarks and tests that measure everything but embedding.

A scale benchmark that builds a 100k-chunk corpus, or a crash test that ingests in a child
process, needs vectors that are deterministic (the same text gives the same vector in any
batch and any process) and nearly free. These two are written once here so every bench and
test uses the same stand-ins; the product never selects them on its own.
"""

from __future__ import annotations

import hashlib

import numpy as np

from counterpoint.retrieval.base import Vectors


def _unit_rows(vecs: np.ndarray) -> Vectors:
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return (vecs / np.where(norms == 0, 1.0, norms)).astype(np.float32)


class HashEmbedder:
    """Unit vectors from each text's SHAKE-256 digest: unrelated texts are near-orthogonal,
    one digest per text (no per-text random generator) so that it costs next to nothing."""

    def __init__(self, dim: int = 384, name: str = "hash-embedder") -> None:
        self.dim = dim
        self.name = name

    def embed_batch(self, texts: list[str]) -> Vectors:
        digests = b"".join(hashlib.shake_256(t.encode()).digest(self.dim) for t in texts)
        raw = np.frombuffer(digests, dtype=np.uint8).reshape(len(texts), self.dim)
        return _unit_rows(raw.astype(np.float32) - 127.5)


class BagOfWordsEmbedder:
    """Unit vectors from hashed lower-cased words, signs from the hash too: texts that share
    words get similar vectors, so claim matching and link candidates behave like a model's."""

    def __init__(self, dim: int = 384, name: str = "bag-of-words") -> None:
        self.dim = dim
        self.name = name

    def embed_batch(self, texts: list[str]) -> Vectors:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "big")
                out[i, h % self.dim] += 1.0 if (h >> 16) & 1 else -1.0
        return _unit_rows(out)
