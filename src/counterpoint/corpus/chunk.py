"""Paragraph chunking: whole paragraphs merged or split to a target size, never across a
section heading, so each chunk reads as a passage and knows which section it came from.

Units are paragraphs and block quotations (a quotation is part of the passage that cites it;
its span says it is not the author's own text). Footnote bodies, captions and pages are not
chunked: footnotes sit after the body, and a chunk is one contiguous range of the text."""

from __future__ import annotations

import itertools
import re

from counterpoint.corpus.ids import span_id
from counterpoint.corpus.models import Chunk, Document, Span

CHUNK_UNITS = ("paragraph", "quotation")
MIN_WORDS = 120
MAX_WORDS = 300
_SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"(])")


def _words(text: str) -> int:
    return len(text.split())


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split an over-long paragraph at sentence boundaries into pieces of <= MAX_WORDS."""
    cuts = [start] + [start + m.end() for m in _SENTENCE_END.finditer(text[start:end])] + [end]
    pieces: list[tuple[int, int]] = []
    piece_start = start
    for prev, cut in itertools.pairwise(cuts):
        if _words(text[piece_start:cut]) > MAX_WORDS and prev > piece_start:
            pieces.append((piece_start, prev))
            piece_start = prev
    pieces.append((piece_start, end))
    return [(s, e - (len(text[s:e]) - len(text[s:e].rstrip()))) for s, e in pieces]


def _sections(doc: Document) -> list[tuple[str | None, list[Span]]]:
    sections: list[tuple[str | None, list[Span]]] = [(None, [])]
    for span in doc.spans:
        if span.kind == "heading":
            sections.append((doc.text[span.start : span.end], []))
        elif span.kind in CHUNK_UNITS:
            sections[-1][1].append(span)
    return [s for s in sections if s[1]]


def chunk_document(doc: Document) -> list[Chunk]:
    """Greedy merge of consecutive paragraphs until MIN_WORDS, splitting any above MAX_WORDS."""
    text = doc.text
    ranges: list[tuple[int, int, str | None]] = []
    for title, paragraphs in _sections(doc):
        current: tuple[int, int] | None = None
        for para in paragraphs:
            for s, e in _split_long(text, para.start, para.end):
                if current is None:
                    current = (s, e)
                elif (
                    _words(text[current[0] : current[1]]) < MIN_WORDS
                    and _words(text[current[0] : e]) <= MAX_WORDS
                ):
                    current = (current[0], e)
                else:
                    ranges.append((*current, title))
                    current = (s, e)
        if current is not None:
            ranges.append((*current, title))
    return [
        Chunk(
            chunk_id=span_id(doc.doc_id, doc.content_hash, s, e),
            doc_id=doc.doc_id,
            start=s,
            end=e,
            text=text[s:e],
            section=title,
        )
        for s, e, title in ranges
    ]
