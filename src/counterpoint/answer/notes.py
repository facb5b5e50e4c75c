"""Footnote bodies as quotable passages for answers.

The cleaner moves every footnote body to the end of the canonical text, one paragraph each,
shown as "[n] body" (corpus/clean.py), and chunking leaves them out (a chunk is one
contiguous range of the body). So no chunk, no sentence vector and no search hit ever
reached a footnote, and a question about what a footnote says could never be answered or
cited. Here each such paragraph becomes a chunk of its own for answering only: a `Chunk`
whose text is exactly `doc.text[start:end]` of the body after its "[n] " label, so a quote
from it passes the same `text[start:end]` checks as any other. Its sentences are embedded
once per corpus version (a few dozen short sentences), not stored with the search indexes.

A footnote is written to be read beside the body sentence that carries its marker ("… at
scale today.[3]" → "[3] There are efforts … which we are bullish on."): alone it often
says "this" or "here" and names nothing the reader would ask about. So a note sentence is
placed by its own meaning and its referring sentence's together (the normalised sum of the
two vectors), and a question about the body passage finds the note that comments on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from counterpoint.answer.evidence import Evidence
from counterpoint.corpus.models import Chunk, Document
from counterpoint.corpus.sentences import sentence_spans
from counterpoint.retrieval.base import Embedder

if TYPE_CHECKING:
    from counterpoint.answer.sentence_table import SentenceTable

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

    def __init__(
        self,
        chunks: list[Chunk],
        texts: Mapping[str, str],
        table: SentenceTable | None = None,
    ) -> None:
        self.chunks = chunks
        self.rows: list[tuple[int, int, int]] = []  # (chunk index, start, end)
        for i, c in enumerate(chunks):
            for s, e in sentence_spans(texts[c.doc_id], c.start, c.end):
                self.rows.append((i, s, e))
        self._texts = texts
        self._vecs: np.ndarray | None = None
        # Per note chunk: the vector of the body sentence carrying its marker, if found.
        notes_start: dict[str, int] = {}  # where a document's notes begin: its body ends
        for c in chunks:
            notes_start[c.doc_id] = min(notes_start.get(c.doc_id, c.start), c.start)
        self.markers: dict[str, int] = {}  # note chunk id → offset of its marker in the body
        self.numbers: dict[str, int] = {}  # note chunk id → its number ("[3]" → 3)
        for c in chunks:
            label = _LABEL.search(texts[c.doc_id], max(0, c.start - 6), c.start)
            if label is not None:
                self.numbers[c.chunk_id] = int(label.group(1))
            pos = _marker(c, texts[c.doc_id], notes_start[c.doc_id])
            if pos is not None:
                self.markers[c.chunk_id] = pos
        self._refs = [_referrer(c, self.markers.get(c.chunk_id), table) for c in chunks]

    def vectors(self, embedder: Embedder) -> np.ndarray:
        """Each note sentence's vector in its referring sentence's context (unit length)."""
        if self._vecs is None:
            sentences = [self._texts[self.chunks[i].doc_id][s:e] for i, s, e in self.rows]
            vecs = np.asarray(embedder.embed_batch(sentences)) if sentences else np.zeros((0, 1))
            vecs = vecs.astype(np.float32)
            for k, (i, _, _) in enumerate(self.rows):
                ref = self._refs[i]
                if ref is not None and ref.shape == vecs[k].shape:
                    both = vecs[k] + ref
                    vecs[k] = both / (np.linalg.norm(both) or 1.0)
            self._vecs = vecs
        return self._vecs

    def numbered(self, number: int, doc_ids: Iterable[str]) -> list[Chunk]:
        """The note with this number in each of these documents."""
        wanted = set(doc_ids)
        return [
            c for c in self.chunks if c.doc_id in wanted and self.numbers.get(c.chunk_id) == number
        ]

    def span_vectors(self, embedder: Embedder) -> dict[tuple[str, int, int], np.ndarray]:
        """(chunk id, start, end) → contextual vector: what sentence ranking uses for a note
        sentence in place of its bare embedding."""
        vecs = self.vectors(embedder)
        return {(self.chunks[i].chunk_id, s, e): vecs[k] for k, (i, s, e) in enumerate(self.rows)}

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


_LABEL = re.compile(r"\[(\d{1,3})\] $")


def _marker(chunk: Chunk, text: str, body_end: int) -> int | None:
    """Offset of the note's marker ("[n]") in the body: its first occurrence before the
    notes (`body_end`); None when the body never refers to the note."""
    label = _LABEL.search(text, max(0, chunk.start - 6), chunk.start)
    if label is None:
        return None
    pos = text.find(f"[{label.group(1)}]", 0, body_end)
    return pos if pos >= 0 else None


def _referrer(chunk: Chunk, pos: int | None, table: SentenceTable | None) -> np.ndarray | None:
    """The vector of the body sentence that carries the note's marker at `pos` (the marker
    sits in or just after it)."""
    if table is None or pos is None:
        return None
    row = table.row_at(chunk.doc_id, pos)
    if row is None and pos > 0:
        row = table.row_at(chunk.doc_id, pos - 1)
    return None if row is None else np.asarray(table.vecs[row], dtype=np.float32)


def with_referrer_scores(evidence: list[Evidence], notes: NoteTable) -> list[Evidence]:
    """Note passages scored as the retrieved chunk that refers to them: a note is read with
    its body passage, so it is as strong as that passage (0 when it was not retrieved);
    no chunk retrieval ever scores a note on its own."""
    out = []
    for ev in evidence:
        pos = notes.markers.get(ev.chunk.chunk_id)
        if ev.chunk.section == SECTION and pos is not None:
            score = max(
                (
                    x.score
                    for x in evidence
                    if x.chunk.doc_id == ev.chunk.doc_id
                    and x.chunk.section != SECTION
                    and x.chunk.start <= pos < x.chunk.end
                ),
                default=ev.score,
            )
            ev = replace(ev, score=max(ev.score, score))
        out.append(ev)
    return out


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_NAMED_NOTE = re.compile(
    rf"\b(?P<o>{'|'.join(_ORDINALS)}|\d{{1,3}}(?:st|nd|rd|th))\s+foot-?note\b"
    r"|\bfoot-?note\s+\[?(?P<n>\d{1,3})\]?(?!\w)",
    re.I,
)


def named_note(question: str) -> int | None:
    """The number of the footnote a question names ("the first footnote", "footnote 3",
    "the 2nd footnote"), or None."""
    m = _NAMED_NOTE.search(question)
    if m is None:
        return None
    if m.group("n"):
        return int(m.group("n"))
    word = m.group("o").lower()
    return _ORDINALS.index(word) + 1 if word in _ORDINALS else int(word[:-2])
