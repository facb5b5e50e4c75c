"""Challenge mode: find the claim a reader disputes or backs, weigh both sides, give a verdict.

Split by responsibility: `target.py` chooses the claim the reader's words take a position on,
`sides.py` gathers the evidence on both sides (argument graph and stance-placed retrieval),
`verdict.py` turns links or evidence into supported / contested / refuted / unclear, and
`challenge_corpus.py` holds what all three read. This module is the entry point.
"""

from __future__ import annotations

from counterpoint.answer.challenge_corpus import Corpus
from counterpoint.answer.sides import Placed, Weighing, shown, weigh
from counterpoint.answer.target import TARGET_MIN_SCORE, find_target, near_ties, rank_targets
from counterpoint.answer.understand import kind_of
from counterpoint.answer.verdict import Sides, verdict_from, verdict_of

__all__ = [
    "TARGET_MIN_SCORE",
    "Corpus",
    "Placed",
    "Sides",
    "Weighing",
    "find_target",
    "is_challenge",
    "near_ties",
    "rank_targets",
    "shown",
    "verdict_from",
    "verdict_of",
    "weigh",
]


def is_challenge(question: str) -> bool:
    """The reader takes a position (a statement, or a question asserting one): see
    `understand.kind_of`."""
    return kind_of(question) in ("challenge", "both")
