"""Gradual argument strength: how well each claim stands, as a number in [0, 1].

Dung's grounded status says standing / defeated / undecided; it cannot tell a claim attacked
by one weak aside from one attacked by three strong rebuttals. DF-QuAD (Rago, Toni, Aurisicchio
and Baroni, "Discontinuity-Free Decision Support with Quantitative Argumentation Debates",
KR 2016) can: every claim has a base score, attackers and supporters are each aggregated by
probabilistic sum, F(v1..vn) = 1 - prod(1 - vi), and the claim moves from its base score
towards 0 when attacks outweigh supports (tau * (1 - (va - vs))) or towards 1 otherwise
(tau + (1 - tau) * (vs - va)). Here an attacker or supporter contributes its own strength
times the link's confidence, so an uncertain link counts for less.

DF-QuAD is defined on acyclic graphs; on cycles (A attacks B attacks A) the plain iteration
can oscillate, so the update is damped (half old value, half new), which keeps the fixed
points and converges in practice. Base scores come from extraction confidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SEMANTICS = "DF-QuAD"
VERSION = "1.0"
MAX_ITERATIONS = 1000
TOLERANCE = 1e-6
DAMPING = 0.5


@dataclass(frozen=True)
class Edge:
    """premise attacks or supports conclusion with this confidence."""

    premise: str
    conclusion: str
    kind: str  # "attack" | "support"
    weight: float = 1.0


def aggregate(values: Iterable[float]) -> float:
    """Probabilistic sum: two strong attackers are stronger than one, never above 1."""
    rest = 1.0
    for v in values:
        rest *= 1.0 - min(max(v, 0.0), 1.0)
    return 1.0 - rest


def combine(base: float, attack: float, support: float) -> float:
    """DF-QuAD's combination of a base score with aggregated attack and support."""
    if attack >= support:
        return base - base * (attack - support)
    return base + (1.0 - base) * (support - attack)


def df_quad(base: Mapping[str, float], edges: Iterable[Edge]) -> dict[str, float]:
    """Strength of every claim in `base` (edges to unknown claims are ignored)."""
    attackers: dict[str, list[tuple[str, float]]] = {c: [] for c in base}
    supporters: dict[str, list[tuple[str, float]]] = {c: [] for c in base}
    for e in edges:
        if e.premise in base and e.conclusion in base and e.premise != e.conclusion:
            target = attackers if e.kind == "attack" else supporters
            target[e.conclusion].append((e.premise, e.weight))
    tau = {c: min(max(b, 0.0), 1.0) for c, b in base.items()}
    strength = dict(tau)
    for _ in range(MAX_ITERATIONS):
        new = {
            c: combine(
                tau[c],
                aggregate(strength[a] * w for a, w in attackers[c]),
                aggregate(strength[s] * w for s, w in supporters[c]),
            )
            for c in base
        }
        change = max((abs(new[c] - strength[c]) for c in base), default=0.0)
        strength = {c: DAMPING * strength[c] + (1 - DAMPING) * new[c] for c in base}
        if change < TOLERANCE:
            break
    return {c: round(v, 4) for c, v in strength.items()}
