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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from counterpoint.kg.extract.text import tokens

EXTRACTOR_NAME = "counterpoint-rule-links"
EXTRACTOR_VERSION = "1.0"
MIN_TOPIC_ENTITIES = 5
MIN_SIMILARITY = 0.5

Embed = Callable[[list[str]], np.ndarray]


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


_REPORT = re.compile(
    r"\b(argues?|writes?|claims?|suggests?|predicts?|observes?|notes?|ends|says?|contends?"
    r"|asserts?|believes?)\b[^.]*?(\bthat\b|:)",
    re.IGNORECASE,
)
_REFERENCE = re.compile(
    r"\b(he|his|she|her|the (?:seed )?essay|the author|as \w+ (?:predicts|argues|writes|notes)"
    r"|[A-Z][a-z]+['’]s (?:prediction|claim|argument|view|suggestion|advice|point|thesis"
    r"|question|doubt|bet|challenge|conclusion|essay))\b",
)
_NEG = r"(?:not|n't|never|no|hardly)"
_SUPPORT = [
    (r"\bi (?:also )?agree\b", 2.0),
    (r"\b(?:is|are|was|were|more) (?:exactly )?right\b", 2.0),
    (r"\bexactly\b", 1.5),
    (r"\bapt\b", 2.0),
    (r"\bsupports?\b", 1.5),
    (r"\bconfirms?\b", 1.5),
    (r"\bstrengthen(?:s|ed)?\b", 1.0),
    (r"\bas \w+ (?:predicts|argues|observes|writes|notes)\b", 2.0),
    (r"\btrue\b", 1.0),
    (r"\bcorrect\b", 1.5),
]
_ATTACK = [
    (r"\bwrong\b", 2.0),
    (r"\bi disagree\b", 2.5),
    (r"\bdoes not hold\b|\bdoesn't hold\b|\bbreaks down\b", 2.0),
    (r"\bcounterexample\b", 2.0),
    (r"\bmisleading\b|\bmistaken\b|\bmyth\b|\boverstated\b", 2.0),
    (r"\bi doubt\b", 1.5),
    (r"\b(?:closed to|unlikely|harder|barrier)\b", 1.0),
]
_CONTRAST = re.compile(r"\b(but|however|yet)\b", re.IGNORECASE)
_NEGATION = re.compile(rf"\b{_NEG}\b|n't\b|\bunclear\b|\bnot sure\b", re.IGNORECASE)
_VERDICT_START = re.compile(
    r"^(this|that|i |in \w+ \w+ this|but|however|yet|it |these)", re.IGNORECASE
)
_REBUTTAL = re.compile(r"^(but|however|yet|still)\b|\bbut in practice\b", re.IGNORECASE)
_BECAUSE = re.compile(r"^(this|that) is (?:partly |largely )?because\b", re.IGNORECASE)
_THEREFORE = re.compile(r"^(this|that) is (?:exactly |precisely )?why\b", re.IGNORECASE)


def _cue_score(text: str) -> float:
    """Positive = supports, negative = attacks. Cues after a contrast marker weigh double;
    a negated support cue ('not true') counts as an attack."""
    low = text.lower()
    cut = max((m.start() for m in _CONTRAST.finditer(low)), default=-1)
    score = 0.0
    for pattern, weight in _SUPPORT + [(p, -w) for p, w in _ATTACK]:
        for m in re.finditer(pattern, low):
            w = weight
            before = low[max(0, m.start() - 12) : m.start()]
            if weight > 0 and re.search(rf"\b{_NEG}\b|n't", before):
                w = -weight
            score += w * (2.0 if 0 <= cut < m.start() else 1.0)
    if re.match(r"^(but|however|yet)\b", low):
        score -= 2.0
    return score


def polarity(verdict: str, anchor: str, target: str) -> tuple[str, float]:
    """Attack or support, and how sure: explicit cues first, else negation asymmetry
    between the answering text and the target."""
    score = _cue_score(verdict)
    if score == 0.0:
        neg_a = bool(_NEGATION.search(anchor if anchor != verdict else verdict))
        neg_t = bool(_NEGATION.search(target))
        return ("attack", 0.55) if neg_a != neg_t else ("support", 0.5)
    return ("support" if score > 0 else "attack"), min(0.95, 0.6 + 0.1 * abs(score))


def within_essay_links(claims: Sequence[LinkClaim]) -> list[Link]:
    """Counterpoints and explanations between adjacent claims of one paragraph."""
    out: list[Link] = []
    for prev, cur in itertools.pairwise(claims):
        if prev.paragraph != cur.paragraph:
            continue
        if prev.concession and _REBUTTAL.search(cur.text):
            out.append(Link(cur.id, prev.id, "attack", 0.8))
        elif _BECAUSE.search(cur.text):
            out.append(Link(cur.id, prev.id, "support", 0.75))
        elif _THEREFORE.search(cur.text):
            out.append(Link(prev.id, cur.id, "support", 0.7))
    return out


def _answers(claims: Sequence[LinkClaim]) -> list[tuple[LinkClaim, str]]:
    """(premise, anchor text): verdicts after a report, and self-contained references."""
    out: list[tuple[LinkClaim, str]] = []
    for i, c in enumerate(claims):
        prev = claims[i - 1] if i else None
        follows_report = (
            prev is not None
            and prev.paragraph == c.paragraph
            and bool(_REPORT.search(prev.text))
            and bool(_VERDICT_START.search(c.text))
        )
        if follows_report and prev is not None:
            out.append((c, prev.text))
        elif _REFERENCE.search(c.text) and _cue_score(c.text) != 0.0:
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
) -> list[Link]:
    """Each answering claim links to the most similar claim of an earlier on-topic essay
    (of the essay whose author it names, when it names one)."""
    docs = sorted(d for d in by_doc if d in on_topic)
    answers = [(p, a) for d in docs for p, a in _answers(by_doc[d])]
    answering = {p.id for p, _ in answers}
    targets = [  # an answer or a paraphrase of someone else is not a claim to answer
        c
        for d in docs
        for c in by_doc[d]
        if c.id not in answering and not _REPORT.search(c.text) and not _REFERENCE.search(c.text)
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
            sims[i, j] += 0.5 * _overlap(aw, tw)
    out: list[Link] = []
    for i, (premise, anchor) in enumerate(answers):
        best, best_sim = None, MIN_SIMILARITY
        named = _named_docs(f"{anchor} {premise.text}", authors or {})
        for j, target in enumerate(targets):
            if target.doc_id == premise.doc_id or (named and target.doc_id not in named):
                continue
            if premise.date and target.date and target.date > premise.date:
                continue  # a response answers what was written before it
            if sims[i, j] > best_sim + 1e-6:
                best, best_sim = target, float(sims[i, j])
        if best is None:
            continue
        kind, cue_conf = polarity(premise.text, anchor, best.text)
        conf = round(min(0.95, 0.5 * min(best_sim, 1.0) + 0.5 * cue_conf), 2)
        out.append(Link(premise.id, best.id, kind, conf))
    return out
