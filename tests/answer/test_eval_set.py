"""Floors on the held-out (test) half of the labelled answer set, and the two bundled-corpus
examples of the issue: the right essay for "the essay", a real verdict for the challenge.

The test half is scored, never tuned on (see counterpoint.answer.evaluate); the floors sit a
little under what the offline extractive mode measures on it (`make bench` prints both
halves), so a regression fails the suite.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from counterpoint.answer.evaluate import Evaluation, evaluate, ingest_eval_corpus
from counterpoint.config import Settings
from counterpoint.service import Counterpoint
from helpers import SEED_ID

# Measured on the test half (offline extractive, bundled + held-out essays), branch i13-answers
# (stop 20): fact 0.75 (was 0.77), gold 0.65 (0.68), answered 0.83 (0.89), near-miss 0.56
# (0.44), detected 0.97, target 0.38, both sides 0.50-0.56 (0.50), verdict 0.35 (0.41), exact
# 1.00; floors a few points under. The answered floor moved down (0.83 -> 0.78) on purpose:
# an answer to a "who / which name / how much" question must now hold the asked-for name or
# sum next to one of the question's own words, which declines near misses (dev 0.65 -> 0.92,
# test 0.44 -> 0.56) and also declines questions that were "answered" without the fact (test:
# 5 fewer answered, only 1 fewer with the fact). No threshold on the unbound sentences'
# similarity separates the two on dev (near misses reach 0.72, lost answers 0.36), so the
# trade stands. The targets (0.85, 0.90, 0.95, 0.85, 0.95, 0.85, 0.80, 0.75, 1.0)
# are not met yet: these floors only stop regressions. Challenge figures move between ingests
# (the argument graph's near-tied link candidates), so those floors sit about two items under.
# The verdict floor moved down (0.32 -> 0.29) with the verdict rules of this stop (a claim
# its essay states is contested, not refuted; a reported view its author answers is refuted):
# dev 0.57 -> 0.80, test 0.41 -> 0.35, so they are fitted to dev more than they generalise;
# the floor keeps its two items of ingest-to-ingest room under the new test figure.
# The evidence threshold stays at 0.30 (curve: `make bench`, eval-set section).
# Branch h13c (issue 13, generalising rules; same machine, base -> h13c on the test half):
# fact 0.77 -> 0.77, gold 0.64 -> 0.65, answered 0.83 -> 0.83, near-miss 0.56 -> 0.60 (15/25),
# detected 0.97, target 0.38 -> 0.41 (15/37), both sides 0.56 -> 0.50 (9/16 -> 8/16, one item,
# within the ingest-to-ingest range above), verdict 0.35 -> 0.38 (14/37), exact 1.00. Floors
# raised: near-miss to one item under (0.56), target and verdict to two items under (0.35,
# 0.32); the others stay.
# Stop 26: "fact in the answer" and "gold passage cited" count only answers (grounded): a
# declined answer named the fact in its related reading and was counted. Same answers, the
# stricter measure: test fact 0.77 -> 0.68 (62 -> 55 of 81), gold 0.64 (unchanged), dev
# 0.88 / 0.86 (unchanged). The fact floor follows the measure down (0.72 -> 0.64, three items
# under); no answer changed.
# Branch h13g (issue 13, sections 1-3; rules checked on two salted dev folds and a reworded
# probe set, bench/answer_folds.py): test fact 0.68 -> 0.73 (55 -> 59), gold 0.64 -> 0.68
# (52 -> 55), answered 0.83 -> 0.84 (67 -> 68), near-miss 0.64 -> 0.80 (16 -> 20), challenges
# and exact unchanged. Floors raised to three items under for facts, gold and answered (0.69,
# 0.64, 0.80) and one item under for near-miss (0.76).
FLOORS = {
    "fact_in_answer": 0.69,
    "gold_cited": 0.64,
    "answerable_answered": 0.80,
    "near_miss_declined": 0.76,
    "challenge_detected": 0.92,
    "target_cited": 0.35,
    "both_sides_cited": 0.43,
    "verdict_agrees": 0.32,
    "citations_exact": 1.0,
}


@pytest.fixture(scope="module")
def test_half(
    tmp_path_factory: pytest.TempPathFactory, seeded_workspace: Path, embedder
) -> Iterator[Evaluation]:  # type: ignore[no-untyped-def]
    """The bundled corpus (copied from the session workspace) plus the held-out essays."""
    ws = tmp_path_factory.mktemp("eval") / "ws"
    shutil.copytree(seeded_workspace, ws)
    service = Counterpoint(Settings(workspace=ws), embedder=embedder)
    try:
        yield evaluate(service, ingest_eval_corpus(service), curve=False, halves=("test",))
    finally:
        service.close()


@pytest.mark.slow
@pytest.mark.timeout(1800)
@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_test_half_meets_its_floor(test_half: Evaluation, metric: str) -> None:
    tally = getattr(test_half.halves["test"], metric)
    assert tally.n > 0
    assert tally.ratio >= FLOORS[metric], f"{metric}: {tally}"


@pytest.mark.slow
def test_the_essay_means_the_principal_essay(service: Counterpoint) -> None:
    answer = service.ask("What does the essay argue about brand moats?")
    assert answer.grounded and answer.citations[0].doc_id == SEED_ID
    # what an essay argues is first its thesis: the lead quotes one of the seed's theses
    lead = answer.citations[0]
    theses = [c for c in service.claims() if c.doc_id == SEED_ID and c.is_thesis]
    assert any(t.start < lead.end and lead.start < t.end for t in theses)
    assert answer.analysis is not None and answer.analysis["essays"] == [SEED_ID]
    title = service.view.docs[SEED_ID].meta.title
    assert answer.answer.startswith(f"“The essay” here is “{title}”")
    assert "The same essay says" not in answer.answer


@pytest.mark.slow
def test_brand_moat_challenge_gets_a_real_verdict(service: Counterpoint) -> None:
    answer = service.ask(
        "Isn't the brand-moat argument wrong because brands just follow model performance?"
    )
    assert answer.verdict in ("supported", "contested", "refuted")
    claim = [c for c in answer.citations if c.side == "claim"]
    assert len(claim) == 1 and claim[0].doc_id == SEED_ID
    assert "brand moat" in claim[0].quote.lower()
    # "the brand-moat argument" is the argument as a whole: its essay's thesis
    assert claim[0].claim_id in {c.id for c in service.claims() if c.is_thesis}
    sides = {c.side for c in answer.citations}
    assert {"for", "against"} <= sides
    assert answer.target_citation == claim[0]
    assert answer.evidence_for and answer.evidence_against
    assert answer.verdict_basis in ("argument graph", "retrieved evidence")
    assert "Supporting the claim" in answer.answer and "Against the claim" in answer.answer
    # the essay that defends the claim is never cited against it (its report of the claim and
    # its "not the benchmark score but trust" agree with it); the one that rebuts it is
    against = {c.doc_id for c in answer.citations if c.side == "against"}
    assert "in-defence-of-the-brand-moat" not in against
    assert "switching-costs-not-brand-are-the-real-ai-moat" in against
    for c in answer.citations:
        assert service.view.docs[c.doc_id].text[c.start : c.end] == c.quote


@pytest.mark.slow
def test_statement_is_a_challenge(service: Counterpoint) -> None:
    answer = service.ask("Open weights are a gift to competitors, so no lab can build a business.")
    assert answer.verdict is not None and answer.analysis is not None
    assert answer.analysis["kind"] == "challenge"
