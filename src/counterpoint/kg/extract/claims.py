"""Offline claim extraction: which body sentences are the author's argumentative claims.

Claims are selective: a sentence is a claim when its general signals (kg/extract/scoring.py,
weights in lexicon/claim_weights.json) say it argues — a general, evaluative, modal or
contrastive statement — and not when it is evidence, narration, a report of someone else or
text organising the essay. Quotations, captions, footnotes and headings never reach this
module (kg/extract/text.py keeps the author's own sentences only).

A claim must read on its own. A short sentence ("The numbers say otherwise.") and a view the
author grants only to answer it are *provisional*: they are kept when a within-essay link
carries their content (pipeline.enrich drops them otherwise).

Theses: the 1-3 claims the essay exists to argue, chosen among the claims and the near-claims
of the introduction and conclusion (a thesis voiced "I think…" scores low as a plain claim),
by placement, centrality and voice (scoring.thesis_scores).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from counterpoint.config import ClaimSettings
from counterpoint.corpus.ids import span_id
from counterpoint.corpus.models import Document
from counterpoint.kg.extract import scoring, signals
from counterpoint.kg.extract.counterpoints import answers, is_granted_view
from counterpoint.kg.extract.pair_signals import verdict
from counterpoint.kg.extract.text import Sentence, body_sentences
from counterpoint.retrieval.base import Embed

EXTRACTOR_NAME = "counterpoint-rule-claims"
# 2.13: a short verdict on a view reported from a text in the sentence before is kept
# (`keeps`) to carry its cross-essay link
# 2.12: habitual past statements, tense read after an opening connective, "Once X, Y" not
# narration (2.11: a text labelling its view is a report; 2.10: finite present verbs, turn
# labels not scored)
EXTRACTOR_VERSION = "2.13"

_DEFAULTS = ClaimSettings()


@dataclass(frozen=True)
class Claim:
    """A claim span of one document; `text == doc.text[start:end]` by construction.
    `index` is its sentence's position among the body sentences (-1: not a whole sentence);
    `provisional` claims are kept only if a link carries them."""

    start: int
    end: int
    text: str
    confidence: float
    is_thesis: bool = False
    paragraph: int = 0
    section: str | None = None
    concession: bool = False
    index: int = -1
    provisional: bool = False

    def claim_id(self, doc: Document) -> str:
        return span_id(doc.doc_id, doc.content_hash, self.start, self.end, kind="claim")


def _sentence_score(
    sentences: list[Sentence], i: int, cfg: ClaimSettings
) -> tuple[float, Sentence | None]:
    s = sentences[i]
    prev = sentences[i - 1] if i and sentences[i - 1].paragraph == s.paragraph else None
    return scoring.claim_score(s, prev) - cfg.threshold, prev


def claim_confidence(text: str, cfg: ClaimSettings = _DEFAULTS) -> float:
    """How surely a sentence read alone is a claim (the score above the threshold, squashed
    into [0.05, 0.95])."""
    lone = Sentence(0, len(text), text, 1, None)
    return scoring.confidence(scoring.claim_score(lone, None) - cfg.threshold)


def _per_paragraph(sentences: list[Sentence]) -> dict[int, int]:
    out: dict[int, int] = {}
    for s in sentences:
        out[s.paragraph] = out.get(s.paragraph, 0) + 1
    return out


def candidate_claims(
    doc: Document, cfg: ClaimSettings = _DEFAULTS, sentences: list[Sentence] | None = None
) -> list[Claim]:
    """Claims, and the provisional ones (short, or granted views and answers that score
    below the threshold) that within-essay links may keep. `sentences`: the document's body
    sentences when the caller has them already."""
    if sentences is None:
        sentences = body_sentences(doc)
    per_para = _per_paragraph(sentences)
    out = []
    for i, s in enumerate(sentences):
        if scoring.is_fragment(s, per_para[s.paragraph] == 1, cfg.min_words):
            continue
        score, _ = _sentence_score(sentences, i, cfg)
        granted = is_granted_view(s.text)
        short = len(scoring.content_words(s.text)) < cfg.min_content_words
        if score <= 0 and not (granted or answers(s.text)):
            continue
        out.append(
            Claim(
                s.start,
                s.end,
                s.text,
                scoring.confidence(score),
                paragraph=s.paragraph,
                section=s.section,
                concession=granted,
                index=i,
                provisional=score <= 0 or short,
            )
        )
    return out


def keeps(
    claim: Claim,
    index: int,
    sentences: Sequence[Sentence],
    carried: bool,
    cfg: ClaimSettings = _DEFAULTS,
) -> bool:
    """Is the claim (body sentence `index`) stored: not provisional, carried by a
    within-essay link (`carried`), or a short verdict on a view that the sentence before
    reports from a text or a named writer ("The essay claims that X. This is wrong for the
    riders who pay."; `_reports_a_text`). That verdict is the essay's answer to X, which the
    cross-essay step links to X's own essay (responses._view_answers reads the view from
    the claim's context); dropped, the explicit report-and-verdict rule had nothing to link."""
    if not claim.provisional or carried:
        return True
    if index <= 0 or index >= len(sentences) or sentences[index - 1].paragraph != claim.paragraph:
        return False
    short = len(scoring.content_words(claim.text)) < cfg.min_content_words
    return short and bool(verdict(claim.text)) and _reports_a_text(sentences[index - 1].text)


_PERSONAL = frozenset({"he", "she", "they", "i", "we", "you", "it"})


def _reports_a_text(text: str) -> bool:
    """Does the sentence report a view ("The essay claims that", "Ferreira predicts that")
    from a source that is not a person of the story told ("He liked to say that") nor the
    unnamed others of a granted view ("Some say that", answered within the essay)? Only
    such a view can be another essay's."""
    if not signals.reports_view(text) or is_granted_view(text):
        return False
    words = text.split(maxsplit=1)
    return bool(words) and words[0].strip("“\"'‘’").lower() not in _PERSONAL


def mark_thesis(
    doc: Document,
    claims: list[Claim],
    embed: Embed | None = None,
    cfg: ClaimSettings = _DEFAULTS,
    promote: bool = True,
    sentences: list[Sentence] | None = None,
) -> list[Claim]:
    """Mark the 1-3 theses. With `promote`, sentences of the introduction and conclusion
    that score within `thesis_margin` of the threshold compete too, and a chosen one joins
    the claims."""
    if sentences is None:
        sentences = body_sentences(doc)
    if not sentences or not claims:
        return claims
    at = {s.start: i for i, s in enumerate(sentences)}
    by_index = {at[c.start]: c for c in claims if c.start in at and not c.provisional}
    shape = scoring.essay_shape(sentences)
    per_para = _per_paragraph(sentences)
    near: dict[int, float] = {}
    if promote:
        for i, s in enumerate(sentences):
            if i in by_index or s.paragraph not in shape.intro | shape.conclusion:
                continue
            if scoring.is_fragment(s, per_para[s.paragraph] == 1, cfg.min_words):
                continue
            if len(scoring.content_words(s.text)) < cfg.min_content_words:
                continue
            score, _ = _sentence_score(sentences, i, cfg)
            # a summing-up opening ("In short, …", "Put together, …") announces the thesis
            # restated, even when it is voiced in the first person or the past tense
            summing_up = signals.opens("conclusion_marker", s.text)
            if score > -(cfg.thesis_margin + (cfg.summary_margin if summing_up else 0.0)):
                near[i] = score
    candidates = sorted([*by_index, *near])
    if not candidates:
        return claims
    scores = scoring.thesis_scores(doc.meta.title, sentences, candidates, embed, cfg)
    chosen = {candidates[j] for j in scoring.pick_theses(scores, len(by_index), cfg)}
    out = []
    for c in claims:
        thesis = c.start in at and at[c.start] in chosen and not c.provisional
        # a claim whose mark stays is kept as it is (claims are frozen): `replace` on every
        # claim of every essay was a tenth of thesis choice
        out.append(c if c.is_thesis == thesis else replace(c, is_thesis=thesis))
    for i in sorted(chosen & near.keys()):
        s = sentences[i]
        out.append(
            Claim(
                s.start,
                s.end,
                s.text,
                scoring.confidence(near[i] + cfg.thesis_margin),
                True,
                s.paragraph,
                s.section,
                index=i,
            )
        )
    return sorted(out, key=lambda c: (c.start, c.end))


def extract_claims(
    doc: Document,
    embed: Embed | None = None,
    cfg: ClaimSettings = _DEFAULTS,
    sentences: list[Sentence] | None = None,
    candidates: list[Claim] | None = None,
) -> list[Claim]:
    """The offline extractor: scored sentences (provisional ones included), thesis marks.
    `candidates`: `candidate_claims` of the same document and settings when the caller has
    them already (ingest's prefetch found them: they need no vectors)."""
    if sentences is None:
        sentences = body_sentences(doc)
    found = candidates if candidates is not None else candidate_claims(doc, cfg, sentences)
    return mark_thesis(doc, found, embed, cfg, sentences=sentences)
