"""Evidence on both sides of a challenged claim, and the weighing that gives the verdict.

Evidence comes from two places. The argument graph: claims linked to the target by support or
attack. Retrieval: each other essay's sentences closest to the target or to the reader's
words (the point in dispute as the reader puts it), placed on a side by their stance towards
the target (`stance.py`: the link extractor's cues, a verdict after a report,
a negated restatement), never by which of two texts they are nearer to. The target's own essay
is on the target's side, unless the target is a view the author reports in order to answer it
("Some argue that X. But …"), in which case the author's answer is evidence against, and
another essay's verdict on that author ("he is right") is a verdict against the view.

A report of the target's author by name ("Lund ends by declaring that X") says what that
author holds, not what the reporter holds, so it is no restatement in favour; the sentence
after it is the reporter's answer ("They Say / I Say"), against X unless it agrees, concedes
or asks. Conversely a target that answers such a report has the reported claim against it.
Likewise a restatement that reports any other text ("Lund writes that X") or grants a view
("It's true that X", "People keep saying X") puts its writer's essay on no side.

Verdicts read on the dev half of the labelled set: a claim its essay states is "supported"
or, with substantial evidence against, "contested" (its author still stands by it); only a
reported view its author answers, or one nothing stands for, is "refuted".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from counterpoint.answer.challenge_corpus import Corpus
from counterpoint.answer.models import Verdict
from counterpoint.answer.sentence_table import SentenceTable
from counterpoint.answer.stance import (
    ABOUT_SIMILARITY,
    REPORT_SIMILARITY,
    REPORTED_VIEW,
    Stance,
    content_free,
    is_concession,
    refers_elsewhere,
    stance_towards,
    verdict_score,
)
from counterpoint.answer.target import original_of, reported_essays
from counterpoint.answer.verdict import SIDE_THRESHOLD, Sides, verdict_from, verdict_of
from counterpoint.kg.claims import ClaimRecord
from counterpoint.kg.extract import signals

# Evidence: other essays' sentences at least this close to the target are read for stance.
EVIDENCE_MIN_SIMILARITY = 0.40
OWN_MIN_SIMILARITY = 0.40
# The sentence right after the target in its paragraph carries the claim on (its reason,
# its example) from this cosine: an elaboration shares few words with the claim it backs
# ("A by-right cut removes the permission problem." "If the code says two spaces, nobody
# hires a lawyer."), and 0.40 left such a paragraph's own case unshown. Dev: 0.0-0.20 give
# the same figures; the floor keeps out a sentence that shares nothing with the claim.
NEXT_MIN_SIMILARITY = 0.20
PER_ESSAY = 4
QUESTION_PER_ESSAY = 2
# Weights of what places evidence on a side.
GRAPH_WEIGHT = 0.8
OWN_ESSAY_WEIGHT = 0.5
REBUTTAL_WEIGHT = 0.8
# An unmarked answer to a report of the target's author weighs as the author's own rebuttal
# (times its closeness): the reporter answers the named claim as directly as a link would.
REPLY_WEIGHT = REBUTTAL_WEIGHT
# A reply to a close report of the target's author (the author named, the claim reported
# at REPORT_SIMILARITY or closer, then answered: "Lund reads this as X. This gets it
# backwards.") weighs as a link does, whatever its own wording's closeness to the target:
# it answers the named claim as directly as an attack or support in the argument graph
# (GRAPH_WEIGHT, which is not scaled by closeness either). Before, a marked verdict after
# such a report weighed less (its cue weight times closeness, about 0.33) than an unmarked
# answer (REPLY_WEIGHT times closeness), and one essay's direct rebuttal never counted.
DIRECT_REPLIES = frozenset(
    ["answer to a report of the author", "verdict on a report of the author"]
)
# A sentence that adopts the target's author's view ("as Lund argues, X") weighs as an
# agreeing restatement (stance.py's weight for one).
ADOPTED_WEIGHT = 0.45
# Evidence shown per side (one per essay).
MAX_PER_SIDE = 4
# When the target claim has links in the argument graph, the verdict is the graph's.
GRAPH_VERDICT = True
# A claim its own essay states (not a view it reports in order to answer) counts its essay
# on the "for" side at this weight: the corpus may contest it but not refute it outright.
STATED_WEIGHT = 0.5

# The writer's own denial opening the sentence after a reported view ("I don't see it", "I
# am not convinced", "We doubt it"): first person with a negator or a verb of doubt is the
# "I say" that answers the "they say" (Graff and Birkenstein 2006, ch. 4, "Yes / No / Okay,
# But": disagreeing).
_DENIAL_OPEN = re.compile(
    r"^\W*(?:i|we)(?:\s+(?:really|just|simply|still))?"
    r"(?:\s+(?:don't|do not|doubt|can't|cannot|am not|are not|never|disagree)|'m not|'re not)\b"
)
_CONTRAST_OPEN = re.compile(r"^\W*(but|however|yet|still|instead|in fact|actually)\b", re.I)


@dataclass(frozen=True)
class Placed:
    """A sentence (table row) on one side of the target, and why it is there."""

    row: int
    side: str  # "for" | "against"
    weight: float
    source: str  # "argument graph" | "target essay" | "retrieval"
    why: str
    claim_id: str | None = None


@dataclass
class Weighing:
    target_row: int
    target_claim: ClaimRecord | None
    score: float
    evidence: list[Placed] = field(default_factory=list)
    verdict: Verdict = "unclear"
    # "argument graph" (links), "retrieved evidence" (stance-placed sentences) or "target
    # essay" (no other evidence: the verdict is the target essay's own word)
    basis: str = "retrieved evidence"
    strength: float | None = None
    # the graph's own verdict when the weighed evidence changed it (see `weigh`), else None
    graph_verdict: Verdict | None = None
    weight_for: float = 0.0
    weight_against: float = 0.0

    def side(self, name: str) -> list[Placed]:
        return [p for p in self.evidence if p.side == name]


def _next_row(table: SentenceTable, row: int) -> int | None:
    nxt = row + 1
    if nxt < len(table) and int(table.prev[nxt]) == row:
        return nxt
    return None


def _own_essay(corpus: Corpus, target: int, t_vec: np.ndarray) -> list[Placed]:
    """The target's own essay: its answer to a reported view is against; otherwise the
    sentence after the target in its paragraph when it carries the point on (not unrelated,
    with content of its own, neither a concession nor a turn "But …", not against it), else
    its closest other statement of the point, is for."""
    table = corpus.table
    doc = table.doc_ids[target]
    t_text = corpus.text(target)
    if is_concession(t_text):
        row = target
        for _ in range(3):
            nxt = _next_row(table, row)
            if nxt is None:
                break
            text = corpus.text(nxt)
            st = stance_towards(text, t_text, float(table.vecs[nxt] @ t_vec), t_text, 1.0)
            answers = _CONTRAST_OPEN.search(text) or _DENIAL_OPEN.search(signals.plain(text))
            if answers or st.side == "against":
                return [
                    Placed(nxt, "against", REBUTTAL_WEIGHT, "target essay", "the author's answer")
                ]
            row = nxt
        return []
    nxt = _next_row(table, target)
    if nxt is not None:  # the sentence that carries the claim on, when it is on the point
        sim = float(table.vecs[nxt] @ t_vec)
        text = corpus.text(nxt)
        on_point = sim >= NEXT_MIN_SIMILARITY and not (
            is_concession(text) or content_free(text) or _CONTRAST_OPEN.search(text)
        )
        if on_point and stance_towards(text, t_text, sim).side != "against":
            why = "the author's own case"
            return [Placed(nxt, "for", OWN_ESSAY_WEIGHT, "target essay", why)]
    rows = table.rows_of([doc])
    rows = rows[rows != target]
    if not len(rows):
        return []
    sims = table.vecs[rows] @ t_vec
    for i in np.argsort(-sims)[:3]:
        row, sim = int(rows[i]), float(sims[i])
        if sim < OWN_MIN_SIMILARITY:
            break
        text = corpus.text(row)
        if is_concession(text) or stance_towards(text, t_text, sim).side == "against":
            continue
        return [Placed(row, "for", OWN_ESSAY_WEIGHT, "target essay", "the author's own case")]
    return []


def _retrieved(
    corpus: Corpus,
    target: int,
    t_vec: np.ndarray,
    exclude: set[int],
    answered: bool = False,
    q_vec: np.ndarray | None = None,
) -> list[Placed]:
    """Other essays' sentences nearest the target, and nearest the reader's words (`q_vec`),
    placed by stance towards the target (best per essay/side). A verdict counts when its
    sentence is about the target or about what the reader says of it; a restatement only by
    its closeness to the target itself.

    `answered`: the target is a view its author reports in order to answer it ("Some argue
    that X. But …"). A sentence whose verdict is on another text ("he is right", "the essay
    gets this wrong") then judges the author, who rejects X: agreeing with the author is
    evidence against X, and disagreeing with the author evidence for it."""
    table = corpus.table
    t_doc = table.doc_ids[target]
    t_text = corpus.text(target)
    sims = table.vecs @ t_vec
    q_sims = table.vecs @ q_vec if q_vec is not None else None

    def _about(row: int) -> float:
        """How close a sentence is to the point in dispute as the reader words it."""
        return float(q_sims[row]) if q_sims is not None else 0.0

    out: list[Placed] = []
    for doc in dict.fromkeys(table.doc_ids):
        if doc == t_doc:
            continue
        rows = table.rows_of([doc])
        if not len(rows):
            continue
        order = list(rows[np.argsort(-sims[rows])][:PER_ESSAY])
        if q_sims is not None:
            order += [r for r in rows[np.argsort(-q_sims[rows])][:QUESTION_PER_ESSAY]]
        best: dict[str, Placed] = {}
        for row in dict.fromkeys(int(r) for r in order):
            sim = float(sims[row])
            if max(sim, _about(row)) < EVIDENCE_MIN_SIMILARITY:
                continue
            cands = [(row, sim)]
            nxt = _next_row(table, row)
            if nxt is not None:  # a report of the claim: its verdict follows it
                cands.append((nxt, float(sims[nxt])))
            for r, s in cands:
                if r in exclude:
                    continue
                p = int(table.prev[r])
                prev_text = corpus.text(p) if p >= 0 else ""
                prev_sim = float(sims[p]) if p >= 0 else 0.0
                st = stance_towards(
                    corpus.text(r),
                    t_text,
                    s,
                    prev_text,
                    prev_sim,
                    about=max(s, _about(r)),
                    previous_reports=p >= 0 and _reports_a_view(corpus, p),
                )
                st = _as_reply(corpus, r, p, t_doc, st, s, prev_sim)
                restated = st.why in ("restatement", "negated restatement")
                if restated and is_concession(corpus.text(r)):
                    continue  # a view its writer grants or reports to answer, not holds
                if st.why == "restatement" and _judges_a_text(corpus, r):
                    continue  # what another text holds ("Lund writes that X"), not its writer
                through_report = st.why == "verdict cue" and max(s, _about(r)) < ABOUT_SIMILARITY
                if through_report and _judges_another_essay(corpus, p, t_doc):
                    continue
                side, why = st.side, st.why
                if side is None:
                    continue
                if answered and _judges_a_text(corpus, r):
                    if why not in ("verdict cue", "verdict on a report of the author"):
                        continue  # a report of the author's case, not the view, restated
                    side = "against" if side == "for" else "for"
                    why = "verdict on the author who answers the view"
                w = st.weight if why in DIRECT_REPLIES else st.weight * max(s, prev_sim)
                if side not in best or w > best[side].weight:
                    best[side] = Placed(r, side, w, "retrieval", why)
        out.extend(best.values())
    return out


def _reports_target(corpus: Corpus, row: int, t_doc: str) -> bool:
    """The sentence, from another essay, reports the target's essay: by its author's name
    ("Lund ends by declaring that X") or, for the essay the corpus answers, by reference
    alone ("The essay argues that X", "Its argument is that X"; `target.reported_essays`)."""
    doc = corpus.table.doc_ids[row]
    if doc == t_doc:
        return False
    text = corpus.text(row)
    return corpus.names_author_of(t_doc, text) or t_doc in reported_essays(text, doc, corpus)


def _as_reply(
    corpus: Corpus,
    row: int,
    prev: int,
    t_doc: str,
    st: Stance,
    similarity: float,
    prev_sim: float,
) -> Stance:
    """A report of the target's author says what that author holds, not what the reporter
    holds: it is no restatement in favour. The reporter's stance is the sentence after it:
    a verdict cue there is read as usual; a statement with none that follows a close report
    of the named author answers it (one reports an author's claim in order to answer it,
    "They say / I say"), and counts against, unless it concedes or asks."""
    text = corpus.text(row)
    restated = st.why in ("restatement", "negated restatement")
    if restated and signals.endorses_source(text) and _reports_target(corpus, row, t_doc):
        # "This is why, as Lund argues, X": the writer adopts the author's view, whatever
        # the negations in X (it restates another of the author's claims in agreement)
        return Stance("for", ADOPTED_WEIGHT, "adopts the target author's view")
    if st.why == "restatement" and _reports_target(corpus, row, t_doc):
        return Stance(None, 0.0, "a report of the target's author")
    if st.side is not None:
        # "Lund reads this as X. This gets it backwards.": a verdict about the claim (the
        # cue's own closeness test) right after a report of its author. The report alone
        # may share few words with the claim ("reads this as"), so no closeness is asked
        # of it, unlike the unmarked answer below, whose only sign is that report.
        if st.why == "verdict cue" and prev >= 0 and _reports_target(corpus, prev, t_doc):
            return Stance(st.side, REPLY_WEIGHT, "verdict on a report of the author")
        return st
    if prev < 0 or prev_sim < REPORT_SIMILARITY or not _reports_target(corpus, prev, t_doc):
        return st
    if text.rstrip().endswith("?") or is_concession(text) or content_free(text):
        return st
    if similarity < EVIDENCE_MIN_SIMILARITY:  # on another point ("This essay takes that up.")
        return st
    return Stance("against", REPLY_WEIGHT, "answer to a report of the author")


def _answered_original(corpus: Corpus, target: int) -> list[Placed]:
    """The target answers a report of another essay's claim ("Lund ends by declaring that
    X. That is premature."): the claim reported, where its own essay states it, stands
    against the target, unless the target agrees with it (a verdict cue for)."""
    prev = int(corpus.table.prev[target])
    t_doc = corpus.table.doc_ids[target]
    if prev < 0 or verdict_score(corpus.text(target)) > 0:
        return []
    named = [d for d in corpus.essays_named(corpus.text(prev)) if d != t_doc]
    before = int(corpus.table.prev[prev])
    if not named and before >= 0 and _brief(corpus.text(prev)):
        # "Lund argues X. That is true of towns. <target>": a brief sentence between the
        # report and the answer (a grant, "This essay takes that up.") does not part them
        named = [d for d in corpus.essays_named(corpus.text(before)) if d != t_doc]
        prev = before
    if not named:
        return []
    original = original_of(prev, corpus)
    if original is None:
        return []
    why = "the view the target answers"
    return [Placed(original, "against", REBUTTAL_WEIGHT, "retrieval", why)]


# A sentence this short between a report and the target is a transition ("That is true of
# towns.", "This essay takes that up."), not a point of its own.
BRIEF_WORDS = 6


def _brief(text: str) -> bool:
    """A sentence of at most BRIEF_WORDS words."""
    return len(text.split()) <= BRIEF_WORDS


def _judges_another_essay(corpus: Corpus, prev: int, t_doc: str) -> bool:
    """A verdict that reaches the target only through the report before it ("Lund bets that
    X. I think that wager fails.") judges the reported essay's claim: when that essay is not
    the target's, it is a verdict on a neighbouring claim, not on the target."""
    if prev < 0:
        return False
    judged = reported_essays(corpus.text(prev), corpus.table.doc_ids[prev], corpus)
    return bool(judged) and t_doc not in judged


def _reports_a_view(corpus: Corpus, row: int) -> bool:
    """The sentence reports a view for the next one to answer: another text's ("Lund
    argues", "the essay claims"), a group's ("Some argue"), or one the author grants."""
    text = corpus.text(row)
    return is_concession(text) or _judges_a_text(corpus, row)


def _granted(corpus: Corpus, row: int, target: int) -> bool:
    """A concession in the target's own essay ("It is true that …", "Granted, …")."""
    same = corpus.table.doc_ids[row] == corpus.table.doc_ids[target]
    return same and is_concession(corpus.text(row))


def _judges_a_text(corpus: Corpus, row: int) -> bool:
    """The sentence is about another text or its author ("he is right", "the essay is
    wrong", "I agree with <author>"), not about the world."""
    text = corpus.text(row)
    doc = corpus.table.doc_ids[row]
    return refers_elsewhere(text) or any(d != doc for d in corpus.essays_named(text))


def _graph(corpus: Corpus, claim: ClaimRecord | None) -> list[Placed]:
    if claim is None:
        return []
    rows = corpus.claim_rows()
    out = []
    for c in corpus.claims:
        if c.id == claim.id or c.id not in rows:
            continue
        if claim.id in c.supports:
            out.append(Placed(rows[c.id], "for", GRAPH_WEIGHT, "argument graph", "supports", c.id))
        if claim.id in c.attacks:
            out.append(
                Placed(rows[c.id], "against", GRAPH_WEIGHT, "argument graph", "attacks", c.id)
            )
    return out


def weigh(
    corpus: Corpus,
    target: int,
    score: float,
    question: str = "",
    q_vec: np.ndarray | None = None,
) -> Weighing:
    """Evidence on both sides of the sentence at `target` and the verdict on it."""
    table = corpus.table
    t_vec = table.vecs[target]
    claim = corpus.claim_for(target, question)
    graph = _graph(corpus, claim)
    own = _own_essay(corpus, target, t_vec)
    seen = {target} | {p.row for p in graph} | {p.row for p in own}
    t_doc = table.doc_ids[target]
    reported = bool(REPORTED_VIEW.search(corpus.text(target)))
    answered = reported and any(
        p.side == "against" and table.doc_ids[p.row] == t_doc for p in graph + own
    )
    if answered:
        # A point the author grants on the way to answering the view ("It is true that a
        # tag records more. But …") is part of the answer, not a vote for the view.
        graph = [p for p in graph if not (p.side == "for" and _granted(corpus, p.row, target))]
    retrieved = _retrieved(corpus, target, t_vec, seen, answered, q_vec)
    retrieved = _answered_original(corpus, target) + retrieved
    evidence = graph + own + retrieved
    per_doc_side: dict[tuple[str, str], float] = {}
    for p in evidence:
        key = (table.doc_ids[p.row], p.side)
        per_doc_side[key] = max(per_doc_side.get(key, 0.0), p.weight)
    if not reported:
        # A claim its essay states has that essay on its side: the corpus can contest it,
        # but not refute it outright while its own author stands by it.
        per_doc_side[(t_doc, "for")] = max(per_doc_side.get((t_doc, "for"), 0.0), STATED_WEIGHT)
    w_for = sum(w for (_, side), w in per_doc_side.items() if side == "for")
    w_against = sum(w for (_, side), w in per_doc_side.items() if side == "against")
    # Restatements alone (close wording, no verdict, no link) lean a side but never make
    # it substantial: many essays repeat a claim's words while arguing about something else.
    firm_for = not reported or any(p.side == "for" and p.why != "restatement" for p in evidence)
    if not firm_for:
        w_for = min(w_for, SIDE_THRESHOLD * 0.99)
    w = Weighing(target, claim, score, weight_for=w_for, weight_against=w_against)
    w.evidence = sorted(evidence, key=lambda p: -p.weight)
    w.strength = getattr(claim, "strength", None)
    if claim is not None and graph and GRAPH_VERDICT:
        w.basis = "argument graph"
        rows = corpus.claim_rows()
        by_id = {c.id: c for c in corpus.claims}
        linked = [by_id[p.claim_id] for p in graph if p.claim_id in by_id]
        sides = Sides(
            [claim],
            [c for c in linked if claim.id in c.supports and c.id in rows],
            [c for c in linked if claim.id in c.attacks and c.id in rows],
        )
        w.verdict = verdict_of(sides)
        # The graph's links are sparse: when the weighed evidence (links, the target's own
        # essay, stance-placed retrieval; per essay its strongest sentence) reaches the
        # threshold on both sides, the corpus argues both ways and the claim is contested,
        # whatever the graph's evaluation (the strength shown says which way it leans).
        # Conversely, a graph that calls the claim contested (its attackers themselves
        # attacked) while the evidence weighs on one side only leans to that side.
        balance = verdict_from(w_for, w_against)
        if balance == "contested" or (w.verdict == "contested" and balance != "unclear"):
            if balance != w.verdict:
                w.graph_verdict = w.verdict
            w.verdict = balance
    elif not evidence:
        # Nothing but the target itself: its essay either states it (supported, on that
        # essay's word alone) or reports it as a view to be answered (refuted).
        w.verdict = "refuted" if is_concession(corpus.text(target)) else "supported"
        w.basis = "target essay"
    else:
        w.verdict = verdict_from(w_for, w_against)
    return w


def shown(w: Weighing, corpus: Corpus, per_side: int | None = None) -> list[Placed]:
    """The evidence to show: the strongest per side, one per essay (MAX_PER_SIDE essays)."""
    per_side = MAX_PER_SIDE if per_side is None else per_side
    out: list[Placed] = []
    for side in ("for", "against"):
        docs: set[str] = set()
        picked: list[Placed] = []
        for p in w.side(side):
            doc = corpus.table.doc_ids[p.row]
            if doc not in docs:
                picked.append(p)
                docs.add(doc)
        out.extend(picked[:per_side])
    return out
