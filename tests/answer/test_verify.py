"""Quotes are checked against what ingest stored, not against themselves: the document's
content hash and the cited chunk's own text."""

from __future__ import annotations

from dataclasses import replace

import pytest

from counterpoint.answer.evidence import Evidence, Sentence
from counterpoint.answer.extractive import to_citation
from counterpoint.answer.verify import is_grounded, quote_of
from counterpoint.corpus.ids import content_hash
from counterpoint.corpus.models import Chunk, Document, Metadata
from counterpoint.errors import GroundingError

TEXT = "Brand moats are not built quickly.\n\nSwitching costs are the moat that holds."


def _sentence(
    start: int, end: int, doc: Document | None = None, chunk: Chunk | None = None
) -> Sentence:
    doc = doc or Document("d", Metadata("T", ("A",)), TEXT, content_hash(TEXT), "d.md")
    cut = TEXT.index("\n\n")
    chunk = chunk or Chunk("ch-1", "d", 0, cut, TEXT[:cut])
    return Sentence(Evidence(chunk, doc, 1.0), start, end, 0.9)


def test_a_quote_inside_its_stored_chunk_is_cited() -> None:
    s = _sentence(0, 11)
    assert quote_of(s) == "Brand moats"
    c = to_citation(1, s)
    assert (c.quote, c.chunk_id, c.start, c.end) == ("Brand moats", "ch-1", 0, 11)


def test_text_changed_since_ingest_is_refused() -> None:
    s = _sentence(0, 11)
    altered = replace(s.evidence.doc, text=TEXT.replace("not", "now"))
    with pytest.raises(GroundingError, match="stored hash"):
        quote_of(_sentence(0, 11, doc=altered))


def test_offsets_outside_the_cited_chunk_are_refused() -> None:
    start = TEXT.index("Switching")
    with pytest.raises(GroundingError, match="outside its chunk"):
        to_citation(1, _sentence(start, start + 15))
    assert not is_grounded(_sentence(20, 40))


def test_a_chunk_that_disagrees_with_the_text_is_refused() -> None:
    cut = TEXT.index("\n\n")
    stale = Chunk("ch-1", "d", 0, cut, "Brand moots are not built quickly.")
    with pytest.raises(GroundingError, match="does not match chunk"):
        quote_of(_sentence(0, 11, chunk=stale))


def test_a_quote_leaves_out_the_essays_own_footnote_markers_at_its_end() -> None:
    """ "… monthly users.[2]" quoted beside our own citation [1] reads as if it cited our
    [2]: the quote ends before the essay's trailing markers and is still exact text; a
    marker inside the quote stays, and a span that is nothing but a marker is left alone."""
    text = "Ferries carry most freight.[3] Tolls[4] rose twice. [5]"
    doc = Document("d", Metadata("Ferries"), text, content_hash(text), "d.md")
    ev = Evidence(chunk=Chunk("d#0", "d", 0, len(text), text), doc=doc, score=1.0)
    first = to_citation(1, Sentence(ev, 0, 30, 1.0))
    assert first.quote == "Ferries carry most freight."
    assert text[first.start : first.end] == first.quote
    second = to_citation(2, Sentence(ev, 31, len(text), 1.0))
    assert second.quote == "Tolls[4] rose twice."
    assert to_citation(3, Sentence(ev, len(text) - 3, len(text), 1.0)).quote == "[5]"
