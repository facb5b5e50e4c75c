"""Floors on the test half of the second labelled answer set (tests/data/qa/eval_set2.json),
the independent held-out measure of issue 13, and the shape the set documents.

Set 1 had been tuned on for many sessions, so its dev half no longer tells a rule that
generalises from one that does not. Set 2 was written from the eight heldout2 essays (parking
minimums) alone, before the system was run on it; it is ingested on its own and split with its
own salt (`SALT2` in counterpoint.answer.evaluate). Like set 1's test half, its test half is
scored, never tuned on.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

import pytest
from eval_set_checks import answered_test_half, check_quotes_are_exact, check_salted_split

from counterpoint.answer.evaluate import (
    SALT2,
    SECOND,
    Evaluation,
)

# First measurement (offline extractive, SentenceTransformerEmbedder, the eight heldout2
# essays alone; branch h13h on top of d93178c), test half: fact 0.80 (36/45), gold 0.73
# (33/45), answered 0.93 (42/45), near-miss declined 0.38 (5/13), detected 0.93 (14/15),
# target 0.60 (9/15), both sides 0.70 (7/10), verdict 0.60 (9/15), exact 1.00 (73/73); a
# second ingest gave the same figures. The floors were set from that first measurement and
# nothing was tuned on the set: about two items under each figure (one for near-miss, whose
# 13 items leave little room), as set 1's floors are, for the ingest-to-ingest movement of
# challenge figures. The targets are not met: these floors only stop regressions.
FLOORS = {
    "fact_in_answer": 0.75,
    "gold_cited": 0.68,
    "answerable_answered": 0.88,
    "near_miss_declined": 0.30,
    "challenge_detected": 0.86,
    "target_cited": 0.46,
    "both_sides_cited": 0.50,
    "verdict_agrees": 0.46,
    "citations_exact": 1.0,
}


def _items() -> list[dict]:  # type: ignore[type-arg]
    return list(json.loads(SECOND.path.read_text())["items"])


def test_set2_split_is_the_salted_hash_of_the_id() -> None:
    check_salted_split(SALT2, _items())


def test_set2_has_the_kinds_and_forms_it_documents() -> None:
    items = _items()
    kinds = Counter(i["kind"] for i in items)
    assert kinds["fact"] >= 40 and kinds["challenge"] >= 24 and kinds["near_miss"] >= 20
    challenges = [i for i in items if i["kind"] == "challenge"]
    forms = Counter(i["form"] for i in challenges)
    assert forms["statement"] == forms["question"]
    assert {i["stance"] for i in challenges} == {"agrees", "disputes"}
    assert any(len(i["gold"]) == 2 for i in items if i["kind"] == "fact")  # multi-hop


def test_set2_quotes_are_exact_text_of_its_essays() -> None:
    check_quotes_are_exact(SECOND, _items())


@pytest.fixture(scope="module")
def test_half2(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[Evaluation]:  # type: ignore[no-untyped-def]
    """The eight heldout2 essays alone, in a workspace of their own, offline."""
    yield from answered_test_half(SECOND, tmp_path_factory.mktemp("eval2") / "ws", embedder)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_set2_labels_are_all_located_in_the_ingested_text(test_half2: Evaluation) -> None:
    assert test_half2.unquotable == []


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_set2_test_half_meets_its_floor(test_half2: Evaluation, metric: str) -> None:
    tally = getattr(test_half2.halves["test"], metric)
    assert tally.n > 0
    assert tally.ratio >= FLOORS[metric], f"{metric}: {tally}"
