"""What planning hands to writing: a `Plan` (the question's kind, its extractive answer, the
numbered evidence a model may cite and, for a challenge, the sides and verdict).

It sits apart from the engine because two planners build it, the engine for fact questions
and `challenge_plan.py` for challenges, and both number their quotes with the same
bookkeeping (`has_quote`, `dedup`): here neither planner imports the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from counterpoint.answer.challenge import Weighing
from counterpoint.answer.evidence import Sentence
from counterpoint.answer.models import Answer, Verdict
from counterpoint.answer.understand import Analysis
from counterpoint.kg.claims import ClaimRecord


@dataclass
class Plan:
    question: str
    kind: str  # "decline" | "answer" | "challenge"
    extractive: Answer
    numbered: list[Sentence] = field(default_factory=list)
    sides: dict[int, str] = field(default_factory=dict)
    claim_ids: dict[int, str] = field(default_factory=dict)
    verdict: Verdict | None = None
    target_claims: list[str] | None = None
    analysis: Analysis | None = None
    weighing: Weighing | None = None


# Returns the Sentence quoting a claim (None when its offsets no longer verify; the engine
# checks what it returns like any other quote).
ClaimQuoter = Callable[[ClaimRecord], Sentence | None]


def has_quote(sentences: list[Sentence], s: Sentence) -> bool:
    return any(
        x.evidence.doc.doc_id == s.evidence.doc.doc_id and x.start == s.start for x in sentences
    )


def dedup(sentences: list[Sentence]) -> list[Sentence]:
    out: list[Sentence] = []
    for s in sentences:
        if not has_quote(out, s):
            out.append(s)
    return out
