"""The line under a challenge's evidence says why the graph alone would give its verdict."""

from __future__ import annotations

from counterpoint.answer.challenge_plan import _basis_line
from counterpoint.answer.sides import Placed, Weighing
from counterpoint.kg.claims import ClaimRecord


def _weighing(status: str) -> Weighing:
    claim = ClaimRecord("t", "a", "Lighthouses will outlast satellites.", 0, 36, True, 0.9, "x")
    claim.status = status
    w = Weighing(0, claim, 0.9, basis="argument graph", verdict="contested")
    w.evidence = [
        Placed(1, "for", 0.8, "argument graph", "supports it", "s"),
        Placed(2, "against", 0.8, "argument graph", "attacks it", "a"),
    ]
    w.graph_verdict = "refuted"
    return w


def test_a_defeated_claim_says_an_unanswered_attack_defeats_it() -> None:
    line = _basis_line(_weighing("defeated"))
    assert "1 claim attacks it and 1 claim supports it" in line
    assert "an attack that no claim answers defeats it" in line
    assert line.endswith("the corpus says contested.")


def test_no_reason_is_given_for_a_claim_still_standing() -> None:
    assert "defeats it" not in _basis_line(_weighing("standing"))
