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

Under xdist the two workers also share what they computed through `shared`, a folder of one
file per text (written whole, then renamed into place), so an essay set one worker embedded
is read back by the other instead of embedded again.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from counterpoint.retrieval.base import Vectors
from counterpoint.retrieval.embedder import SentenceTransformerEmbedder


class MemoEmbedder(SentenceTransformerEmbedder):
    def __init__(self, shared: Path | None = None) -> None:
        super().__init__()
        self._memo: dict[str, np.ndarray] = {}
        self.shared = shared
        if shared is not None:
            shared.mkdir(parents=True, exist_ok=True)

    def embed_batch(self, texts: list[str]) -> Vectors:
        missing = [t for t in dict.fromkeys(texts) if t not in self._memo]
        if missing and self.shared is not None:
            for t in missing:
                path = self._file(t)
                if path.exists():
                    self._memo[t] = np.load(path)
            missing = [t for t in missing if t not in self._memo]
        if missing:
            vectors = super().embed_batch(missing)
            self._memo.update(zip(missing, vectors, strict=True))
            if self.shared is not None:
                for t, v in zip(missing, vectors, strict=True):
                    self._write(t, v)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._memo[t] for t in texts])

    def uncached(self, texts: list[str]) -> Vectors:
        """The model run on these texts now, as the application runs it."""
        return super().embed_batch(texts)

    def _file(self, text: str) -> Path:
        assert self.shared is not None
        return self.shared / f"{hashlib.sha256(text.encode()).hexdigest()[:40]}.npy"

    def _write(self, text: str, vector: np.ndarray) -> None:
        path = self._file(text)
        part = path.with_name(f"{path.stem}.{os.getpid()}.part")
        with part.open("wb") as f:
            np.save(f, vector)
        part.replace(path)  # whole or absent: the other worker never reads half a file
