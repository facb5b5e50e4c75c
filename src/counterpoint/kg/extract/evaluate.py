"""Scoring extracted claims and links against hand labels (tests/data/labels/).

Labels are sentence texts, not offsets: the canonical text shifts whenever the cleaner
improves. A prediction matches a label when their word sets agree (Dice coefficient), which
tolerates footnote numbers glued on or split off and quote-style differences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from counterpoint.kg.claims import ClaimRecord
from counterpoint.kg.extract.text import tokens

MATCH = 0.6


def dice(a: str, b: str) -> float:
    ta, tb = set(tokens(a)), set(tokens(b))
    return 2 * len(ta & tb) / ((len(ta) + len(tb)) or 1)


@dataclass(frozen=True)
class ClaimScores:
    precision: float
    recall: float
    thesis_hits: int
    n_predicted: int


def score_claims(predicted: list[ClaimRecord], labels: dict[str, Any]) -> ClaimScores:
    """Optional labels (borderline sentences) count neither for nor against."""
    gold = [c["text"] for c in labels["claims"]]
    thesis = [c["text"] for c in labels["claims"] if c.get("thesis")]
    optional = labels.get("optional", [])
    matched: set[int] = set()
    tp = fp = 0
    for c in predicted:
        best = max(range(len(gold)), key=lambda i: dice(c.text, gold[i]))
        if dice(c.text, gold[best]) >= MATCH and best not in matched:
            matched.add(best)
            tp += 1
        elif not any(dice(c.text, o) >= MATCH for o in optional):
            fp += 1
    hits = sum(
        1 for c in predicted if c.is_thesis and any(dice(c.text, t) >= MATCH for t in thesis)
    )
    return ClaimScores(tp / ((tp + fp) or 1), len(matched) / (len(gold) or 1), hits, len(predicted))


@dataclass(frozen=True)
class LinkScores:
    found: int
    labelled: int
    correct: int

    @property
    def recall(self) -> float:
        return self.found / (self.labelled or 1)

    @property
    def polarity_accuracy(self) -> float:
        return self.correct / (self.found or 1)


def score_links(claims: list[ClaimRecord], labels: dict[str, Any]) -> LinkScores:
    """For each labelled link, the predicted link between matching claims (if any) and
    whether its polarity agrees."""
    by_id = {c.id: c for c in claims}
    edges = [
        (c, by_id[t], kind)
        for c in claims
        for kind, ts in (("attack", c.attacks), ("support", c.supports))
        for t in ts
        if t in by_id
    ]
    found = correct = 0
    for label in labels["links"]:
        targets = [label["target"], *label.get("alternatives", [])]
        hits = [
            kind
            for p, t, kind in edges
            if p.doc_id == label["premise_doc"]
            and dice(p.text, label["premise"]) >= 0.8
            and any(dice(t.text, x) >= MATCH for x in targets)
        ]
        if hits:
            found += 1
            correct += hits[0] == label["polarity"]
    return LinkScores(found, len(labels["links"]), correct)
