"""Offline claim extraction: which body sentences are the author's argumentative claims.

A sentence is a claim unless a rule says it is not (questions, lead-ins ending in ':',
captions, verb-less fragments, asides and pleasantries); essays on strategy are mostly
argument, so rejection rules give better recall than a positive classifier would. The
features that remain (stance, hedges, modals, evaluations, contrast) set the confidence.
Thesis claims are the few most like the title and the conclusion, with a bonus for the
introduction and the closing section.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from counterpoint.corpus.ids import span_id
from counterpoint.corpus.models import Document
from counterpoint.kg.extract.text import Sentence, body_sentences, tokens

EXTRACTOR_NAME = "counterpoint-rule-claims"
EXTRACTOR_VERSION = "1.0"

Embed = Callable[[list[str]], np.ndarray]

_STANCE = re.compile(
    r"\b(i (?:think|believe|argue|would argue|agree|disagree|doubt|worry|suspect|expect)"
    r"|i['’]?m (?:not sure|net|bullish|skeptical|confident)|in my view|the (?:key|point) is"
    r"|i (?:largely )?view|this is (?:wrong|right|why|because)|(?:is|are) (?:wrong|right)"
    r"|the view that|my answer)\b",
    re.IGNORECASE,
)
_MODAL = re.compile(
    r"\b(will|won['’]t|would|should|must|could|may|might|can|cannot|likely|unlikely|unclear"
    r"|clear|perhaps|need to|have to)\b",
    re.IGNORECASE,
)
_EVALUATIVE = re.compile(
    r"\b(wrong|right|true|false|key|best|better|worse|durable|moat|moats|compelling|futile"
    r"|losing|important|importance|tenuous|apt|strong|stronger|weak|real|obvious|superior"
    r"|unassailable|dominant|essential|misleading|doomed)\b",
    re.IGNORECASE,
)
_CONTRAST = re.compile(r"\b(but|however|while|although|instead|yet|rather than)\b", re.IGNORECASE)
_CONCESSION = re.compile(
    r"^(it['’]s (?:true|fair to say|hard to say)|some argue|on one hand|admittedly|of course"
    r"|it['’]s tempting)",
    re.IGNORECASE,
)
_ASIDE = re.compile(
    r"\b(let['’]s not|let me have this|i['’]m writing this|tbh|i mostly wanted"
    r"|as close as i could)\b",
    re.IGNORECASE,
)
_NARRATION = re.compile(
    r"^(in a prior post|for example|for instance|most recently|lastly we['’]ve seen"
    r"|we['’]ve also seen)",
    re.IGNORECASE,
)
_AUX = re.compile(
    r"\b(is|are|was|were|be|been|being|am|has|have|had|do|does|did|will|would|can|could"
    r"|should|must|may|might|feel|feels|think|believe|seem|seems|becomes?|need|needs)\b",
    re.IGNORECASE,
)
# "Dempsey argues that …": a paraphrase of someone else is never this essay's thesis
_REPORTED = re.compile(
    r"\b(argues?|writes?|claims?|suggests?|predicts?|observes?|notes?|ends|says?)\b[^.]*?"
    r"(\bthat\b|:)|\bas \w+ (?:predicts|argues|writes)\b",
    re.IGNORECASE,
)
_TERMINATED = re.compile(r"[.!?][”\"’')\]]*$")


@dataclass(frozen=True)
class Claim:
    """A claim span of one document; `text == doc.text[start:end]` by construction."""

    start: int
    end: int
    text: str
    confidence: float
    is_thesis: bool = False
    paragraph: int = 0
    section: str | None = None
    concession: bool = False

    def claim_id(self, doc: Document) -> str:
        return span_id(doc.doc_id, doc.content_hash, self.start, self.end, kind="claim")


def _rejected(s: Sentence, alone: bool) -> bool:
    text = s.text
    words = text.split()
    if len(words) < 5 or text.endswith(("?", ":")) or not text[0].isupper():
        return True
    if alone and not _TERMINATED.search(text):
        return True  # a lone unpunctuated line inside the body reads as a caption
    if _ASIDE.search(text):
        return True
    caps = sum(1 for w in words[1:] if w[:1].isupper())
    return not _AUX.search(text) and caps / len(words) > 0.3


def claim_confidence(text: str) -> float:
    """0.5 for a plain assertion, more with stance, modality, evaluation and contrast."""
    score = 0.5
    score += 0.15 if _STANCE.search(text) else 0.0
    score += 0.1 if _MODAL.search(text) else 0.0
    score += 0.1 if _EVALUATIVE.search(text) else 0.0
    score += 0.05 if _CONTRAST.search(text) else 0.0
    score -= 0.2 if _NARRATION.search(text) else 0.0
    return round(min(max(score, 0.05), 0.95), 2)


def candidate_claims(doc: Document) -> list[Claim]:
    """Every body sentence that survives the rejection rules, with its confidence."""
    sentences = body_sentences(doc)
    per_para: dict[int, int] = {}
    for s in sentences:
        per_para[s.paragraph] = per_para.get(s.paragraph, 0) + 1
    out = []
    for s in sentences:
        if _rejected(s, per_para[s.paragraph] == 1):
            continue
        conf = claim_confidence(s.text)
        if conf < 0.4:
            continue
        out.append(
            Claim(
                s.start,
                s.end,
                s.text,
                conf,
                paragraph=s.paragraph,
                section=s.section,
                concession=bool(_CONCESSION.search(s.text)),
            )
        )
    return out


def _lexical_similarity(a: str, b: str) -> float:
    ta, tb = set(tokens(a)), set(tokens(b))
    return len(ta & tb) / (len(ta | tb) or 1)


def mark_thesis(doc: Document, claims: list[Claim], embed: Embed | None = None) -> list[Claim]:
    """Mark the 1-3 claims the essay exists to argue (title- and conclusion-like, placed in
    the introduction or the closing section, voiced with stance)."""
    if not claims:
        return claims
    last_para = max(c.paragraph for c in claims)
    closing_section = claims[-1].section
    closing = [c.text for c in claims if c.section == closing_section] or [claims[-1].text]
    if embed is not None:
        # claim vectors are reused for linking (the service caches them); the conclusion is
        # the mean of its claims' vectors rather than one long, costly extra text
        vecs = embed([doc.meta.title] + [c.text for c in claims])
        closing_idx = [i for i, c in enumerate(claims) if c.section == closing_section]
        conclusion = vecs[1:][closing_idx or [-1]].mean(axis=0)
        conclusion = conclusion / (np.linalg.norm(conclusion) or 1.0)
        title_sim = vecs[1:] @ vecs[0]
        concl_sim = vecs[1:] @ conclusion
    else:
        title_sim = np.array([_lexical_similarity(doc.meta.title, c.text) for c in claims])
        concl_sim = np.array([_lexical_similarity(" ".join(closing), c.text) for c in claims])
    edges = set()
    for i, c in enumerate(claims):  # first and last claim of each section
        if i == 0 or claims[i - 1].section != c.section:
            edges.add(i)
        if i == len(claims) - 1 or claims[i + 1].section != c.section:
            edges.add(i)
    scores = []
    for i, c in enumerate(claims):
        position = 0.15 if c.paragraph == 0 or c.paragraph >= last_para - 1 else 0.0
        position += 0.1 if i in edges else 0.0
        if not (_STANCE.search(c.text) or _MODAL.search(c.text)):
            position /= 2  # background at the top of an essay is placed, not voiced
        position += 0.05 if c.section == closing_section and c.section is not None else 0.0
        stance = 0.1 if _STANCE.search(c.text) else 0.0
        stance += 0.05 if re.search(r"\b(likely|will)\b", c.text) else 0.0
        penalty = 0.3 if c.concession or _REPORTED.search(c.text) else 0.0
        s = 0.5 * float(title_sim[i]) + 0.3 * float(concl_sim[i]) + position + stance - penalty
        scores.append((round(s, 6), -c.start, i))
    k = max(1, min(3, round(len(claims) / 15)))
    chosen = {i for _, _, i in sorted(scores, reverse=True)[:k]}
    return [
        Claim(
            c.start, c.end, c.text, c.confidence, i in chosen, c.paragraph, c.section, c.concession
        )
        for i, c in enumerate(claims)
    ]


def extract_claims(doc: Document, embed: Embed | None = None) -> list[Claim]:
    """The offline extractor: rule-filtered sentences, confidence, thesis marks."""
    return mark_thesis(doc, candidate_claims(doc), embed)
