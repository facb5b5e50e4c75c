"""Paragraph chunking: whole paragraphs merged or split to a target size, never across a
section heading, so each chunk reads as a passage and knows which section it came from.

Units are paragraphs and block quotations (a quotation is part of the passage that cites it;
its span says it is not the author's own text). Footnote bodies, captions and pages are not
chunked: footnotes sit after the body, and a chunk is one contiguous range of the text."""

from __future__ import annotations

from counterpoint.corpus.ids import span_id
from counterpoint.corpus.models import Chunk, Document, Span
from counterpoint.corpus.sentences import sentence_spans

CHUNK_UNITS = ("paragraph", "quotation")
MIN_WORDS = 120
MAX_WORDS = 300


def _words(text: str) -> int:
    return len(text.split())


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split an over-long paragraph at sentence boundaries into pieces of <= MAX_WORDS (a
    single sentence longer than that stays whole)."""
    paragraph = text[start:end]
    if _words(paragraph) <= MAX_WORDS:
        return [(start, start + len(paragraph.rstrip()))]
    pieces: list[tuple[int, int]] = []
    piece: tuple[int, int] | None = None
    for s, e in sentence_spans(text, start, end):
        if piece is None:
            piece = (s, e)
        elif _words(text[piece[0] : e]) > MAX_WORDS:
            pieces.append(piece)
            piece = (s, e)
        else:
            piece = (piece[0], e)
    return [*pieces, piece] if piece is not None else []


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
