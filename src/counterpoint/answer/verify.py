"""The grounding check every quote passes before anyone sees it.

A quote is re-read from the canonical text at its offsets, and that read is checked against
what ingest stored independently of the text in hand: the document's content hash (so the
text is the canonical text, unaltered since ingest) and the cited chunk's own stored text
(so the offsets fall inside the chunk the citation names and agree with it).
"""

from __future__ import annotations

from counterpoint.answer.evidence import Sentence
from counterpoint.answer.models import Citation
from counterpoint.corpus.ids import content_hash
from counterpoint.errors import GroundingError


def quote_of(sentence: Sentence) -> str:
    """`doc.text[start:end]` of a candidate quote; GroundingError unless it is stored text."""
    doc, chunk = sentence.evidence.doc, sentence.evidence.chunk
    start, end = sentence.start, sentence.end
    if content_hash(doc.text) != doc.content_hash:
        raise GroundingError(f"the text of {doc.doc_id} does not match its stored hash")
    if chunk.doc_id != doc.doc_id or not chunk.start <= start < end <= chunk.end:
        raise GroundingError(
            f"quote [{start}:{end}] of {doc.doc_id} lies outside its chunk "
            f"{chunk.chunk_id} [{chunk.start}:{chunk.end}]"
        )
    quote = doc.text[start:end]
    if chunk.text[start - chunk.start : end - chunk.start] != quote:
        raise GroundingError(f"quote does not match chunk {chunk.chunk_id}: {quote[:60]!r}")
    return quote


def is_grounded(sentence: Sentence) -> bool:
    try:
        quote_of(sentence)
    except GroundingError:
        return False
    return True


def verify_quote(text: str, start: int, end: int, quote: str) -> None:
    if not (0 <= start < end <= len(text)) or text[start:end] != quote:
        raise GroundingError(f"quote does not match text[{start}:{end}]: {quote[:60]!r}")


def verified(citations: list[Citation], texts: dict[str, str]) -> list[Citation]:
    """Return the citations only if every one is exactly its document's text at its offsets."""
    for c in citations:
        verify_quote(texts[c.doc_id], c.start, c.end, c.quote)
    return citations
