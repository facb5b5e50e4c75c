"""Cleaning rules on several texts (tests/data/cleaning) and on the seed's artefacts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from counterpoint.corpus.chunk import chunk_document
from counterpoint.corpus.clean import clean_text
from counterpoint.corpus.loaders import load_file
from counterpoint.corpus.models import SPAN_KINDS, Document
from counterpoint.corpus.pipeline import make_document
from helpers import DATA, SEED

CASES = DATA / "cleaning"
GLUED = re.compile(r"[a-z.,)”’]\d{1,2}[A-Z“]")


def _doc(path: Path) -> Document:
    return make_document(load_file(path, 10_000_000))


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.glob("*.in.*")))
def test_cleaning_case(case: str) -> None:
    path = CASES / case
    expected = json.loads((CASES / (case.split(".in.")[0] + ".expected.json")).read_text())
    doc = _doc(path)
    assert doc.meta.title == expected["title"]
    assert doc.text == expected["text"]
    assert [[s.kind, s.label, doc.text[s.start : s.end]] for s in doc.spans] == expected["spans"]
    assert list(doc.removed) == expected["removed"]


@pytest.fixture(scope="module")
def seed() -> Document:
    return _doc(SEED)


def _texts(doc: Document, kind: str) -> list[str]:
    return [doc.text[s.start : s.end] for s in doc.spans if s.kind == kind]


def test_seed_footnotes_are_split_and_linked(seed: Document) -> None:
    assert not GLUED.search(seed.text)
    notes = {s.label: seed.text[s.start : s.end] for s in seed.spans if s.kind == "footnote"}
    markers = [s.label for s in seed.spans if s.kind == "footnote_marker"]
    assert markers == [str(n) for n in range(1, 10)]
    assert sorted(notes, key=int) == markers
    assert notes["1"] == "We can debate the semantics of this but let’s not."
    # mid-sentence marker inside parentheses: the body stops before the closing one
    assert notes["8"].endswith("aligned OSAI models")
    assert "anti-free speech[8])." in seed.text
    # mid-sentence marker: one sentence of footnote, then the paragraph resumes
    assert notes["9"].endswith("one closed-source (iOS).")
    assert "market dynamics[9] The genuine economic power" in seed.text
    body = " ".join(_texts(seed, "paragraph"))
    for note in notes.values():
        assert note not in body


def test_seed_artefacts_removed_and_recorded(seed: Document) -> None:
    assert seed.text.startswith("Typically in open-source software")
    assert "Friend.Tech Protocol Fee chart" not in seed.text
    assert "tbh I mostly wanted" not in seed.text
    assert "Recent Posts" not in seed.text and "Recent Comments" not in seed.text
    kinds = {r.split(":", 1)[0] for r in seed.removed}
    assert {"title", "drop-cap", "caption", "boilerplate"} <= kinds
    assert sum(r.startswith("caption:") for r in seed.removed) == 2


def test_seed_structure(seed: Document) -> None:
    headings = _texts(seed, "heading")
    assert headings == [
        "Brand Moats",
        "What AI Labs can learn from Crypto Protocols",
        "AI Brand Moats",
        "Personifying a Movement as a Brand Moat",
        "Conclusion?",
    ]
    quotes = [s for s in seed.spans if s.kind == "quotation"]
    assert len(quotes) == 1 and quotes[0].label == "In a prior post I wrote:"
    assert seed.text[quotes[0].start :].startswith("What happens when you add personality")
    assert {s.kind for s in seed.spans} <= set(SPAN_KINDS)


def test_seed_chunks_respect_sections_and_carry_no_artefacts(seed: Document) -> None:
    chunks = chunk_document(seed)
    headings = [s for s in seed.spans if s.kind == "heading"]
    notes = [s for s in seed.spans if s.kind == "footnote"]
    for c in chunks:
        assert seed.text[c.start : c.end] == c.text
        assert not any(c.start < h.end and h.start < c.end for h in headings)
        assert not any(c.start < n.end and n.start < c.end for n in notes)
        before = [h for h in headings if h.end <= c.start]
        assert c.section == (seed.text[before[-1].start : before[-1].end] if before else None)
    assert any(c.section == "Conclusion?" for c in chunks)


def test_drop_cap_rejoins_a_split_word() -> None:
    cleaned = clean_text("O\n\nnce upon a time, labs sold access to their models.\n")
    assert cleaned.text == "Once upon a time, labs sold access to their models."
    assert cleaned.removed == ("drop-cap: O (rejoined)",)


def test_sequence_keeps_numbers_in_names_out_of_footnotes() -> None:
    text = "Tools like GPT4All matter.\n\nThe COVID19Tracker grew fast and then stalled."
    cleaned = clean_text(text)
    assert cleaned.text == text
    assert not any(s.kind.startswith("footnote") for s in cleaned.spans)


def test_boilerplate_only_after_the_body() -> None:
    text = (
        "Categories\n\nThis paragraph is real body text about switching costs.\n\n"
        "Another paragraph about brand moats and why they matter.\n\n"
        "Related Posts\n\nWhy benchmarks lie\n\nNotes on inference"
    )
    cleaned = clean_text(text)
    assert cleaned.text.startswith("Categories")  # in the first half: a heading, kept
    assert "Related Posts" not in cleaned.text and "benchmarks" not in cleaned.text
    assert "boilerplate: Notes on inference" in cleaned.removed


def test_sentences_keep_footnote_markers_with_their_sentence(seed: Document) -> None:
    from counterpoint.corpus.sentences import sentence_spans

    text = "A startup pays the same bill.[2] But it earns less. Done."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "A startup pays the same bill.[2]",
        "But it earns less.",
        "Done.",
    ]
    marker = next(s for s in seed.spans if s.kind == "footnote_marker")
    ends = {e for _, e in sentence_spans(seed.text)}
    assert marker.end in ends


def test_bold_line_is_a_heading_and_markdown_links_keep_their_text() -> None:
    cleaned = clean_text(
        "**The case for brands**\n\nBrands matter, as [this study](https://x.org/s) shows."
    )
    assert cleaned.text == "The case for brands\n\nBrands matter, as this study shows."
    assert [s.kind for s in cleaned.spans] == ["heading", "paragraph"]


def test_inline_markdown_emphasis_is_dropped_but_names_survive() -> None:
    cleaned = clean_text(
        "Brands are *not* moats, **switching costs** are; see `vllm` and snake_case_names "
        "or 2 * 3 * 4 for details."
    )
    assert cleaned.text == (
        "Brands are not moats, switching costs are; see vllm and snake_case_names "
        "or 2 * 3 * 4 for details."
    )
