"""The one sentence segmenter: exact spans, one abbreviation list, and the same sentences for
every stage that cuts text (chunks, footnote bodies, claims, streamed answers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint.answer.engine import _complete_prefix
from counterpoint.corpus.chunk import MAX_WORDS, chunk_document
from counterpoint.corpus.clean import clean_text
from counterpoint.corpus.loaders import load_file
from counterpoint.corpus.models import Document, Metadata, RawDocument
from counterpoint.corpus.pipeline import make_document
from counterpoint.corpus.sentences import sentence_spans
from counterpoint.kg.extract.text import body_sentences

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _split(text: str, **options: bool) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text, **options)]


def test_abbreviations_do_not_end_a_sentence() -> None:
    text = (
        "Mr. Altman met Dr. Amodei, e.g. at dinner. It was a losing battle vs. OpenAI. "
        "E.g. Meta tried. Latency fell to 10 ms. Then it rose."
    )
    assert _split(text) == [
        "Mr. Altman met Dr. Amodei, e.g. at dinner.",
        "It was a losing battle vs. OpenAI.",
        "E.g. Meta tried.",
        "Latency fell to 10 ms.",
        "Then it rose.",
    ]


def test_a_closing_bracket_after_an_abbreviation_still_ends_the_sentence() -> None:
    assert _split("Labs (OpenAI, Meta, etc.) Then came more.") == [
        "Labs (OpenAI, Meta, etc.)",
        "Then came more.",
    ]


def test_spans_are_exact_and_absolute_within_a_range() -> None:
    text = "Intro line.\n\n  First one. Second one?  Third “quoted.” Fourth!\nLast"
    start = text.index("First")
    spans = sentence_spans(text, start, len(text))
    assert [text[s:e] for s, e in spans] == [
        "First one.",
        "Second one?",
        "Third “quoted.”",
        "Fourth!",
        "Last",
    ]
    assert all(text[s:e] == text[s:e].strip() for s, e in spans)


def test_answer_citations_stay_with_their_sentence_only_when_asked() -> None:
    text = "Brands follow performance. [1, 2] Switching costs hold. [3] Done."
    assert _split(text, citations=True) == [
        "Brands follow performance. [1, 2]",
        "Switching costs hold. [3]",
        "Done.",
    ]
    assert _split(text)[1] == "[1, 2] Switching costs hold."


def test_glued_note_digits_end_a_sentence_and_belong_to_neither_side() -> None:
    text = "That became the standard.1We can debate it."
    assert _split(text) == [text]
    assert _split(text, glued_notes=True) == ["That became the standard.", "We can debate it."]


def test_a_note_marker_in_place_of_a_full_stop_ends_the_claim_sentence() -> None:
    text = "Value capture stays tenuous at best[9] The genuine power of open labs lies elsewhere."
    assert _split(text) == [text]
    assert _split(text, glued_notes=True) == [
        "Value capture stays tenuous at best[9]",
        "The genuine power of open labs lies elsewhere.",
    ]
    # a marker before a lower-case word is inside its sentence
    inside = "Forks[2] rarely win, and the originals survive."
    assert _split(inside, glued_notes=True) == [inside]


def test_streamed_prefix_ends_where_the_segmenter_starts_the_next_sentence() -> None:
    assert _complete_prefix("Brands follow performance [1].") == 0
    text = "Brands follow performance. [1] Switching costs hold [2]. Then"
    assert text[: _complete_prefix(text)].rstrip() == (
        "Brands follow performance. [1] Switching costs hold [2]."
    )


def test_footnote_body_mid_sentence_ends_at_the_segmenters_sentence_end() -> None:
    cleaned = clean_text(
        "The lab released its weights1See e.g. Smith on licences. Others soon followed it."
    )
    note = next(s for s in cleaned.spans if s.kind == "footnote")
    assert cleaned.text[note.start : note.end] == "See e.g. Smith on licences."
    assert cleaned.text.startswith("The lab released its weights[1] Others soon followed it.")


def _long_paragraph_doc() -> Document:
    sentence = "Open weights move margins, e.g. Llama hosting by many firms across the world today."
    body = " ".join([sentence] * 60)  # 840 words in one paragraph; 300 falls after an "e.g."
    return make_document(RawDocument("long.txt", body, Metadata("Long")))


def test_long_paragraphs_are_cut_at_sentence_ends_only() -> None:
    doc = _long_paragraph_doc()
    chunks = chunk_document(doc)
    assert len(chunks) > 1
    ends = {e for _, e in sentence_spans(doc.text)}
    starts = {s for s, _ in sentence_spans(doc.text)}
    for c in chunks:
        assert c.start in starts and c.end in ends
        assert len(c.text.split()) <= MAX_WORDS


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.md")), ids=lambda p: p.stem)
def test_every_body_sentence_lies_inside_one_chunk(path: Path) -> None:
    doc = make_document(load_file(path, 10_000_000))
    chunks = chunk_document(doc)
    for s in body_sentences(doc):
        assert any(c.start <= s.start and s.end <= c.end for c in chunks), s.text


def test_body_sentences_of_a_long_paragraph_lie_inside_one_chunk() -> None:
    doc = _long_paragraph_doc()
    chunks = chunk_document(doc)
    for s in body_sentences(doc):
        assert any(c.start <= s.start and s.end <= c.end for c in chunks), s.text
