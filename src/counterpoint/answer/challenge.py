"""Challenge mode: the reader disputes a claim; show the strongest evidence on both sides.

The verdict comes from the argument graph, not from a model: which claims attack or support
the target (AIF CA/RA links) and the target's status under grounded semantics. Retrieval adds
related passages, sorted to a side by whether they sit closer to the claim or to the reader's
objection; they inform the reader but never change the verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from counterpoint.answer.evidence import Sentence
from counterpoint.answer.models import Verdict
from counterpoint.kg.claims import ClaimRecord
from counterpoint.kg.extract.cues import CHALLENGE as _CHALLENGE
from counterpoint.kg.extract.cues import OBJECTION as _OBJECTION
from counterpoint.retrieval.base import Embedder

TARGET_MIN_SIMILARITY = 0.40
TARGET_BAND = 0.05  # other claims within this of the best are targeted too
MAX_TARGETS = 2
THESIS_BONUS = 0.03
SIDE_MARGIN = 0.03


def is_challenge(question: str) -> bool:
    """Questions that dispute rather than ask: "Isn't X wrong because Y?", "I disagree…"."""
    return bool(_CHALLENGE.search(question))


def objection_of(question: str) -> str:
    """The reader's reason, when given ("… because brands follow performance")."""
    m = _OBJECTION.search(question)
    return m.group(2) if m else question


@dataclass
class Sides:
    targets: list[ClaimRecord] = field(default_factory=list)
    supporters: list[ClaimRecord] = field(default_factory=list)
    attackers: list[ClaimRecord] = field(default_factory=list)
    related_for: list[Sentence] = field(default_factory=list)
    related_against: list[Sentence] = field(default_factory=list)


def find_targets(
    embedder: Embedder,
    question: str,
    claims: list[ClaimRecord],
    claim_vecs: np.ndarray | None = None,
) -> list[ClaimRecord]:
    if not claims:
        return []
    vecs = claim_vecs if claim_vecs is not None else embedder.embed_batch([c.text for c in claims])
    q = embedder.embed_batch([question])[0]
    scores = vecs @ q + np.array([THESIS_BONUS if c.is_thesis else 0.0 for c in claims])
    order = np.argsort(-scores)
    best = float(scores[order[0]])
    if best < TARGET_MIN_SIMILARITY:
        return []
    return [claims[i] for i in order[:MAX_TARGETS] if float(scores[i]) >= best - TARGET_BAND]


def linked_sides(targets: list[ClaimRecord], claims: list[ClaimRecord]) -> Sides:
    ids = {t.id for t in targets}
    sides = Sides(targets=targets)
    for c in claims:
        if c.id in ids:
            continue
        if ids & set(c.supports):
            sides.supporters.append(c)
        if ids & set(c.attacks):
            sides.attackers.append(c)
    return sides


def _one_verdict(
    target: ClaimRecord, supporters: list[ClaimRecord], attackers: list[ClaimRecord]
) -> Verdict:
    if target.status == "defeated":
        return "refuted"
    if supporters and attackers:
        return "contested"
    if supporters:
        return "supported"
    if attackers:
        return "refuted" if any(a.status == "standing" for a in attackers) else "contested"
    return "unclear"


def verdict_of(sides: Sides) -> Verdict:
    """supported | contested | refuted | unclear, from links and status only."""
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


def split_related(
    embedder: Embedder,
    question: str,
    targets: list[ClaimRecord],
    sentences: list[Sentence],
    exclude: set[tuple[str, int]],
    limit: int = 2,
) -> tuple[list[Sentence], list[Sentence]]:
    """Retrieved sentences closer to the target claim go 'for', closer to the objection
    'against' (a heuristic: it orders what the reader sees, never the verdict)."""
    pool = [s for s in sentences if (s.evidence.doc.doc_id, s.start) not in exclude]
    if not pool:
        return [], []
    claim_text = " ".join(t.text for t in targets) or question
    vecs = embedder.embed_batch([claim_text, objection_of(question)] + [s.text for s in pool])
    claim_v, obj_v, sent_v = vecs[0], vecs[1], vecs[2:]
    for_side: list[Sentence] = []
    against: list[Sentence] = []
    for s, v in zip(pool, sent_v, strict=True):
        to_claim, to_obj = float(v @ claim_v), float(v @ obj_v)
        if to_obj > to_claim + SIDE_MARGIN and len(against) < limit:
            against.append(s)
        elif to_claim > to_obj + SIDE_MARGIN and len(for_side) < limit:
            for_side.append(s)
    return for_side, against
