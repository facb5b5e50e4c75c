"""The verdict on a challenged claim: from the argument graph (links, status, and the
claim's gradual strength when the graph carries one), or, when the graph links nothing to
the claim, from the balance of stance-placed evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from counterpoint.answer.models import Verdict
from counterpoint.kg.claims import ClaimRecord

# A side counts in the verdict once its weight reaches this.
SIDE_THRESHOLD = 0.5


@dataclass
class Sides:
    """A target claim and the claims the argument graph links to it."""

    targets: list[ClaimRecord] = field(default_factory=list)
    supporters: list[ClaimRecord] = field(default_factory=list)
    attackers: list[ClaimRecord] = field(default_factory=list)


# With a gradual strength (DF-QuAD, when the graph carries one), a claim linked on both
# sides leans to a verdict once its strength passes these.
STRONG = 0.75
WEAK = 0.25


def _one_verdict(
    target: ClaimRecord, supporters: list[ClaimRecord], attackers: list[ClaimRecord]
) -> Verdict:
    if target.status == "defeated":
        return "refuted"
    verdict: Verdict = "unclear"
    if supporters and attackers:
        verdict = "contested"
    elif supporters:
        verdict = "supported"
    elif attackers:
        verdict = "refuted" if any(a.status == "standing" for a in attackers) else "contested"
    strength = getattr(target, "strength", None)
    # Only a claim linked on both sides leans by its strength: a claim whose only attackers
    # are themselves defeated has nothing for it ("supported" would name support that no
    # claim gives) and stays contested for the weighed evidence to settle (sides.weigh).
    if verdict == "contested" and strength is not None and supporters and attackers:
        if strength >= STRONG:
            verdict = "supported"
        elif strength <= WEAK:
            verdict = "refuted"
    return verdict


def verdict_of(sides: Sides) -> Verdict:
    """supported | contested | refuted | unclear, from links, status and strength only."""
    if not sides.targets:
        return "unclear"
    per_target: set[Verdict] = set()
    for t in sides.targets:
        sup = [c for c in sides.supporters if t.id in c.supports]
        att = [c for c in sides.attackers if t.id in c.attacks]
        per_target.add(_one_verdict(t, sup, att))
    if len(per_target) > 1:
        per_target.discard("unclear")  # a target with no evidence does not dilute the others
    return per_target.pop() if len(per_target) == 1 else "contested"


def verdict_from(weight_for: float, weight_against: float) -> Verdict:
    """From stance-placed evidence alone: a side counts once its weight (per essay, the
    strongest sentence) reaches SIDE_THRESHOLD."""
    has_for, has_against = weight_for >= SIDE_THRESHOLD, weight_against >= SIDE_THRESHOLD
    if has_for and has_against:
        return "contested"
    if has_for:
        return "supported"
    if has_against:
        return "refuted"
    if weight_for > 0 or weight_against > 0:
        return "supported" if weight_for >= weight_against else "refuted"
    return "unclear"
