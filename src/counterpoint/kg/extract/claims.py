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
from dataclasses import dataclass

import numpy as np

from counterpoint.config import ClaimSettings
from counterpoint.corpus.ids import span_id
from counterpoint.corpus.models import Document
from counterpoint.kg.extract.cues import (
    ANY_CONTRAST,
    ASIDE,
    AUXILIARY,
    CONCESSION,
    EVALUATIVE,
    FORECAST,
    MODAL,
    NARRATION,
    REPORTED,
    STANCE,
)
from counterpoint.kg.extract.text import Sentence, body_sentences, tokens
from counterpoint.retrieval.base import Embed

EXTRACTOR_NAME = "counterpoint-rule-claims"
EXTRACTOR_VERSION = "1.0"

# Rules never make a sentence certain or impossible: confidence stays inside these bounds.
CONFIDENCE_FLOOR, CONFIDENCE_CEILING = 0.05, 0.95
_DEFAULTS = ClaimSettings()
# A lone line inside the body must end like a sentence, else it reads as a caption.
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


def _rejected(s: Sentence, alone: bool, cfg: ClaimSettings) -> bool:
    text = s.text
    words = text.split()
    if len(words) < cfg.min_words or text.endswith(("?", ":")) or not text[0].isupper():
        return True
    if alone and not _TERMINATED.search(text):
        return True  # a lone unpunctuated line inside the body reads as a caption
    if ASIDE.search(text):
        return True
    caps = sum(1 for w in words[1:] if w[:1].isupper())
    return not AUXILIARY.search(text) and caps / len(words) > cfg.max_capitals_share


def claim_confidence(text: str, cfg: ClaimSettings = _DEFAULTS) -> float:
    """A plain assertion's base confidence, more with stance, modality, evaluation and
    contrast, less for narration; two decimals, within the floor and ceiling."""
    score = cfg.base_confidence
    score += cfg.stance_bonus if STANCE.search(text) else 0.0
    score += cfg.modal_bonus if MODAL.search(text) else 0.0
    score += cfg.evaluative_bonus if EVALUATIVE.search(text) else 0.0
    score += cfg.contrast_bonus if ANY_CONTRAST.search(text) else 0.0
    score -= cfg.narration_penalty if NARRATION.search(text) else 0.0
    return round(min(max(score, CONFIDENCE_FLOOR), CONFIDENCE_CEILING), 2)


def candidate_claims(doc: Document, cfg: ClaimSettings = _DEFAULTS) -> list[Claim]:
    """Every body sentence that survives the rejection rules, with its confidence."""
    sentences = body_sentences(doc)
    per_para: dict[int, int] = {}
    for s in sentences:
        per_para[s.paragraph] = per_para.get(s.paragraph, 0) + 1
    out = []
    for s in sentences:
        if _rejected(s, per_para[s.paragraph] == 1, cfg):
            continue
        conf = claim_confidence(s.text, cfg)
        if conf < cfg.min_confidence:
            continue
        out.append(
            Claim(
                s.start,
                s.end,
                s.text,
                conf,
                paragraph=s.paragraph,
                section=s.section,
                concession=bool(CONCESSION.search(s.text)),
            )
        )
    return out


def _lexical_similarity(a: str, b: str) -> float:
    ta, tb = set(tokens(a)), set(tokens(b))
    return len(ta & tb) / (len(ta | tb) or 1)


def mark_thesis(
    doc: Document,
    claims: list[Claim],
    embed: Embed | None = None,
    cfg: ClaimSettings = _DEFAULTS,
) -> list[Claim]:
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
        placed = c.paragraph == 0 or c.paragraph >= last_para - 1  # first or last two
        position = cfg.placement_bonus if placed else 0.0
        position += cfg.section_edge_bonus if i in edges else 0.0
        if not (STANCE.search(c.text) or MODAL.search(c.text)):
            position /= 2  # background at the top of an essay is placed, not voiced
        in_closing = c.section == closing_section and c.section is not None
        position += cfg.closing_section_bonus if in_closing else 0.0
        stance = cfg.thesis_stance_bonus if STANCE.search(c.text) else 0.0
        stance += cfg.forecast_bonus if FORECAST.search(c.text) else 0.0
        penalty = cfg.reported_penalty if c.concession or REPORTED.search(c.text) else 0.0
        s = (
            cfg.title_weight * float(title_sim[i])
            + cfg.conclusion_weight * float(concl_sim[i])
            + position
            + stance
            - penalty
        )
        scores.append((round(s, 6), -c.start, i))
    k = max(1, min(cfg.max_thesis, round(len(claims) / cfg.claims_per_thesis)))
    chosen = {i for _, _, i in sorted(scores, reverse=True)[:k]}
    return [
        Claim(
            c.start, c.end, c.text, c.confidence, i in chosen, c.paragraph, c.section, c.concession
        )
        for i, c in enumerate(claims)
    ]


def extract_claims(
    doc: Document, embed: Embed | None = None, cfg: ClaimSettings = _DEFAULTS
) -> list[Claim]:
    """The offline extractor: rule-filtered sentences, confidence, thesis marks."""
    return mark_thesis(doc, candidate_claims(doc, cfg), embed, cfg)
