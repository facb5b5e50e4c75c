"""A name the question uses matches the other forms the essays write it in (answer/names.py):
initials an essay introduces, and gazetteer aliases. Made-up essays and names throughout."""

from __future__ import annotations

import pytest

from counterpoint.answer import names
from counterpoint.answer.evidence import Evidence, Sentence
from counterpoint.answer.names import initials, name_forms, other_forms
from counterpoint.answer.select import answering, score_sentences
from counterpoint.answer.understand import Analysis
from counterpoint.corpus.ids import content_hash
from counterpoint.corpus.models import Chunk, Document, Metadata

ESSAY = (
    "Acme Robotics sells arms to small workshops. Since then AR has raised $40 million "
    "from two backers, and AR's arms are everywhere."
)
OTHER = "The AR headset market is crowded. Acme Robotics is not in it."


def test_initials_of_a_multi_word_capitalised_name() -> None:
    assert initials("Acme Robotics") == "AR"
    assert initials("Port Vellum Ferry Company") == "PVFC"
    assert initials("Acme") is None
    assert initials("Acme robotics") is None


def test_an_essay_that_holds_both_forms_links_them_both_ways() -> None:
    texts = {"a": ESSAY}
    assert other_forms("Acme Robotics", texts) == ["AR"]
    assert other_forms("AR", texts) == ["Acme Robotics"]
    # The name after a capitalised opener is still found.
    assert other_forms("AR", {"a": "Then Acme Robotics came. AR grew."}) == ["Acme Robotics"]


def test_initials_count_only_inside_an_essay_that_holds_the_name() -> None:
    # The acronym and the name in different essays: "AR" there is something else.
    texts = {"a": "Acme Robotics sells arms.", "b": "The AR headset market is crowded."}
    assert other_forms("Acme Robotics", texts) == []
    assert name_forms(["Acme Robotics"], texts) == {}


def test_a_gazetteer_alias_is_another_form(monkeypatch: pytest.MonkeyPatch) -> None:
    group = ("Vellum Labs", "Vellum")
    monkeypatch.setattr(names, "_alias_groups", lambda: {f: group for f in group})
    texts = {"a": "Vellum ships a new model every spring."}
    assert other_forms("Vellum Labs", texts) == ["Vellum"]
    # An alias no essay uses adds nothing.
    assert other_forms("Vellum Labs", {"a": "Nothing here."}) == []


def _sentence(text: str) -> Sentence:
    doc = Document("d", Metadata("d"), text, content_hash(text), "d.md")
    chunk = Chunk("d#0", "d", 0, len(text), text)
    return Sentence(Evidence(chunk=chunk, doc=doc, score=0.5), 0, len(text), 0.6)


def test_a_sentence_naming_the_subject_by_its_initials_answers() -> None:
    q = "How much funding had Acme Robotics raised?"
    analysis = Analysis(q, "question", ["amount"])
    ranked = [_sentence("Since then AR has raised $40 million from two backers.")]
    terms = ["Acme Robotics"]
    plain = score_sentences(analysis, ranked, terms)
    assert answering(plain, analysis, 0.3) is None  # the name as written is not there
    forms = name_forms(terms, {"a": ESSAY, "b": OTHER})
    assert forms == {"Acme Robotics": ["AR"]}
    scored = score_sentences(analysis, ranked, terms, forms=forms)
    lead = answering(scored, analysis, 0.3)
    assert lead is not None and lead.about_subject
