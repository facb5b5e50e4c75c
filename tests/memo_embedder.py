"""The packaged embedding model, its vectors remembered by text for one test session.

Why: the suite ingests the same essays many times (the bundled corpus in the session
workspace and in many tests of their own, the held-out essays in the argument and answer
floor modules), and the model pass is ~95% of an ingest (73 of 77 s for the answer set's
seventeen essays on one thread). Remembering a text's vector makes each later ingest of the
same text cost only what is ours (cleaning, extraction, the graph, the indexes), which is
what the tests exercise. The vectors are the real model's: a text's vector does not depend on
the other texts of its batch beyond float rounding (tests/retrieval/test_batching.py checks
that on `uncached`, which skips the memory). Tests that count or record model calls wrap
`embed_batch` from outside, so they still see every call the code makes.
"""

from __future__ import annotations

import numpy as np

from counterpoint.retrieval.base import Vectors
from counterpoint.retrieval.embedder import SentenceTransformerEmbedder


class MemoEmbedder(SentenceTransformerEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self._memo: dict[str, np.ndarray] = {}

    def embed_batch(self, texts: list[str]) -> Vectors:
        missing = [t for t in dict.fromkeys(texts) if t not in self._memo]
        if missing:
            self._memo.update(zip(missing, super().embed_batch(missing), strict=True))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._memo[t] for t in texts])

    def uncached(self, texts: list[str]) -> Vectors:
        """The model run on these texts now, as the application runs it."""
        return super().embed_batch(texts)
