"""Lexical retrieval with bm25s: catches the exact words (names, numbers, jargon) that a small
embedding model blurs. Derived from the graph like the vector index: rebuilt whenever the set
of document versions changes, and persisted beside FAISS so a warm start does not re-tokenise.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


class Tokenizer:
    """Lower-case words of 2+ characters, English stop words removed, Snowball-stemmed."""

    def __init__(self) -> None:
        from bm25s.stopwords import STOPWORDS_EN

        self._stop = set(STOPWORDS_EN)
        self._stem = _stemmer()

    def __call__(self, text: str) -> list[str]:
        words = [w for w in _TOKEN.findall(text.lower()) if w not in self._stop]
        return list(self._stem.stemWords(words))


class LexicalIndex:
    """BM25 over chunk texts, keyed by chunk id; `search` may be restricted to a subset."""

    def __init__(self, model: Any, ids: list[str], tokenizer: Tokenizer | None = None) -> None:
        self._model = model
        self._ids = ids
        self._pos = {cid: i for i, cid in enumerate(ids)}
        self._tok = tokenizer or Tokenizer()

    @classmethod
    def build(cls, ids: list[str], texts: Iterable[str]) -> LexicalIndex:
        import bm25s

        tok = Tokenizer()
        model = bm25s.BM25()
        corpus = [tok(t) for t in texts]
        if corpus:
            model.index(corpus, show_progress=False)
        return cls(model, list(ids), tok)

    def __len__(self) -> int:
        return len(self._ids)

    def search(
        self, query: str, k: int, allowed: set[str] | None = None
    ) -> list[tuple[str, float]]:
        """Top-k chunk ids by BM25; chunks with no query term never appear (score 0)."""
        tokens = self._tok(query)
        if not self._ids or not tokens:
            return []
        scores = np.asarray(self._model.get_scores(tokens), dtype=np.float32)
        if allowed is not None:
            mask = np.zeros(len(self._ids), dtype=bool)
            mask[[self._pos[c] for c in allowed if c in self._pos]] = True
            scores = np.where(mask, scores, 0.0)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self._ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def save(self, folder: Path) -> None:
        """Written to a temporary folder, then swapped in, so a crash never leaves half."""
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self._ids:
            self._model.save(str(tmp), show_progress=False)
        (tmp / "ids.json").write_text(json.dumps(self._ids))
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            os.replace(folder, old)
        os.replace(tmp, folder)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        import bm25s

        ids = json.loads((folder / "ids.json").read_text())
        model = bm25s.BM25.load(str(folder)) if ids else bm25s.BM25()
        return cls(model, ids)
