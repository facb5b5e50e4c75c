"""Attack and support links between claims: the one type the rest of the system stores.

Within one essay (kg/extract/counterpoints.py): the author's own counterpoints ("Some believe
X… However, Y": Y attacks X), qualifications ("X. That said, Z"), explanations ("X. This is
because Y") and the reason given for an answer ("But Y. It is only so because Z": Z supports
Y), across sentence and paragraph boundaries, for every essay (no topic gate).

Across essays (kg/extract/responses.py): for each claim, its best match in each other essay,
kept when similar enough, aimed at an essay the response answers (names, or answers
implicitly by restating one of its claims) and carrying a stance of its own towards it
(each pair of essays is linked from the two essays alone, so a change re-links only the
changed essay's pairs); polarity from the responding sentence's verdict, opposition between
the two claims, evidence for it and, for a close restatement only, the essay pair's stance.
An essay about something else takes part in no cross-essay link: essays are compared by
content (their mean claim vectors), not by counting names from a list.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from counterpoint.config import LinkSettings
from counterpoint.kg.extract import counterpoints, responses
from counterpoint.kg.extract.counterpoints import EssayClaim
from counterpoint.kg.extract.naming import EssayInfo, Named, Naming, named_essays
from counterpoint.kg.extract.responses import ResponseClaim
from counterpoint.retrieval.base import Embed

EXTRACTOR_NAME = "counterpoint-rule-links"
# 2.14: an essay's thesis answers the thesis of a related earlier essay it does not name,
# in its own words (cosine >= responses.THESIS_SIMILARITY, no word overlap needed), when an
# antonym or a replacement opposes them (pair_signals.strong_opposition); within an essay, a
# claim limiting what the evidence shows ("None of this shows that X") attacks the thesis
# before it (counterpoints.limits_evidence)
# 2.13: an essay that names another answers it down to named_essay_similarity; a short
# verdict on a view reported in the sentence before is kept (claims.keeps) to carry its link
# 2.12: an answer goes on in the claims that add to it ("And Y'", "In any case, Y'"); views
# framed as unnamed others' ("A common objection is that X") are answered within an essay; a
# bare reply ("My reply: partly true.") answers through the claim after it; a concession
# grants a view of its own paragraph only
# (2.11: a text labelling its view ("X's essay makes a claim that Y") is a report;
# 2.10: views of long-described unnamed sources; 2.9: inline turn labels)
EXTRACTOR_VERSION = "2.14"

_DEFAULTS = LinkSettings()

__all__ = [
    "EXTRACTOR_NAME",
    "EXTRACTOR_VERSION",
    "EssayClaim",
    "EssayInfo",
    "Link",
    "Naming",
    "ResponseClaim",
    "cross_essay_links",
    "named_essays",
    "within_essay_links",
]


@dataclass(frozen=True)
class Link:
    premise: str
    conclusion: str
    kind: str  # "attack" | "support"
    confidence: float


def within_essay_links(claims: Sequence[EssayClaim], cfg: LinkSettings = _DEFAULTS) -> list[Link]:
    """The essay's own counterpoints, qualifications and explanations (claims in order)."""
    found = counterpoints.within_links(claims, cfg.window_sentences, cfg.window_paragraphs)
    return [Link(x.premise, x.conclusion, x.kind, x.confidence) for x in found]


def cross_essay_links(
    claims: Sequence[ResponseClaim],
    embed: Embed,
    named: Named | None = None,
    cfg: LinkSettings = _DEFAULTS,
    changed: Collection[str] | None = None,
    stats: dict[str, Any] | None = None,
) -> list[Link]:
    """Links from claims to claims of other, earlier essays on the same subject; with
    `changed`, only the links of essay pairs with an end in it (each pair's links depend on
    its two essays alone)."""
    found = responses.cross_links(claims, embed, named, cfg, changed, stats)
    return [Link(x.premise, x.conclusion, x.kind, x.confidence) for x in found]
