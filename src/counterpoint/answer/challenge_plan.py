"""Challenge mode's plan and extractive answer, built from what `challenge.py` provides.

`challenge.py` finds the claim a reader disputes or backs and weighs both sides; this module
turns that weighing into what the reader sees: the spans that quote the target (reaching back
to the short paragraph opener it elaborates) and each side's evidence (with the sentence
before a verdict that does not say what it judges), numbered for citation, and the
extractive text that states the verdict and where it comes from (`_basis_line`). It is kept
apart from the engine, which plans fact questions, because none of it reads the fact side's
sentence selection, and the engine only needs one call: `plan_challenge`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from counterpoint.answer import compose
from counterpoint.answer.challenge import (
    TARGET_MIN_SCORE,
    Weighing,
    near_ties,
    rank_targets,
    shown,
    weigh,
)
from counterpoint.answer.corpus import AnswerCorpus
from counterpoint.answer.evidence import Sentence
from counterpoint.answer.extractive import to_citation
from counterpoint.answer.headline import headline_row
from counterpoint.answer.models import Answer
from counterpoint.answer.plan import ClaimQuoter, Plan, has_quote
from counterpoint.answer.stance import judges_what_came_before
from counterpoint.answer.understand import Analysis, claim_part
from counterpoint.answer.verify import is_grounded
from counterpoint.kg.claims import ClaimRecord
from counterpoint.retrieval.base import Embedder


def plan_challenge(
    question: str,
    analysis: Analysis,
    answer_corpus: AnswerCorpus | None,
    claims: Callable[[], list[ClaimRecord]],
    embedder: Embedder,
    quote_claim: ClaimQuoter,
) -> Plan | None:
    """The challenge's plan: its target claim quoted first, then the evidence `weigh` shows
    on each side and the near ties; None when no claim is close enough to be the target."""
    if answer_corpus is None:
        return None
    corpus = answer_corpus.challenge_corpus(claims)
    q_vecs = embedder.embed_batch([question, claim_part(question)])
    ranked = rank_targets(np.asarray(q_vecs), question, corpus, analysis.scope.doc_ids)
    if not ranked or ranked[0][1] < TARGET_MIN_SCORE:
        return None
    w = weigh(corpus, *ranked[0], question, np.asarray(q_vecs[0]))
    numbered: list[Sentence] = []
    labels: dict[int, str] = {}
    claim_ids: dict[int, str] = {}

    def add(s: Sentence | None, side: str, claim_id: str | None) -> None:
        if s is None or not is_grounded(s) or has_quote(numbered, s):
            return
        numbered.append(s)
        labels[len(numbered)] = side
        if claim_id:
            claim_ids[len(numbered)] = claim_id

    target_claim = w.target_claim
    quoted = quote_claim(target_claim) if target_claim is not None else None
    target_id = target_claim.id if target_claim is not None else None
    add(_with_headline(answer_corpus, quoted, w.target_row), "claim", target_id)
    if not numbered:
        return None
    by_id = corpus.by_id()
    for p in shown(w, corpus):
        claim = by_id.get(p.claim_id or "")
        s = quote_claim(claim) if claim is not None else None
        if s is not None and judges_what_came_before(s.text):
            s = None  # "Our data says otherwise." alone says nothing: quote its context
        add(s or _evidence_quote(answer_corpus, p.row, w.target_row), p.side, p.claim_id)
    for row in near_ties(ranked):  # another sentence the reader's words fit as well
        claim = corpus.claim_for(row, question)
        s = quote_claim(claim) if claim is not None else None
        add(s or answer_corpus.sentence(row), "near", claim.id if claim else None)
    plan = Plan(
        question,
        "challenge",
        Answer(question, "", True),
        numbered,
        labels,
        claim_ids,
        w.verdict,
        [target_claim.id] if target_claim is not None else [],
        analysis,
        w,
    )
    plan.extractive = _challenge_answer(plan)
    return plan


def _with_headline(corpus: AnswerCorpus, quoted: Sentence | None, row: int) -> Sentence:
    """The target's quote (its claim's span, else its sentence), reaching back to the
    short paragraph opener it elaborates when there is one (answer/headline.py)."""
    quote = quoted or corpus.sentence(row)
    opener = headline_row(row, corpus.table, corpus.texts)
    if opener is None:
        return quote
    run = corpus.run(opener, row)
    if run is None or run.start >= quote.start:
        return quote
    return run


def _evidence_quote(corpus: AnswerCorpus, row: int, target_row: int) -> Sentence:
    """The sentence at `row`; a verdict that does not say what it judges ("I think that
    wager fails.", "This is wrong for the riders who pay"; `judges_what_came_before`)
    together with the sentence before it in its paragraph, which carries what it judges
    (still one exact span of the text; never reaching back into the target itself)."""
    table = corpus.table
    prev = int(table.prev[row])
    s, e = (int(x) for x in table.spans[row])
    text = corpus.texts[table.doc_ids[row]][s:e]
    if prev >= 0 and prev != target_row and judges_what_came_before(text):
        run = corpus.run(prev, row)
        if run is not None:
            return run
    return corpus.sentence(row)


def _challenge_answer(plan: Plan) -> Answer:
    cites = [
        to_citation(n, s, plan.claim_ids.get(n), plan.sides[n])
        for n, s in enumerate(plan.numbered, 1)
    ]
    w = plan.weighing
    assert w is not None
    target = next((c for c in cites if c.side == "claim"), None)
    text = compose.challenge_text(
        plan.verdict or "unclear",
        target,
        [c for c in cites if c.side == "for"],
        [c for c in cites if c.side == "against"],
        _basis_line(w),
        w.strength,
        [c for c in cites if c.side == "near"],
    )
    return Answer(
        question=plan.question,
        answer=text,
        grounded=True,
        citations=cites,
        verdict=plan.verdict,
        target_claims=plan.target_claims,
        analysis=plan.analysis.to_json() if plan.analysis else None,
        verdict_basis=w.basis,
        strength=w.strength,
    )


def _basis_line(w: Weighing) -> str:
    if w.basis == "argument graph":
        n_for = sum(1 for p in w.evidence if p.source == "argument graph" and p.side == "for")
        n_against = sum(
            1 for p in w.evidence if p.source == "argument graph" and p.side == "against"
        )
        links = (
            f"{_claims(n_against, 'attacks', 'attack')} it and "
            f"{_claims(n_for, 'supports', 'support')} it"
        )
        if w.graph_verdict is None:
            return f"The verdict comes from the argument graph: {links}."
        claim = w.target_claim
        if w.graph_verdict == "refuted" and claim is not None and claim.status == "defeated":
            # a reader who sees a support beside the attack, and a high strength, would
            # otherwise not see why the graph alone says refuted
            links += " (an attack that no claim answers defeats it, whatever supports it)"
        return (
            f"In the argument graph {links}, which alone would say {w.graph_verdict}; weighed "
            "with the evidence above (each essay's strongest passage, the claim's own essay "
            f"included) the corpus says {w.verdict}."
        )
    if w.basis == "target essay":
        return (
            "No other passage takes a stance on this claim, so the verdict rests on its own "
            "essay only: whether the essay states it or reports it in order to answer it."
        )
    return (
        "The argument graph links no claim to this one, so the verdict rests on retrieved "
        "evidence only: each sentence is placed on a side by its stance towards the claim."
    )


def _claims(n: int, one: str, many: str) -> str:
    """ "no claim supports", "1 claim supports", "2 claims support"."""
    if n == 0:
        return f"no claim {one}"
    return f"{n} claim {one}" if n == 1 else f"{n} claims {many}"
