"""The answer harness scores what it claims to: the documented split, facts found whatever
the quote style, gold overlap, and both sides counted without the target sentence itself."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from counterpoint.answer.evaluate import (
    EVAL_SET,
    HalfReport,
    Item,
    Outcome,
    Span,
    contains_fact,
    half_of_id,
)
from counterpoint.answer.models import Answer, Citation


def _cite(doc_id: str, start: int, end: int, n: int = 1) -> Citation:
    return Citation(n, doc_id, "T", ("A",), None, None, "c", start, end, "q")


def test_split_is_the_documented_hash_of_the_id() -> None:
    ids = [item["id"] for item in json.loads(Path(EVAL_SET).read_text())["items"]]
    for i in ids:
        odd = int(hashlib.sha256(i.encode()).hexdigest(), 16) % 2
        assert half_of_id(i) == ("test" if odd else "dev")
    test_share = sum(half_of_id(i) == "test" for i in ids) / len(ids)
    assert 0.4 < test_share < 0.6


def test_fact_match_ignores_case_quotes_and_whitespace() -> None:
    assert contains_fact("He says it’s a\nlosing  battle.", ["it's a losing battle"])
    assert not contains_fact("He says it is a battle.", ["losing battle"])


def test_fact_item_scores_fact_gold_and_grounding() -> None:
    item = Item("f-x", "fact", "q?", "dev", {"answer_contains": ["$5M"], "fact_type": "amount"})
    item.gold = [Span("d1", 100, 150)]
    hit = Answer("q?", "It raised $5M [1].", True, citations=[_cite("d1", 140, 200)])
    miss = Answer("q?", "No.", True, citations=[_cite("d2", 100, 150)])
    report = HalfReport()
    for a in (hit, miss):
        report.add(Outcome(item, a, 1.0, True))
    assert (report.fact_in_answer.hits, report.gold_cited.hits) == (1, 1)
    assert report.answerable_answered.hits == 2


def test_a_declined_answer_scores_no_fact_and_no_gold_even_when_it_names_them() -> None:
    item = Item("f-y", "fact", "q?", "dev", {"answer_contains": ["$5M"], "fact_type": "amount"})
    item.gold = [Span("d1", 100, 150)]
    declined = Answer(
        "q?", "Not covered. Related: it raised $5M [1].", False, citations=[_cite("d1", 100, 150)]
    )
    report = HalfReport()
    report.add(Outcome(item, declined, 1.0, True))
    assert (report.fact_in_answer.n, report.fact_in_answer.hits) == (1, 0)
    assert (report.gold_cited.n, report.gold_cited.hits) == (1, 0)
    assert report.answerable_answered.hits == 0


def test_both_sides_need_a_citation_beyond_the_target_on_each_side() -> None:
    item = Item("c-x", "challenge", "s.", "dev", {"verdict": "contested"})
    item.target = Span("seed", 0, 50)
    item.sides = {"seed": "for", "pro": "for", "con": "against"}
    only_target = Answer(
        "s.",
        "",
        True,
        verdict="contested",
        citations=[_cite("seed", 0, 50), _cite("con", 0, 10, 2)],
    )
    both = Answer(
        "s.",
        "",
        True,
        verdict="contested",
        citations=[_cite("seed", 0, 50), _cite("pro", 0, 10, 2), _cite("con", 0, 10, 3)],
    )
    report = HalfReport()
    report.add(Outcome(item, only_target, 1.0, True))
    report.add(Outcome(item, both, 1.0, True))
    assert report.both_sides_cited.hits == 1
    assert report.target_cited.hits == 2 and report.verdict_agrees.hits == 2
