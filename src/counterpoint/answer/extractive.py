"""Offline answers: the sentences that could answer a question, ranked, and quoted exactly.

No LLM is involved, so nothing can be invented; the judgement is which sentences to show,
made here by embedding similarity to the question and the strength of their chunk (and in
`select.py` by what the question asks for). `compose.py` writes them up.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from counterpoint.answer.evidence import Evidence, Sentence
from counterpoint.answer.models import Answer, Citation
from counterpoint.answer.verify import quote_of
from counterpoint.corpus.models import Document
from counterpoint.corpus.sentences import sentence_spans
from counterpoint.retrieval.base import Embedder
from counterpoint.retrieval.sentence_vectors import SentenceVectors

MIN_WORDS = 4
SENTENCE_WEIGHT = 0.75


# A sentence opening with one of these leans on the one before; quoted alone it reads as a
# fragment ("It stays because…"), so it is quoted together with its predecessor.
_ANAPHORA = re.compile(r"^(It|This|That|These|Those|They|Such|So)\b")


def quote_units(text: str, start: int, end: int) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Quotable spans of text[start:end]: sentences, with dependent followers attached."""
    units: list[tuple[int, int, list[tuple[int, int]]]] = []
    for s, e in sentence_spans(text, start, end):
        same_line = units and "\n" not in text[units[-1][1] : s]
        if units and same_line and _ANAPHORA.match(text[s:e]):
            s0, _, parts = units[-1]
            units[-1] = (s0, e, [*parts, (s, e)])
        else:
            units.append((s, e, [(s, e)]))
    return units


def candidate_sentences(evidence: list[Evidence]) -> list[tuple[Evidence, int, int]]:
    out = []
    for ev in evidence:
        for s, e, _ in quote_units(ev.doc.text, ev.chunk.start, ev.chunk.end):
            if len(ev.doc.text[s:e].split()) >= MIN_WORDS:
                out.append((ev, s, e))
    return out


def rank_sentences(
    embedder: Embedder,
    question: str,
    evidence: list[Evidence],
    cached: SentenceVectors | None = None,
    preset: Mapping[tuple[str, int, int], np.ndarray] | None = None,
    variants: Mapping[str, tuple[re.Pattern[str], str]] | None = None,
) -> list[Sentence]:
    """Sentences of the evidence by similarity to the question (mixed with chunk strength);
    cached sentence vectors spare embedding them again on every question. `preset`: vectors
    to use for some (chunk id, start, end) spans instead of their own embedding (a
    footnote's sentences read in the context of the sentence that refers to them).
    `variants`: for a sentence that `pattern` matches, the question worded as `variant`
    (a name in the form that sentence uses, answer/names.py) counts when it is closer: an
    embedder does not know that a name and its initials are one entity."""
    cands = candidate_sentences(evidence)
    if not cands:
        return []
    q = embedder.embed_batch([question])[0]
    known: dict[tuple[str, int, int], np.ndarray] = dict(preset or {})
    if cached is not None:
        for ev in {ev.chunk.chunk_id: ev for ev, _, _ in cands}.values():
            cid = ev.chunk.chunk_id
            row = cached.of_chunk(cid)
            if row is None:
                continue
            for (s, e), v in zip(row[0], row[1], strict=True):
                known[(cid, int(s), int(e))] = v
            for s, e, parts in quote_units(ev.doc.text, ev.chunk.start, ev.chunk.end):
                found = [known.get((cid, ps, pe)) for ps, pe in parts]
                vs = [v for v in found if v is not None]
                if len(parts) > 1 and len(vs) == len(parts):
                    mean = np.mean(vs, axis=0)  # a joined unit: the mean of its sentences
                    known[(cid, s, e)] = mean / (np.linalg.norm(mean) or 1.0)
    todo = [(ev, s, e) for ev, s, e in cands if (ev.chunk.chunk_id, s, e) not in known]
    if todo:
        fresh = embedder.embed_batch([ev.doc.text[s:e] for ev, s, e in todo])
        for (ev, s, e), v in zip(todo, fresh, strict=True):
            known[(ev.chunk.chunk_id, s, e)] = v
    sims = np.array([float(known[(ev.chunk.chunk_id, s, e)] @ q) for ev, s, e in cands])
    if variants:
        texts = list(variants.values())
        vq = embedder.embed_batch([v for _, v in texts])
        for i, (ev, s, e) in enumerate(cands):
            text = ev.doc.text[s:e]
            for j, (pattern, _) in enumerate(texts):
                if pattern.search(text):
                    sims[i] = max(sims[i], float(known[(ev.chunk.chunk_id, s, e)] @ vq[j]))
    ranked = [
        Sentence(evidence=ev, start=s, end=e, similarity=float(sim))
        for (ev, s, e), sim in zip(cands, sims, strict=True)
    ]
    ranked.sort(
        key=lambda x: -(SENTENCE_WEIGHT * x.similarity + (1 - SENTENCE_WEIGHT) * x.evidence.score)
    )
    return ranked


def byline(doc: Document) -> str:
    who = " and ".join(doc.meta.authors) if doc.meta.authors else "The author"
    return f"{who} writes in “{doc.meta.title}”"


# an essay's own footnote markers closing a sentence ("… monthly active users.[2]")
_TRAILING_NOTES = re.compile(r"(?:\s*\[\d{1,3}\])+$")


def without_note_markers(s: Sentence) -> Sentence:
    """The sentence without the essay's own footnote markers at its end: an answer numbers
    its citations "[n]" too, and "users.[2]" [1] reads as if the quote cited our [2]. The
    quote stays exact text (`text[start:end]`, a shorter end); markers inside it stay."""
    found = _TRAILING_NOTES.search(s.text)
    if found is None or found.start() == 0:
        return s
    return replace(s, end=s.start + found.start())


def to_citation(
    n: int, s: Sentence, claim_id: str | None = None, side: str | None = None
) -> Citation:
    """A citation re-read from the canonical text at its offsets and checked against the
    stored document and chunk (`quote_of`); GroundingError if it is not stored text."""
    doc = s.evidence.doc
    s = without_note_markers(s)
    quote = quote_of(s)
    return Citation(
        n=n,
        doc_id=doc.doc_id,
        title=doc.meta.title,
        authors=doc.meta.authors,
        date=doc.meta.date.isoformat() if doc.meta.date else None,
        url=doc.meta.url,
        chunk_id=s.evidence.chunk.chunk_id,
        start=s.start,
        end=s.end,
        quote=quote,
        claim_id=claim_id,
        side=side,
    )


def not_covered(question: str, titles: list[str]) -> Answer:
    covered = "; ".join(f"“{t}”" for t in titles[:8]) or "nothing yet (the corpus is empty)"
    return Answer(
        question=question,
        answer=(
            "The corpus does not cover this question: no passage is close enough to quote. "
            f"It covers: {covered}."
        ),
        grounded=False,
    )
