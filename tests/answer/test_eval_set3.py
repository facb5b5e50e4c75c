"""Floors on the test half of the third labelled answer set (tests/data/qa/eval_set3.json),
a second independent measure of issue 13, and the shape the set documents.

Set 1's items had been tuned on for many sessions; set 2 is independent but covers other
essays. Set 3 asks new questions of set 1's own essays (the bundled corpus plus the held-out
essays, ingested together as `CORPORA`), written by a labeller who had read neither the
answering code nor set 1's items, before the system was run on them. It is split with its own
salt (`SALT3` in counterpoint.answer.evaluate); its test half is scored, never tuned on.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

import pytest
from eval_set_checks import answered_test_half, check_quotes_are_exact, check_salted_split

from counterpoint.answer.evaluate import (
    SALT3,
    THIRD,
    Evaluation,
)

# First measurement (offline extractive, `python -m counterpoint.answer.evaluate --no-curve
# --set 3`, run once after every item was committed; answering code at 3c6b994), test half:
# fact 0.78 (35/45), gold 0.78 (35/45), answered 0.84 (38/45), near-miss declined 0.85 (11/13),
# detected 1.00 (25/25), target 0.40 (10/25), both sides 0.25 (4/16), verdict 0.64 (16/25),
# exact 1.00 (83/83). Nothing was tuned on the set. Each floor sits about two items under its
# figure (one for near-miss, whose 13 items leave little room), as set 2's do, for the
# ingest-to-ingest movement of challenge figures. Low floors (target, both sides) only stop
# regressions; they are not targets.
FLOORS = {
    "fact_in_answer": 0.73,  # 33/45
    "gold_cited": 0.73,  # 33/45
    "answerable_answered": 0.80,  # 36/45
    "near_miss_declined": 0.76,  # 10/13
    "challenge_detected": 0.92,  # 23/25
    "target_cited": 0.32,  # 8/25
    "both_sides_cited": 0.12,  # 2/16
    "verdict_agrees": 0.56,  # 14/25
    "citations_exact": 1.0,  # every quote is text[start:end]
}


def _items() -> list[dict]:  # type: ignore[type-arg]
    return list(json.loads(THIRD.path.read_text())["items"])


def test_set3_split_is_the_salted_hash_of_the_id() -> None:
    check_salted_split(SALT3, _items())


def test_set3_has_the_kinds_and_forms_it_documents() -> None:
    items = _items()
    assert len({i["id"] for i in items}) == len(items)
    kinds = Counter(i["kind"] for i in items)
    assert kinds["fact"] >= 50 and kinds["challenge"] >= 35 and kinds["near_miss"] >= 25
    facts = [i for i in items if i["kind"] == "fact"]
    assert sum(len(i["gold"]) == 2 for i in facts) >= 8  # multi-hop across two essays
    assert all(len({g["file"] for g in i["gold"]}) == len(i["gold"]) for i in facts)
    types = {i["fact_type"] for i in facts}
    assert {"amount", "number", "date", "person", "organisation", "list", "essay"} <= types
    challenges = [i for i in items if i["kind"] == "challenge"]
    forms = Counter(i["form"] for i in challenges)
    assert abs(forms["statement"] - forms["question"]) <= 0.1 * len(challenges)
    assert {i["stance"] for i in challenges} == {"agrees", "disputes"}
    assert {i["verdict"] for i in challenges} <= {"supported", "refuted", "contested", "unclear"}


def test_set3_quotes_are_exact_text_of_its_essays() -> None:
    check_quotes_are_exact(THIRD, _items())


@pytest.fixture(scope="module")
def test_half3(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[Evaluation]:  # type: ignore[no-untyped-def]
    """Set 1's essays (bundled corpus + held-out essays) in a workspace of their own, offline."""
    yield from answered_test_half(THIRD, tmp_path_factory.mktemp("eval3") / "ws", embedder)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_set3_labels_are_all_located_in_the_ingested_text(test_half3: Evaluation) -> None:
    assert test_half3.unquotable == []


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_set3_test_half_meets_its_floor(test_half3: Evaluation, metric: str) -> None:
    tally = getattr(test_half3.halves["test"], metric)
    assert tally.n > 0
    assert tally.ratio >= FLOORS[metric], f"{metric}: {tally}"
