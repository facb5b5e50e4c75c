"""Claim status and essay-level stance from the attack/support links.

Status follows Dung's grounded semantics over the attack graph: a claim is "standing" when
every attacker is defeated, "defeated" when some standing claim attacks it, "undecided"
otherwise (cycles with no way out). Essay stance rolls claim links up to CiTO:
A cito:disagreesWith B when A's claims attack B's more than they support them, agreesWith
when they support more; both when the counts tie.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


def grounded_status(claims: Iterable[str], attacks: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Least fixed point of the characteristic function: iterate IN/OUT labelling."""
    nodes = set(claims)
    attackers: dict[str, set[str]] = {c: set() for c in nodes}
    for a, b in attacks:
        if a in nodes and b in nodes and a != b:
            attackers[b].add(a)
    status: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for c in sorted(nodes - status.keys()):
            if all(status.get(a) == "defeated" for a in attackers[c]):
                status[c] = "standing"
                changed = True
            elif any(status.get(a) == "standing" for a in attackers[c]):
                status[c] = "defeated"
                changed = True
    return {c: status.get(c, "undecided") for c in nodes}


def essay_stance(
    links: Iterable[tuple[str, str, str]], doc_of: dict[str, str]
) -> list[tuple[str, str, str]]:
    """(citing doc, 'agreesWith'|'disagreesWith', cited doc) from (premise, conclusion, kind)."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for premise, conclusion, kind in links:
        a, b = doc_of.get(premise), doc_of.get(conclusion)
        if a and b and a != b:
            counts[(a, b, kind)] += 1
    out = []
    for a, b in sorted({(a, b) for a, b, _ in counts}):
        att, sup = counts[(a, b, "attack")], counts[(a, b, "support")]
        if sup >= att:
            out.append((a, "agreesWith", b))
        if att >= sup:
            out.append((a, "disagreesWith", b))
    return out
