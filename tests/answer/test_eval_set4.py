"""Floors on the test half of the fourth labelled answer set (tests/data/qa/eval_set4.json),
and the shape the set documents.

Set 4 is the first answer set over the eight agents-and-vertical-SaaS essays of
tests/data/heldout3 (ingested alone, `FOURTH`): questions on another topic than sets 1-3, by a
labeller who read no answering code and no other set's items, before the system was run on
them. It is split with its own salt (`SALT4`); its test half is scored, never tuned on.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

import pytest
from eval_set_checks import answered_test_half, check_quotes_are_exact, check_salted_split

from counterpoint.answer.evaluate import FOURTH, SALT4, Evaluation

# First measurement (offline extractive, `python -m counterpoint.answer.evaluate --no-curve
# --set 4`, run once when the set was added in stop 32, before any rule was tuned on it), test
# half: fact 0.77 (37/48), gold 0.74 (28/38: ten facts only the front matter holds, an author
# or a title, have no gold passage), answered 0.81 (39/48), near-miss declined 1.00 (9/9),
# detected 0.86 (12/14), target 0.79 (11/14), both sides 0.70 (7/10), verdict 0.43 (6/14),
# exact 1.00. Dev: 0.74, 0.70, 0.79, 0.69, 1.00, 0.67, 0.67, 0.42. Each floor sits two items
# under its figure (one for near-miss, nine items), as sets 2 and 3's do, for the movement of
# challenge figures between ingests. They stop regressions; the targets are higher.
FLOORS = {
    "fact_in_answer": 0.72,  # 35/48
    "gold_cited": 0.68,  # 26/38
    "answerable_answered": 0.77,  # 37/48
    "near_miss_declined": 0.88,  # 8/9
    "challenge_detected": 0.78,  # 11/14
    "target_cited": 0.64,  # 9/14
    "both_sides_cited": 0.50,  # 5/10
    "verdict_agrees": 0.28,  # 4/14
    "citations_exact": 1.0,  # every quote is text[start:end]
}


def _items() -> list[dict]:  # type: ignore[type-arg]
    return list(json.loads(FOURTH.path.read_text())["items"])


def test_set4_split_is_the_salted_hash_of_the_id() -> None:
    check_salted_split(SALT4, _items())


def test_set4_has_the_kinds_and_forms_it_documents() -> None:
    items = _items()
    assert len({i["id"] for i in items}) == len(items)
    kinds = Counter(i["kind"] for i in items)
    assert kinds["fact"] >= 80 and kinds["challenge"] >= 24 and kinds["near_miss"] >= 20
    facts = [i for i in items if i["kind"] == "fact"]
    # multi-hop across two essays (a who-said-what item may hold two passages of one essay:
    # the speaker's name and the words)
    assert sum(len({g["file"] for g in i["gold"]}) == 2 for i in facts) >= 6
    # front matter is metadata, not document text: it is never a gold passage
    assert not any(
        g["text"].startswith(("author:", "date:", "title:")) for i in facts for g in i["gold"]
    )
    types = {i["fact_type"] for i in facts}
    assert {"amount", "number", "date", "person", "organisation", "list", "essay"} <= types
    challenges = [i for i in items if i["kind"] == "challenge"]
    forms = Counter(i["form"] for i in challenges)
    assert forms["statement"] == forms["question"]
    assert {i["stance"] for i in challenges} == {"agrees", "disputes"}
    assert {i["verdict"] for i in challenges} <= {"supported", "refuted", "contested", "unclear"}


def test_set4_quotes_are_exact_text_of_its_essays() -> None:
    check_quotes_are_exact(FOURTH, _items())


@pytest.fixture(scope="module")
def test_half4(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[Evaluation]:  # type: ignore[no-untyped-def]
    """The eight heldout3 essays alone, in a workspace of their own, offline."""
    yield from answered_test_half(FOURTH, tmp_path_factory.mktemp("eval4") / "ws", embedder)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_set4_labels_are_all_located_in_the_ingested_text(test_half4: Evaluation) -> None:
    assert test_half4.unquotable == []


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_set4_test_half_meets_its_floor(test_half4: Evaluation, metric: str) -> None:
    tally = getattr(test_half4.halves["test"], metric)
    assert tally.n > 0
    assert tally.ratio >= FLOORS[metric], f"{metric}: {tally}"
