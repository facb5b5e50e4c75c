"""Which claim a challenge is about: the sentence of the corpus the reader's words take a
position on.

The reader's words are compared with every sentence (one matrix product over the sentence
table), preferring claims, theses, the principal essay and the essays the question names, and
avoiding sentences that merely report another essay's view: a report stands for the
original it reports (the original is preferred to its paraphrase).
"""

from __future__ import annotations

import re

import numpy as np

from counterpoint.answer.challenge_corpus import Corpus, content_words, overlap
from counterpoint.answer.stance import refers_elsewhere, verdict_score

# Target choice (cosine + bonuses), tuned on the dev half of tests/data/qa/eval_set.json.
THESIS_BONUS = 0.03
CLAIM_BONUS = 0.02
PRINCIPAL_BONUS = 0.12
SCOPE_BONUS = 0.08
LINK_BONUS = 0.01  # per linked claim, at most MAX_LINK_BONUS
MAX_LINK_BONUS = 0.03
REPORT_PENALTY = 0.12
VERDICT_PENALTY = 0.08
OVERLAP_WEIGHT = 0.25
TARGET_MIN_SCORE = 0.35
CANDIDATES = 40
# A report resolves to the reported essay's sentence at least this close to it.
ORIGINAL_MIN_SIMILARITY = 0.55


def _reports_other(text: str, doc_id: str, corpus: Corpus) -> bool:
    """The sentence restates another essay's view: names its author or refers to it."""
    if refers_elsewhere(text):
        return True
    for other, names in corpus.surnames.items():
        if other == doc_id:
            continue
        if any(re.search(rf"\b{re.escape(n)}\b", text) for n in names):
            return True
    return False


def find_target(
    q_vecs: np.ndarray,
    question: str,
    corpus: Corpus,
    scope: tuple[str, ...] = (),
) -> tuple[int, float] | None:
    """The sentence the reader's words take a position on: (row, score) or None."""
    table = corpus.table
    if not len(table):
        return None
    sims = (table.vecs @ q_vecs.T).max(axis=1)
    pool = np.argsort(-sims)[:CANDIDATES]
    claims_at = corpus.claim_at()
    degree: dict[str, int] = {}
    for c in corpus.claims:
        for t in (*c.attacks, *c.supports):
            degree[t] = degree.get(t, 0) + 1
            degree[c.id] = degree.get(c.id, 0) + 1
    q_words = content_words(question)
    best: tuple[int, float] | None = None

    def match(r: int) -> float:
        return float(sims[r]) + OVERLAP_WEIGHT * overlap(q_words, content_words(corpus.text(r)))

    for candidate in pool:
        row = int(candidate)
        text = corpus.text(row)
        score = match(row)
        original = original_of(row, corpus)
        if original is not None:  # a report stands for the claim it reports
            row, score = original, max(score, match(original))
        elif _reports_other(text, table.doc_ids[row], corpus):
            score -= REPORT_PENALTY
        elif verdict_score(text):
            score -= VERDICT_PENALTY  # a response's verdict, not the claim it answers
        doc = table.doc_ids[row]
        claim = claims_at.get(row)
        if claim is not None:
            score += CLAIM_BONUS + (THESIS_BONUS if claim.is_thesis else 0.0)
            score += min(MAX_LINK_BONUS, LINK_BONUS * degree.get(claim.id, 0))
        if scope and doc in scope:
            score += SCOPE_BONUS
        elif not scope and doc == corpus.principal:
            score += PRINCIPAL_BONUS
        if best is None or score > best[1]:
            best = (row, score)
    if best is None or best[1] < TARGET_MIN_SCORE:
        return None
    return best


def _reported_essays(text: str, doc: str, corpus: Corpus) -> list[str]:
    """Essays a sentence reports on: those whose authors it names, else the principal essay
    when it refers to "the essay" or "he" without a name."""
    named = [
        other
        for other, names in corpus.surnames.items()
        if other != doc and any(re.search(rf"\b{re.escape(n)}\b", text) for n in names)
    ]
    if named:
        return named
    if refers_elsewhere(text) and corpus.principal and corpus.principal != doc:
        return [corpus.principal]
    return []


def original_of(row: int, corpus: Corpus) -> int | None:
    """For a sentence that reports another essay's claim ("Okafor argues that X", or a
    verdict right after such a report), the sentence of that essay that states the claim."""
    table = corpus.table
    doc = table.doc_ids[row]
    text = corpus.text(row)
    source_row = row
    essays = _reported_essays(text, doc, corpus)
    prev = int(table.prev[row])
    if not essays and prev >= 0 and verdict_score(text):
        essays = _reported_essays(corpus.text(prev), doc, corpus)
        source_row = prev
    if not essays:
        return None
    rows = table.rows_of(essays)
    if not len(rows):
        return None
    sims = table.vecs[rows] @ table.vecs[source_row]
    i = int(np.argmax(sims))
    return int(rows[i]) if float(sims[i]) >= ORIGINAL_MIN_SIMILARITY else None
