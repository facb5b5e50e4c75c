"""Attack and support links between claims.

Within one essay: the author's own counterpoints ("It's true that X. But Y": Y attacks X)
and explanations ("X. This is because Y": Y supports X). Across essays: a response names
the claim it answers, either as a report ("Dempsey argues that X.") followed by a verdict
("This is wrong."), or in one sentence that refers to the other essay and takes a stance.
The report (or the sentence) finds the target by embedding similarity; the verdict gives
the polarity from stance cues, negation and contrast. Essays that are off-topic for the
corpus (too few gazetteer entities) take part in no link at all.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from counterpoint.config import LinkSettings
from counterpoint.kg.extract.cues import (
    ATTACK_CUES,
    BECAUSE,
    CONTRAST,
    NEGATED,
    NEGATION,
    OPENS_WITH_CONTRAST,
    REBUTTAL,
    REFERENCE,
    REPORT,
    SUPPORT_CUES,
    THEREFORE,
    VERDICT_START,
)
from counterpoint.kg.extract.text import tokens
from counterpoint.retrieval.base import Embed

EXTRACTOR_NAME = "counterpoint-rule-links"
EXTRACTOR_VERSION = "1.0"

_DEFAULTS = LinkSettings()
# A support cue preceded within this many characters by a negation ("not true") attacks.
NEGATION_WINDOW = 12
# Confidence of a polarity read from cues: this base, plus a step per unit of cue score,
# up to the ceiling (rules never make a link certain).
CUE_BASE_CONFIDENCE, CUE_STEP, CONFIDENCE_CEILING = 0.6, 0.1, 0.95
# Without cues, polarity is a guess from negation: a mismatch leans to attack, else support.
NEGATION_ATTACK_CONFIDENCE, DEFAULT_SUPPORT_CONFIDENCE = 0.55, 0.5
# Within one paragraph: a rebuttal after a concession is the surest pattern, "This is because"
# next, "That is why" last (its antecedent is the vaguest).
REBUTTAL_CONFIDENCE, BECAUSE_CONFIDENCE, THEREFORE_CONFIDENCE = 0.8, 0.75, 0.7
# A cross-essay link's confidence: the mean of target similarity and polarity confidence.
SIMILARITY_SHARE = 0.5
# Scores equal to the best so far within this do not replace it (float noise, stable order).
TIE_EPSILON = 1e-6


@dataclass(frozen=True)
class LinkClaim:
    """What linking needs of a claim: id, essay, text, paragraph index, essay date."""

    id: str
    doc_id: str
    text: str
    paragraph: int
    date: str = ""
    concession: bool = False


@dataclass(frozen=True)
class Link:
    premise: str
    conclusion: str
    kind: str  # "attack" | "support"
    confidence: float


def _cue_score(text: str, cfg: LinkSettings = _DEFAULTS) -> float:
    """Positive = supports, negative = attacks. Cues after a contrast marker weigh more;
    a negated support cue ('not true') counts as an attack."""
    low = text.lower()
    cut = max((m.start() for m in CONTRAST.finditer(low)), default=-1)
    score = 0.0
    for pattern, weight in list(SUPPORT_CUES) + [(p, -w) for p, w in ATTACK_CUES]:
        for m in re.finditer(pattern, low):
            w = weight
            before = low[max(0, m.start() - NEGATION_WINDOW) : m.start()]
            if weight > 0 and NEGATED.search(before):
                w = -weight
            score += w * (cfg.contrast_factor if 0 <= cut < m.start() else 1.0)
    if OPENS_WITH_CONTRAST.match(low):
        score -= cfg.opening_contrast
    return score


def polarity(
    verdict: str, anchor: str, target: str, cfg: LinkSettings = _DEFAULTS
) -> tuple[str, float]:
    """Attack or support, and how sure: explicit cues first, else negation asymmetry
    between the answering text and the target."""
    score = _cue_score(verdict, cfg)
    if score == 0.0:
        neg_a = bool(NEGATION.search(anchor if anchor != verdict else verdict))
        neg_t = bool(NEGATION.search(target))
        if neg_a != neg_t:
            return "attack", NEGATION_ATTACK_CONFIDENCE
        return "support", DEFAULT_SUPPORT_CONFIDENCE
    confidence = min(CONFIDENCE_CEILING, CUE_BASE_CONFIDENCE + CUE_STEP * abs(score))
    return ("support" if score > 0 else "attack"), confidence


def within_essay_links(claims: Sequence[LinkClaim]) -> list[Link]:
    """Counterpoints and explanations between adjacent claims of one paragraph."""
    out: list[Link] = []
    for prev, cur in itertools.pairwise(claims):
        if prev.paragraph != cur.paragraph:
            continue
        if prev.concession and REBUTTAL.search(cur.text):
            out.append(Link(cur.id, prev.id, "attack", REBUTTAL_CONFIDENCE))
        elif BECAUSE.search(cur.text):
            out.append(Link(cur.id, prev.id, "support", BECAUSE_CONFIDENCE))
        elif THEREFORE.search(cur.text):
            out.append(Link(prev.id, cur.id, "support", THEREFORE_CONFIDENCE))
    return out


def _answers(claims: Sequence[LinkClaim], cfg: LinkSettings) -> list[tuple[LinkClaim, str]]:
    """(premise, anchor text): verdicts after a report, and self-contained references."""
    out: list[tuple[LinkClaim, str]] = []
    for i, c in enumerate(claims):
        prev = claims[i - 1] if i else None
        follows_report = (
            prev is not None
            and prev.paragraph == c.paragraph
            and bool(REPORT.search(prev.text))
            and bool(VERDICT_START.search(c.text))
        )
        if follows_report and prev is not None:
            out.append((c, prev.text))
        elif REFERENCE.search(c.text) and _cue_score(c.text, cfg) != 0.0:
            out.append((c, c.text))
    return out


_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "as",
        "at",
        "by",
        "from",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "not",
        "no",
        "i",
        "he",
        "his",
        "she",
        "her",
        "we",
        "you",
        "they",
        "their",
        "our",
        "my",
        "me",
        "him",
        "them",
        "what",
        "which",
        "who",
        "whom",
        "than",
        "then",
        "so",
        "such",
        "into",
        "about",
        "over",
        "more",
        "most",
        "many",
        "much",
        "very",
        "just",
        "also",
        "only",
        "there",
        "here",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "if",
        "while",
        "because",
    ]
)


def _content_words(text: str) -> set[str]:
    return {t for t in tokens(text) if t not in _STOPWORDS and len(t) > 2}


def _overlap(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / ((len(a) + len(b)) or 1)


def _named_docs(text: str, authors: dict[str, list[str]]) -> set[str]:
    """Essays whose author's surname the text names ("Dempsey argues…")."""
    return {
        d
        for d, names in authors.items()
        for name in names
        if name.split() and re.search(rf"\b{re.escape(name.split()[-1])}\b", text)
    }


def cross_essay_links(
    by_doc: dict[str, list[LinkClaim]],
    on_topic: set[str],
    embed: Embed,
    authors: dict[str, list[str]] | None = None,
    cfg: LinkSettings = _DEFAULTS,
) -> list[Link]:
    """Each answering claim links to the most similar claim of an earlier on-topic essay
    (of the essay whose author it names, when it names one)."""
    docs = sorted(d for d in by_doc if d in on_topic)
    answers = [(p, a) for d in docs for p, a in _answers(by_doc[d], cfg)]
    answering = {p.id for p, _ in answers}
    targets = [  # an answer or a paraphrase of someone else is not a claim to answer
        c
        for d in docs
        for c in by_doc[d]
        if c.id not in answering and not REPORT.search(c.text) and not REFERENCE.search(c.text)
    ]
    if not answers or not targets:
        return []
    anchor_vecs = embed([a for _, a in answers])
    target_vecs = embed([t.text for t in targets])
    # a paraphrase reuses the target's content words: add their overlap to the cosine
    anchor_words = [_content_words(a) for _, a in answers]
    target_words = [_content_words(t.text) for t in targets]
    sims = anchor_vecs @ target_vecs.T
    for i, aw in enumerate(anchor_words):
        for j, tw in enumerate(target_words):
            sims[i, j] += cfg.overlap_weight * _overlap(aw, tw)
    out: list[Link] = []
    for i, (premise, anchor) in enumerate(answers):
        best, best_sim = None, cfg.min_similarity
        named = _named_docs(f"{anchor} {premise.text}", authors or {})
        for j, target in enumerate(targets):
            if target.doc_id == premise.doc_id or (named and target.doc_id not in named):
                continue
            if premise.date and target.date and target.date > premise.date:
                continue  # a response answers what was written before it
            if sims[i, j] > best_sim + TIE_EPSILON:
                best, best_sim = target, float(sims[i, j])
        if best is None:
            continue
        kind, cue_conf = polarity(premise.text, anchor, best.text, cfg)
        similarity = SIMILARITY_SHARE * min(best_sim, 1.0)
        conf = round(min(CONFIDENCE_CEILING, similarity + (1 - SIMILARITY_SHARE) * cue_conf), 2)
        out.append(Link(premise.id, best.id, kind, conf))
    return out
