"""Plain text saved with one paragraph per line keeps its paragraphs (and headings)."""

from __future__ import annotations

from pathlib import Path

from counterpoint.corpus.clean import clean_text
from counterpoint.corpus.loaders import load_file
from counterpoint.corpus.pipeline import make_document
from counterpoint.kg.extract.text import body_sentences


def _kinds(raw: str) -> list[tuple[str, str]]:
    c = clean_text(raw)
    return [(s.kind, c.text[s.start : s.end]) for s in c.spans]


def test_each_line_is_a_paragraph_and_short_lines_are_headings(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(
        "Why Paragraphs Matter\n"
        "Essays open with a view. The view comes first because readers skim.\n"
        "Evidence follows in the middle. It carries numbers and cases.\n"
        "Closing Thoughts\n"
        "The conclusion restates the view. It says what follows from it.\n",
        encoding="utf-8",
    )
    doc = make_document(load_file(path, 10**6))
    paras = [doc.text[s.start : s.end] for s in doc.spans if s.kind == "paragraph"]
    assert paras == [
        "Essays open with a view. The view comes first because readers skim.",
        "Evidence follows in the middle. It carries numbers and cases.",
        "The conclusion restates the view. It says what follows from it.",
    ]
    assert [s.paragraph for s in body_sentences(doc)] == [0, 0, 1, 1, 2, 2]
    assert any(
        s.kind == "heading" and doc.text[s.start : s.end] == "Closing Thoughts" for s in doc.spans
    )


def test_hard_wrapped_and_sentence_per_line_text_still_join() -> None:
    wrapped = "A paragraph wrapped at a fixed width goes on\nacross lines. It ends\nhere."
    assert _kinds(wrapped) == [("paragraph", " ".join(wrapped.split("\n")))]
    one_per_line = "One sentence per line.\nAnother sentence per line.\nA third one."
    assert _kinds(one_per_line) == [("paragraph", " ".join(one_per_line.split("\n")))]
