"""Answers to restated views across essays (kg/extract/views.py, responses._view_answers).

A response restates the view it answers ("Some argue that X.", "A common objection is that
X.", "The essay also made the point that X.") and answers it in the next claim ("But Y."); the
target is the other essay's claim nearest the restated clause, not the answer's own nearest
match. Made-up sentences, none from the corpus or the held-out sets.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from counterpoint.kg.extract import views
from counterpoint.kg.extract.pipeline import sentence_contexts
from counterpoint.kg.extract.responses import ResponseClaim, cross_links
from counterpoint.kg.extract.text import Sentence

TARGET = "Community gardens lower food costs for the families who tend them."
OTHER = "City councils should fund more community gardens on vacant lots."
VIEW_CLAUSE = "community gardens lower food costs for the families who tend them."


def test_the_restated_clause_of_a_view_frame() -> None:
    assert views.restated_view("Some argue that community gardens cut grocery bills a lot.") == (
        "community gardens cut grocery bills a lot."
    )
    assert views.restated_view(
        "A common objection is that rooftop farms cannot pay their own water bills."
    ) == ("rooftop farms cannot pay their own water bills.")
    assert views.restated_view(
        "The report also made the point that seed libraries need volunteers every season."
    ) == ("seed libraries need volunteers every season.")
    # the author's own frame, a view too short to match, and no view at all
    assert views.restated_view("It is important to note that compost heaps need turning.") == ""
    assert views.restated_view("Some argue that it works.") == ""
    assert views.restated_view("Community gardens need water, tools and patience.") == ""


def test_a_popular_frame_is_set_up_to_be_answered() -> None:
    assert views.popular_frame("Some argue that rooftop farms pay for themselves.")
    assert views.popular_frame("The usual answer is that volunteers will keep the plots going.")
    assert not views.popular_frame("The report argues that rooftop farms pay for themselves.")
    assert not views.popular_frame("It is true that rooftop farms pay for themselves.")
    assert views.restates("The report argues that rooftop farms pay for themselves.")
    assert not views.restates("It is important to note that rooftop farms pay for themselves.")


def test_polarity_of_an_answer_to_a_view() -> None:
    popular = "Some argue that rooftop farms pay for themselves within five years."
    named = "The report makes the point that rooftop farms pay for themselves quickly."
    # a turn against the view, the frame's own verdict, or nothing said after a popular frame
    assert views.view_polarity(named, "But most of them still need grants.") == "attack"
    unconvinced = "I am not convinced by the report's suggestion that farms pay for themselves."
    assert views.view_polarity(unconvinced, "Water bills keep rising.") == "attack"
    assert views.view_polarity(popular, "Water bills keep rising every year.") == "attack"
    # a named source's view taken up without a turn: extended, so support
    assert views.view_polarity(named, "The accounts of three farms bear this out.") == ("support")
    assert views.view_polarity(named, "Payback came within four years on every roof.") == (
        "support"
    )


def test_the_first_claim_after_a_view_in_its_paragraph_answers_it() -> None:
    texts = [
        (0, "Some argue that community gardens lower food costs for their families."),
        (0, "The numbers from three cities say otherwise."),
        (0, "Most plots grow herbs and flowers, not staples."),
        (1, "Gardens do build friendships between neighbours."),
    ]
    sentences, at = [], 0
    for para, text in texts:
        sentences.append(Sentence(at, at + len(text), text, para, None))
        at += len(text) + 1
    got = sentence_contexts(sentences, [("c1", sentences[1].start), ("c2", sentences[2].start)])
    assert got[views.VIEW_KEY + "c1"] == texts[0][1]
    assert views.VIEW_KEY + "c2" not in got  # one answer per view (VIEW_CLAIMS)
    assert got[views.VIEWS_MARK]
    # a view in another paragraph is not answered there
    got = sentence_contexts(sentences, [("c3", sentences[3].start)])
    assert views.VIEW_KEY + "c3" not in got


def _embed(cosines: dict[str, float]) -> Callable[[list[str]], np.ndarray]:
    """TARGET on the first axis; every other text at its given cosine to it, on an axis of
    its own."""
    texts = [TARGET, *cosines]

    def vector(text: str) -> np.ndarray:
        v = np.zeros(len(texts) + 1)
        c = 1.0 if text == TARGET else cosines[text]
        v[0] = c
        if text != TARGET:
            v[1 + texts.index(text)] = float(np.sqrt(1 - c * c))
        return v

    return lambda batch: np.array([vector(t) for t in batch], dtype=np.float32)


def _links(view: str, answer: str, named: bool = False) -> list[tuple[str, str, str]]:
    a1 = ResponseClaim("a-1", "a", TARGET, "2024-01-01")
    a2 = ResponseClaim("a-2", "a", OTHER, "2024-01-01")
    b1 = ResponseClaim("b-1", "b", answer, "2024-03-01", view, view)
    clause = views.restated_view(view)
    # the essays are about one thing (mean claim vectors close), the answer is no closer to
    # TARGET than OTHER is, and the restated clause is close to TARGET
    embed = _embed({OTHER: 0.9, answer: 0.8, clause: 0.95, view: 0.6})
    found = cross_links([a1, a2, b1], embed, {"b": {"a"}} if named else {})
    return [(x.premise, x.conclusion, x.kind) for x in found]


def test_an_answer_links_to_the_claim_its_view_restates() -> None:
    view = "Some argue that " + VIEW_CLAUSE
    assert _links(view, "The numbers from three cities tell a different story.") == [
        ("b-1", "a-1", "attack")
    ]
    named = "The essay makes the point that " + VIEW_CLAUSE
    got = _links(named, "Receipts from three allotments bear this out.", named=True)
    assert got == [("b-1", "a-1", "support")]


def test_a_view_of_a_named_source_links_only_to_an_essay_named() -> None:
    named = "The essay makes the point that " + VIEW_CLAUSE
    # not named, and not a view of unnamed others: no link (nor by similarity alone)
    assert _links(named, "Receipts from three allotments bear this out.") == []


def test_a_granted_view_supports_and_a_turn_after_it_attacks() -> None:
    granted = "Okafor is right that seed libraries need volunteers every single season."
    assert views.granted_view(granted) == "seed libraries need volunteers every single season."
    assert views.granted_view("It's true that seed libraries lose half their packets.") == (
        "seed libraries lose half their packets."
    )
    assert views.granted_view("Okafor is not right that seed libraries need volunteers.") == ""
    assert views.view_polarity(granted, granted) == "support"
    assert views.view_polarity(granted, "But volunteers leave after one summer.") == "attack"
    # a claim after a concession that does not turn is not taken as answering it
    assert views.view_polarity(granted, "Volunteers also run the winter markets.") is None
    # the claim granting a view answers it itself
    texts = [(0, granted), (0, "But volunteers leave after one summer.")]
    sentences, at = [], 0
    for para, text in texts:
        sentences.append(Sentence(at, at + len(text), text, para, None))
        at += len(text) + 1
    got = sentence_contexts(sentences, [("g", 0), ("t", sentences[1].start)])
    assert got[views.VIEW_KEY + "g"] == granted and got[views.VIEW_KEY + "t"] == granted
