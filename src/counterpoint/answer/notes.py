"""Footnote bodies as quotable passages for answers.

The cleaner moves every footnote body to the end of the canonical text, one paragraph each,
shown as "[n] body" (corpus/clean.py), and chunking leaves them out (a chunk is one
contiguous range of the body). So no chunk, no sentence vector and no search hit ever
reached a footnote, and a question about what a footnote says could never be answered or
cited. Here each such paragraph becomes a chunk of its own for answering only: a `Chunk`
whose text is exactly `doc.text[start:end]` of the body after its "[n] " label, so a quote
from it passes the same `text[start:end]` checks as any other. Its sentences are embedded
once per corpus version (a few dozen short sentences), not stored with the search indexes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np

from counterpoint.corpus.models import Chunk, Document
from counterpoint.corpus.sentences import sentence_spans
from counterpoint.retrieval.base import Embedder

# A footnote body as the cleaner writes it: its own paragraph, opening with "[n] ".
_NOTE = re.compile(r"(?m)^\[(\d{1,3})\] (?=\S)")
SECTION = "footnotes"


def note_chunks(docs: Mapping[str, Document], chunks: Mapping[str, Chunk]) -> list[Chunk]:
    """Each footnote body after the last chunk of its document, as a chunk of its own. Only
    text after every chunk is read: a "[n]" paragraph inside the body is body text."""
    last_end: dict[str, int] = {}
    for c in chunks.values():
        last_end[c.doc_id] = max(last_end.get(c.doc_id, 0), c.end)
    out: list[Chunk] = []
    for doc_id, doc in sorted(docs.items()):
        if doc_id not in last_end:
            continue
        text = doc.text
        for m in _NOTE.finditer(text, last_end[doc_id]):
            start = m.end()
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                cid = f"{doc_id}#note-{m.group(1)}-{start}"
                out.append(Chunk(cid, doc_id, start, end, text[start:end], SECTION))
    return out


class NoteTable:
    """The footnote chunks' sentences and their vectors, embedded on first use."""

    def __init__(self, chunks: list[Chunk], texts: Mapping[str, str]) -> None:
        self.chunks = chunks
        self.rows: list[tuple[int, int, int]] = []  # (chunk index, start, end)
        for i, c in enumerate(chunks):
            for s, e in sentence_spans(texts[c.doc_id], c.start, c.end):
                self.rows.append((i, s, e))
        self._texts = texts
        self._vecs: np.ndarray | None = None

    def vectors(self, embedder: Embedder) -> np.ndarray:
        if self._vecs is None:
            sentences = [self._texts[self.chunks[i].doc_id][s:e] for i, s, e in self.rows]
            vecs = np.asarray(embedder.embed_batch(sentences)) if sentences else np.zeros((0, 1))
            self._vecs = vecs.astype(np.float32)
        return self._vecs

    def near(
        self, q: np.ndarray, embedder: Embedder, floor: float, allowed: set[str] | None
    ) -> list[Chunk]:
        """Footnote chunks holding a sentence at least `floor` close to the question (the
        n-th best body sentence's similarity, so a note joins the evidence exactly when one
        of its sentences would have ranked among the body's top n), best first."""
        if not self.rows:
            return []
        sims = self.vectors(embedder) @ q
        best: dict[int, float] = {}
        for (i, _, _), sim in zip(self.rows, sims, strict=True):
            if allowed is not None and self.chunks[i].doc_id not in allowed:
                continue
            if sim >= floor and sim > best.get(i, -1.0):
                best[i] = float(sim)
        return [self.chunks[i] for i in sorted(best, key=lambda i: -best[i])]
