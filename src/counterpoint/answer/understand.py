"""Question understanding, offline: what is asked for, which essay is meant, and whether the
reader asks or takes a position.

Everything here is rules over the question's own words and the corpus's metadata (titles,
authors, dates, tags); no model call and no list of our essays. What the rules decide steers
retrieval (an essay named by title, author or description is searched first), answerability
(an answer must contain the kind of thing asked for) and the mode (a statement that takes a
position is a challenge, not a question). What is asked for lives in `asked.py` and which
essay is meant in `scope.py`; this module reads question against challenge and puts the three
together (`analyse`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from counterpoint.answer.asked import QUOTED, TYPED, asked_for
from counterpoint.answer.scope import EssayInfo, Scope, resolve_scope

# -- question or challenge -------------------------------------------------------------------
# A wh-word may follow a preposition ("For how long …", "Since when …", "From whom …").
_WH = re.compile(
    r"^\s*(?:(?:in|on|at|for|to|by|from|with|since|until|till|of|about|after|before|during|"
    r"among|between|under|over|through)\s+)?(?:what|which|who|whom|whose|when|where|why|how)\b"
    r"|^\s*(?:according to|per\b|list|name|tell me|give me|summari[sz]e|describe|explain|"
    r"compare)\b",
    re.I,
)
_WH_ANYWHERE = re.compile(r"\b(?:what|which|who|whom|when|where|why|how many|how much)\b", re.I)
_YES_NO = re.compile(
    r"(?:^|,\s*)(?:is|are|was|were|do|does|did|can|could|will|would|should|shall|has|have|had|"
    r"isn'?t|aren'?t|doesn'?t|don'?t|didn'?t|wasn'?t|won'?t|wouldn'?t|can'?t|couldn'?t|"
    r"shouldn'?t|hasn'?t|haven'?t|surely|must|might|may)\b",
    re.I,
)
# A yes/no question about what a text says is a fact question, not a position.
_ABOUT_TEXT = re.compile(
    r"^\s*(?:does|do|did|is|was|would|will)\s+(?:the |this |that |any |either )?(?:author|"
    r"essays?|essayist|writer|piece|article|post|response|reply|[A-Z][a-z]+)\s+(?:really\s+)?"
    r"(?:think|believe|argue|say|agree|claim|expect|mention|consider|see|hold|suggest|predict)"
    r"|\baccording to\b|\bin the (?:essay|article)\b|\bper (?:the )?['‘“\"]?[A-Z]"
    # "Would the interviewed builder …?", "Does the interviewee …?": what a person the text
    # interviews said or would do is a fact of the text, not a position the reader takes
    r"|^\s*(?:does|do|did|would|will|could|can)\s+the\s+(?:interviewee|"
    r"interviewed\s+\w+|\w+\s+interviewed|\w+\s+in\s+the\s+interview)\b",
    re.I,
)
# Words by which a wh-question takes a position of its own ("Why is the X argument wrong?").
_EVALUATIVE = re.compile(
    r"\b(?:wrong|right|mistaken|flawed|overrated|underrated|overstated|naive|misguided|"
    r"nonsense|myth|fails?|false|true|i (?:think|believe|disagree|agree|doubt))\b"
    # rhetorical questions: "Why would anyone …?", "What if X is just …?"
    r"|^\s*why (?:would|should|on earth would) (?:anyone|anybody|any \w+)\b|^\s*what if\b",
    re.I,
)
MIN_STATEMENT_WORDS = 5
_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|will|would|can|could|should|must|may|might|do|does|did|"
    r"has|have|had|won'?t|isn'?t|aren'?t|never|cannot)\b|n't\b",
    re.I,
)
_IMPERATIVE = re.compile(
    r"^\s*(?:tell|show|give|list|name|summari[sz]e|describe|explain|compare|find|quote)\b", re.I
)


def kind_of(question: str) -> str:
    """'question', 'challenge' (the reader takes a position: a statement, or a yes/no
    question that asserts something about the world) or 'both' (a wh-question that carries a
    position of its own, "Why is X wrong?")."""
    q = question.strip()
    unquoted = QUOTED.sub("", q)  # a title's words ("… Myth …") are not the reader's
    if _WH.search(q) or _IMPERATIVE.search(q):
        return "both" if _EVALUATIVE.search(unquoted) and not _ABOUT_TEXT.search(q) else "question"
    if _ABOUT_TEXT.search(q):
        return "question"
    if _YES_NO.search(q):
        return "challenge"
    if q.endswith("?") and _WH_ANYWHERE.search(q):
        return "question"  # "Lund bets X. Which essay answers that …?"
    if len(q.split()) < MIN_STATEMENT_WORDS and not _VERB.search(q):
        return "question"  # a bare topic ("network effects") asks, it does not assert
    return "challenge"  # a statement takes a position


@dataclass
class Analysis:
    """The question as understood: passed to retrieval, the answer writer and the LLM."""

    question: str
    kind: str  # "question" | "challenge" | "both"
    asked_for: list[str] = field(default_factory=lambda: ["other"])
    scope: Scope = field(default_factory=Scope)

    @property
    def is_challenge(self) -> bool:
        return self.kind in ("challenge", "both")

    @property
    def typed(self) -> list[str]:
        return [k for k in self.asked_for if k in TYPED]

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "asked_for": list(self.asked_for),
            "essays": list(self.scope.doc_ids),
            "scope": self.scope.reason or None,
        }


def analyse(question: str, essays: list[EssayInfo], principal: str | None) -> Analysis:
    return Analysis(
        question=question,
        kind=kind_of(question),
        asked_for=asked_for(question),
        scope=resolve_scope(question, essays, principal),
    )


_OPENERS = re.compile(
    r"^\s*(?:isn'?t it (?:true|the case) that|is it (?:true|really the case) that|surely|"
    r"i (?:think|believe|doubt|disagree|agree)(?: that)?|don'?t you think(?: that)?|but)\s*,?\s*",
    re.I,
)
_REASON = re.compile(r",?\s+\b(?:because|since|given that|as shown by)\b.*$", re.I)
# A yes/no question's auxiliary ("Doesn't X keep …?" → "X keep …"): the statement it asks
# the reader to grant reads closer to a claim than the question does.
_AUXILIARY = re.compile(
    r"^\s*(?:is|are|was|were|do|does|did|can|could|will|would|should|shall|has|have|had|"
    r"must|might|may|wo|ca|sha)(?:n'?t|n’t| not)?\s+(?=\w)",
    re.I,
)


def claim_part(question: str) -> str:
    """The position itself, without the reader's opener or reason: "Isn't X wrong because
    Y?" → "X wrong"; used with the whole text to find the claim it is about."""
    text = _REASON.sub("", _OPENERS.sub("", question.strip())).strip(" ?.!")
    text = _AUXILIARY.sub("", text)
    return text or question
