"""Challenge rules of issue 13 on hand-made rows (no model): a question an essay asks
stands for its answer as a target, a verdict pointing back judges the sentence before it,
and a claim's strength leans a graph verdict only when links stand on both sides."""

from __future__ import annotations

import numpy as np
from sentence_rows import corpus_of, unit

from counterpoint.answer.stance import stance_towards
from counterpoint.answer.target import answer_to_question, find_target
from counterpoint.answer.verdict import Sides, verdict_of
from counterpoint.kg.claims import ClaimRecord

CLAIM = "Ferries will close once the bridge tolls fall."


def test_an_essays_question_stands_for_the_answer_after_its_label() -> None:
    rows = [
        ("a", "Question three. Won't the ferry company go broke once tolls fall?", unit(1, 0, 0)),
        ("a", "Answer.", unit(0, 0, 1)),
        ("a", "The ferry company sells season passes that tolls do not touch.", unit(0.6, 0.8, 0)),
        ("b", "Ferry companies need subsidies to survive the winter.", unit(0.7, 0, 0.714)),
    ]
    corpus = corpus_of(rows, [])
    assert answer_to_question(0, corpus) == 2  # past the label, to the answer
    assert answer_to_question(2, corpus) is None  # a statement stands for itself
    found = find_target(np.stack([unit(1, 0, 0)]), "Doesn't the ferry go broke?", corpus)
    assert found is not None and found[0] == 2


def test_a_question_with_no_answer_in_its_essay_stands_for_nothing() -> None:
    rows = [
        ("a", "Tolls thin the traffic.", unit(1, 0, 0)),
        ("a", "But what happens to the ferries?", unit(0, 1, 0)),
        ("b", "Ferries are cheap to run.", unit(0, 0, 1)),
    ]
    assert answer_to_question(1, corpus_of(rows, [])) is None


def test_a_verdict_pointing_back_judges_the_sentence_before_it() -> None:
    own = "Tolls will close the ferries within a year, some drivers say."
    # not a report of a view (previous_reports False), but "That is wrong" has no other object
    st = stance_towards("That is wrong.", CLAIM, 0.1, own, 0.8, previous_reports=False)
    assert st.side == "against"
    # a verdict with its own object after the writer's own statement still judges something else
    other = "But they are wrong to conclude that the ferries will close."
    assert stance_towards(other, CLAIM, 0.1, own, 0.8, previous_reports=False).side is None


def _claim(cid: str, status: str, strength: float, attacks=(), supports=()) -> ClaimRecord:  # type: ignore[no-untyped-def]
    c = ClaimRecord(cid, "d", "t", 0, 1, False, 0.9, "x", status, list(attacks), list(supports))
    c.strength = strength
    return c


def test_strength_leans_a_verdict_only_when_links_stand_on_both_sides() -> None:
    target = _claim("t", "standing", 0.9)
    beaten = _claim("w", "defeated", 0.1, attacks=["t"])
    support = _claim("s", "standing", 0.8, supports=["t"])
    # only a defeated attacker: nothing supports the claim, so it is not "supported"
    assert verdict_of(Sides([target], [], [beaten])) == "contested"
    # linked both ways, a strong claim leans supported
    strong_attacker = _claim("a", "standing", 0.6, attacks=["t"])
    assert verdict_of(Sides([target], [support], [strong_attacker])) == "supported"
