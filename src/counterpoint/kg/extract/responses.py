"""Links between claims of different essays: who answers whom, and whether in agreement.

Real responses rarely name the claim they answer. They restate it in their own words,
concede part of it or disagree without naming anyone. So a link is found by meaning first:

1. Two essays take part in links with each other only if they are about the same thing: the
   cosine of their mean claim vectors (content, not entity counts) reaches essay_similarity,
   and the later one answers the earlier (dates, when both essays have one). An essay that
   names the other by author or title answers it; one that does not name it answers it only
   implicitly (both dated, written later), through a restatement with a stance (step 3).
   Each rule looks at the two essays alone, so links are per pair of essays and only the
   pairs touching a changed essay are recomputed (link_update.py). The rule lives in
   essay_pairs.py (`linkable`), naming in naming.py.
2. Candidates: for each claim, every claim of each essay it may answer whose cosine reaches
   a floor. A claim that leans on its context (an anaphor or a verdict: "The data backs this
   up", a verdict after a report of someone's view) is also compared through the sentence
   before it.
3. A pair becomes a link when its similarity (cosine plus content-word overlap) clears
   link_similarity, keeping each claim's best target in each essay it answers (rounded
   scores, ties to the smaller claim id). Towards an essay not named, only a restatement
   counts (cosine >= restatement_similarity and content-word overlap >=
   restatement_overlap) by a claim that stands on its own and could take a stance
   (may_take_stance), or an essay's thesis answering the other essay's thesis in its own
   words (cosine >= THESIS_SIMILARITY, no shared words needed), which links only when an
   antonym or a replacement opposes them (pair_signals.strong_opposition): a negation
   alone, or a verdict on the thesis's own evidence, linked theses that did not disagree
   on the held-out dev halves.
4. Polarity from general signals (pair_signals.py; signals.py, lexicon/cues.json,
   lexicon/antonyms.json): the responding sentence's own verdict, opposition between the two
   claims (one negated and the other not, antonymous predicates, "not X but Y" where X
   restates the target), evidence opening the sentence ("The data shows…": agreement, for
   restatements of an essay not named). A pair with no such signal is no answer, except a
   very close restatement in an essay that names the other (score >= silent_similarity),
   whose polarity is then the responding essay's stance towards the target essay (the
   balance of the pairs that do say something). On the held-out dev half every link kept on
   similarity alone below that was wrong (kg/extract/heldout.py).
5. Reply structure (views.py): a claim that follows a sentence restating a view ("Some argue
   that X.", "The essay also raised the point that X.") or that grants one ("Roe is right
   that X.") is matched through the restated clause X, not its own words, and links to the
   other essay's claim nearest X, with polarity from the answer's turn and verdicts.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from counterpoint.config import LinkSettings
from counterpoint.kg.extract import signals, views
from counterpoint.kg.extract.essay_pairs import BLOCK_ROWS, SCORE_DECIMALS, essay_vectors, linkable
from counterpoint.kg.extract.naming import Named, named_lookup
from counterpoint.kg.extract.pair_signals import (
    OPPOSITION_STEP,
    content_set,
    leans_on_context,
    may_take_stance,
    opposition,
    strong_opposition,
    verdict,
)

Embed = Callable[[list[str]], np.ndarray]

_DEFAULTS = LinkSettings()
# A claim pair is scored only from this cosine up (overlap rarely lifts a lower one over
# link_similarity); queries are compared BLOCK_ROWS at a time (essay_pairs.py).
CANDIDATE_COSINE = 0.35
# Matrix products only shortlist pairs, this far below a threshold; the kept score comes
# from one dot product per pair.
FLOAT_MARGIN = 1e-3
# A link's confidence is a base plus shares of its similarity and of its polarity evidence
# (each opposition signal adds OPPOSITION_STEP, pair_signals.py), below the ceiling.
CONFIDENCE_BASE, SIMILARITY_SHARE, EVIDENCE_SHARE, CONFIDENCE_CEILING = 0.4, 0.4, 0.1, 0.95
# An essay pair's balance decides a silent pair's polarity with this weight (a tie-breaker).
BALANCE_WEIGHT = 0.1
# A claim answering a restated view links to the other essay's claim nearest the view's
# clause when their score (cosine plus overlap) reaches this (views.py; set on dev halves).
VIEW_SIMILARITY = 0.70
# Towards an essay not named, a thesis restates the other essay's thesis from this cosine
# up, whatever words it uses (set on the dev halves of the three held-out sets).
THESIS_SIMILARITY = 0.70


@dataclass(frozen=True)
class ResponseClaim:
    """A claim as cross-essay linking sees it: `context` is the sentence before it in its
    paragraph ('' when none), used when the claim leans on it; `view`: the sentence that
    restates a view the claim answers ('' when none), through which it is matched too."""

    id: str
    doc_id: str
    text: str
    date: str = ""
    context: str = ""
    view: str = ""  # the sentence before it restating a view it answers (views.py), or ''
    thesis: bool = False  # one of its essay's thesis claims (claims.py)


@dataclass(frozen=True)
class CrossLink:
    premise: str
    conclusion: str
    kind: str  # "attack" | "support"
    confidence: float


def _candidates(
    claims: Sequence[ResponseClaim],
    vecs: np.ndarray,
    targets: dict[str, set[str]],
    embed: Embed,
    cfg: LinkSettings,
    stats: dict[str, Any] | None = None,
) -> dict[tuple[int, str], tuple[float, int]]:
    """For each claim of an essay in `targets` and each essay it may link to: that essay's
    best claim for it, by score (cosine plus content-word overlap; through the sentence
    before a claim that leans on it, less the context discount), when it clears
    link_similarity. Best = highest (rounded) score, then the smaller claim id (not the row:
    row order differs between a whole and an incremental run). A function of the two
    essays alone (no corpus-wide top-k), and only the claims of linkable pairs are read."""
    rows_of: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        rows_of.setdefault(c.doc_id, []).append(i)
    floor = max(cfg.link_similarity - cfg.overlap_weight, CANDIDATE_COSINE)
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for a in sorted(targets):
        # restating another essay's view is not answering it
        own = [i for i in rows_of.get(a, []) if not signals.reports_view(claims[i].text)]
        cols = np.array(sorted(j for b in targets[a] for j in rows_of.get(b, [])), dtype=np.int64)
        if not own or not len(cols):
            continue
        ctx = [i for i in own if claims[i].context and leans_on_context(claims[i].text)]
        queries = vecs[own]
        if ctx:
            ctx_vecs = np.asarray(embed([claims[i].context for i in ctx]), dtype=np.float32)
            queries = np.vstack([queries, ctx_vecs])
        owners = own + ctx
        sims = np.round(queries @ vecs[cols].T, SCORE_DECIMALS)
        if stats is not None:
            stats["queries"] = stats.get("queries", 0) + len(owners)
            stats["compared"] = stats.get("compared", 0) + len(owners) * len(cols)
        for q, kk in zip(*np.nonzero(sims >= floor), strict=True):
            owner, j, by_context = owners[q], int(cols[kk]), q >= len(own)
            words_j = content_set(claims[j].text)
            anchor = content_set(claims[owner].context if by_context else claims[owner].text)
            discount = cfg.context_discount if by_context else 0.0
            overlap = 2 * len(anchor & words_j) / ((len(anchor) + len(words_j)) or 1)
            score = float(sims[q, kk]) + cfg.overlap_weight * overlap - discount
            score = round(score, SCORE_DECIMALS)
            if score < cfg.link_similarity:
                continue
            key = (owner, claims[j].doc_id)
            held = best.get(key)
            if held is None or (-score, claims[j].id) < (-held[0], claims[held[1]].id):
                best[key] = (score, j)
    return best


def _restatements(
    claims: Sequence[ResponseClaim],
    vecs: np.ndarray,
    implicit: dict[str, set[str]],
    cfg: LinkSettings,
    stats: dict[str, Any] | None = None,
) -> dict[tuple[int, str], tuple[float, int]]:
    """Towards essays answered without being named: for each claim that stands on its own
    and could take a stance (`may_take_stance`), its best restated claim in each such essay
    (cosine >= restatement_similarity, content-word Dice >= restatement_overlap; score and
    ties as in `_candidates`). All such claims are compared at once, BLOCK_ROWS at a time,
    with the claims of every essay any of them may answer, and the hits filtered by pair
    (each pair's result is still a function of its two essays alone). An update compares
    the changed essays' claims with the corpus (linear); a whole relink of one-topic essays
    is quadratic in claims here, with a small constant (only claims that could take a
    stance are queries, one matrix product per BLOCK_ROWS of them)."""
    doc_ids = sorted({b for bs in implicit.values() for b in bs})
    owners = [
        i
        for i, c in enumerate(claims)
        if c.doc_id in implicit
        and not signals.reports_view(c.text)
        and (c.thesis or may_take_stance(c.text))
    ]
    wanted = set(doc_ids)
    cols = np.array([j for j, c in enumerate(claims) if c.doc_id in wanted], dtype=np.int64)
    best: dict[tuple[int, str], tuple[float, int]] = {}
    if not owners or not len(cols):
        return best

    def consider(owner: int, j: int) -> None:
        # one dot product per pair: a block's matrix product may sum in an order that depends
        # on which claims share the block (whole relink vs update), a rounded score must not
        a, b = claims[owner], claims[j]
        if b.doc_id not in implicit[a.doc_id]:
            return
        cos = round(float(np.dot(vecs[owner], vecs[j])), SCORE_DECIMALS)
        if not _restates(a, b, cos, cfg) and not _theses_meet(a, b, cos):
            return
        words_a, words_b = content_set(a.text), content_set(b.text)
        overlap = 2 * len(words_a & words_b) / ((len(words_a) + len(words_b)) or 1)
        score = round(cos + cfg.overlap_weight * overlap, SCORE_DECIMALS)
        key = (owner, b.doc_id)
        held = best.get(key)
        if held is None or (-score, b.id) < (-held[0], claims[held[1]].id):
            best[key] = (score, j)

    floor = min(cfg.restatement_similarity, THESIS_SIMILARITY) - FLOAT_MARGIN
    targets = vecs[cols].T
    for s in range(0, len(owners), BLOCK_ROWS):
        block = owners[s : s + BLOCK_ROWS]
        sims = vecs[block] @ targets
        if stats is not None:
            stats["queries"] = stats.get("queries", 0) + len(block)
            stats["compared"] = stats.get("compared", 0) + len(block) * len(cols)
        for q, kk in zip(*np.nonzero(sims >= floor), strict=True):
            consider(block[q], int(cols[kk]))
    return best


def _restates(a: ResponseClaim, b: ResponseClaim, cos: float, cfg: LinkSettings) -> bool:
    """Does `a`, in an essay that does not name b's, restate `b` closely (cosine and
    content-word overlap) while able to take a stance towards it (`may_take_stance`)?"""
    if cos < cfg.restatement_similarity:
        return False
    words_a, words_b = content_set(a.text), content_set(b.text)
    overlap = 2 * len(words_a & words_b) / ((len(words_a) + len(words_b)) or 1)
    return overlap >= cfg.restatement_overlap and may_take_stance(a.text)


def _theses_meet(a: ResponseClaim, b: ResponseClaim, cos: float) -> bool:
    """Are `a` and `b` their essays' theses on one question (cosine >= THESIS_SIMILARITY),
    each stating its own answer in its own words? The stance an essay takes towards
    another's thesis is the plainest answer it gives it (issue 12, section 2.3)."""
    return a.thesis and b.thesis and cos >= THESIS_SIMILARITY


def cross_links(
    claims: Sequence[ResponseClaim],
    embed: Embed,
    named: Named | None = None,
    cfg: LinkSettings = _DEFAULTS,
    changed: Collection[str] | None = None,
    stats: dict[str, Any] | None = None,
) -> list[CrossLink]:
    """Attack/support links from claims to claims of other, earlier, related essays.

    Every link is a function of its two essays alone (`linkable`, `_candidates`), so
    with `changed` only the pairs of essays with at least one end in it are evaluated (the
    links of every other pair are what they were), and linking essays one at a time gives
    the links of linking them all at once. `stats` (when given) counts the claim pairs
    compared ("compared") and the queries made ("queries"), and collects the ordered essay
    pairs compared into a set under "essay_pairs" when it holds one."""
    if len(claims) < 2:
        return []
    texts = [c.text for c in claims]
    vecs = np.asarray(embed(texts), dtype=np.float32)
    rows_of: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        rows_of.setdefault(c.doc_id, []).append(i)
    if len(rows_of) < 2:
        return []
    if changed is not None and not set(changed) & rows_of.keys():
        return []
    essay = essay_vectors(rows_of, vecs)
    dates = {c.doc_id: c.date for c in claims if c.date}
    names = named if callable(named) else named_lookup(named or {})
    seen = stats.get("essay_pairs") if stats is not None else None
    targets, implicit = linkable(
        essay, dates, names, cfg, changed, seen if isinstance(seen, set) else None
    )
    return links_between(claims, vecs, targets, implicit, embed, cfg, stats)


def links_between(
    claims: Sequence[ResponseClaim],
    vecs: np.ndarray,
    targets: dict[str, set[str]],
    implicit: dict[str, set[str]],
    embed: Embed,
    cfg: LinkSettings = _DEFAULTS,
    stats: dict[str, Any] | None = None,
) -> list[CrossLink]:
    """The links of the essay pairs `linkable` chose, from `claims` (which must hold every
    claim of each essay named in `targets` or `implicit`, and may hold others) and their
    vectors (`vecs`, rows as `claims`). The links update calls it with the claims of those
    essays alone."""
    passing = _candidates(claims, vecs, targets, embed, cfg, stats)
    restated = _restatements(claims, vecs, implicit, cfg, stats)
    passing.update(restated)
    answered = _view_answers(claims, vecs, targets, implicit, embed, cfg, stats)
    for answer in answered:  # the reply structure says what the claim answers
        passing.pop(answer, None)
    pairs = [(owner, passing[(owner, target)]) for owner, target in sorted(passing)]
    # pair-level polarity evidence, then each essay pair's balance for the silent ones
    evidence: list[float] = []
    balance: dict[tuple[str, str], float] = {}
    stated: dict[tuple[str, str], float] = {}  # the explicit verdicts' balance
    only_negation: list[bool] = []
    for owner, (_, j) in pairs:
        a, b = claims[owner], claims[j]
        v = verdict(a.text) or (verdict(a.context) if leans_on_context(a.text) else 0.0)
        e = -1.0 * np.sign(v) if v else 0.0
        opposed = opposition(a.text, b.text)
        e += opposed
        evidence.append(e)
        # negation asymmetry is then the pair's only sign of opposition
        only_negation.append(
            not v and opposed == OPPOSITION_STEP and signals.one_negated(a.text, b.text)
        )
        key = (a.doc_id, b.doc_id)
        balance[key] = balance.get(key, 0.0) + (np.sign(e) if e else 0.0)
        if v:
            stated[key] = stated.get(key, 0.0) - np.sign(v)
    out = []
    for (owner, (score, j)), e, weak in zip(pairs, evidence, only_negation, strict=True):
        a, b = claims[owner], claims[j]
        if weak and stated.get((a.doc_id, b.doc_id), 0.0) < 0:
            # a negation in one claim and not the other is the weakest sign of opposition
            # ("what sets them apart is not the price but the habit"): it yields to the
            # essay's own verdicts on the other essay ("I think he is right")
            e = -OPPOSITION_STEP
        cos = round(float(np.dot(vecs[owner], vecs[j])), SCORE_DECIMALS)
        if (owner, b.doc_id) in restated and not _restates(a, b, cos, cfg):
            # two theses in their own words: only an antonym or a replacement says they
            # oppose (a verdict in a thesis is on its own evidence, not the other essay)
            e = strong_opposition(a.text, b.text)
            if e == 0.0:
                continue
        elif (owner, b.doc_id) in restated:
            # not named: the restatement must carry its own stance (evidence for it counts
            # as agreement), never the pair's balance
            if e == 0.0 and signals.opens("evidence_open", a.text):
                e = -OPPOSITION_STEP
            if e == 0.0:
                continue
        elif e == 0.0:
            if score < cfg.silent_similarity:
                continue  # similar, but nothing says it answers the claim
            e = balance[(a.doc_id, b.doc_id)] * BALANCE_WEIGHT
        kind = "attack" if e > 0 else "support"
        out.append(CrossLink(a.id, b.id, kind, link_confidence(score, e)))
    for (owner, _), (score, j, kind) in sorted(answered.items()):
        out.append(CrossLink(claims[owner].id, claims[j].id, kind, link_confidence(score)))
    return out


def link_confidence(score: float, evidence: float = 0.0) -> float:
    """A cross link's confidence: a base, a share of its similarity score and a share of its
    polarity evidence (none for a view answer: the reply structure is the evidence)."""
    conf = CONFIDENCE_BASE + SIMILARITY_SHARE * min(score, 1.0)
    return round(min(CONFIDENCE_CEILING, conf + EVIDENCE_SHARE * min(abs(evidence), 1.0)), 2)


def _view_answers(
    claims: Sequence[ResponseClaim],
    vecs: np.ndarray,
    targets: dict[str, set[str]],
    implicit: dict[str, set[str]],
    embed: Embed,
    cfg: LinkSettings,
    stats: dict[str, Any] | None = None,
) -> dict[tuple[int, str], tuple[float, int, str]]:
    """Claims that answer a restated view (views.py): for each claim with a `view`, the
    claim of each essay it may link to nearest to the view's clause (cosine plus
    overlap_weight x content-word Dice; best and ties as in `_candidates`), kept when it
    reaches VIEW_SIMILARITY, with polarity from views.view_polarity. A view of a named
    source ("the essay argues that") is looked for in the essays the claim's essay names;
    one of unnamed others ("some argue that") in every essay it may answer (`linkable`).
    Claims that give someone else's view are neither answers nor targets (views.restates).
    One query per claim with a view, against the claims of its essay's linkable essays."""
    rows_of: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        rows_of.setdefault(c.doc_id, []).append(i)
    owners = [
        i
        for i, c in enumerate(claims)
        if c.view and (c.doc_id in targets or c.doc_id in implicit) and not views.restates(c.text)
    ]
    clauses = {i: views.restated_view(claims[i].view) for i in owners}
    owners = [i for i in owners if clauses[i]]
    best: dict[tuple[int, str], tuple[float, int, str]] = {}
    if not owners:
        return best
    queries = np.asarray(embed([clauses[i] for i in owners]), dtype=np.float32)
    for q, owner in enumerate(owners):
        a = claims[owner]
        words_v = content_set(clauses[owner])
        named = targets.get(a.doc_id, set())
        popular = views.popular_frame(a.view)
        ends = named | implicit.get(a.doc_id, set()) if popular else named
        for b in sorted(ends):
            cols = [j for j in rows_of.get(b, []) if not views.restates(claims[j].text)]
            if not cols:
                continue
            if stats is not None:
                stats["queries"] = stats.get("queries", 0) + 1
                stats["compared"] = stats.get("compared", 0) + len(cols)
            sims = vecs[cols] @ queries[q]
            # overlap adds at most overlap_weight: a claim below this cosine cannot reach
            # VIEW_SIMILARITY, so only the others are scored, each from one dot product (as in
            # `_restatements`: a rounded score must not depend on what shared the product)
            reach = VIEW_SIMILARITY - cfg.overlap_weight - FLOAT_MARGIN
            top: tuple[float, int] | None = None
            for k in np.nonzero(sims >= reach)[0].tolist():
                j = cols[k]
                cos = float(np.dot(vecs[j], queries[q]))
                words_j = content_set(claims[j].text)
                dice = 2 * len(words_v & words_j) / ((len(words_v) + len(words_j)) or 1)
                score = round(cos + cfg.overlap_weight * dice, SCORE_DECIMALS)
                if top is None or (-score, claims[j].id) < (-top[0], claims[top[1]].id):
                    top = (score, j)
            if top is None or top[0] < VIEW_SIMILARITY:
                continue
            kind = views.view_polarity(a.view, a.text)
            if kind is not None:
                best[(owner, b)] = (top[0], top[1], kind)
    return best
