"""Challenge mode: find the claim a reader disputes or backs, weigh both sides, give a verdict.

The target is a sentence of the corpus, not only an extracted claim: the reader's words are
compared with every sentence (one matrix product over the sentence table), preferring claims,
theses, the principal essay and the essays the question names, and avoiding sentences that
merely report another essay's view (the original is preferred to its paraphrase).

Evidence comes from two places. The argument graph: claims linked to the target by support or
attack. Retrieval: each other essay's sentences closest to the target, placed on a side by
their stance towards it (`stance.py`: the link extractor's cues, a verdict after a report,
a negated restatement), never by which of two texts they are nearer to. The target's own essay
is on the target's side, unless the target is a view the author reports in order to answer it
("Some argue that X. But …"), in which case the author's answer is evidence against.

The verdict: from the argument graph (links, status, and argument strength when the graph
carries it) when the target has links; otherwise from the stance-placed evidence, and the
answer says so. "unclear" only when nothing relevant was found on either side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from counterpoint.answer.models import Verdict
from counterpoint.answer.sentence_table import SentenceTable
from counterpoint.answer.stance import (
    is_concession,
    refers_elsewhere,
    stance_towards,
    verdict_score,
)
from counterpoint.answer.understand import kind_of
from counterpoint.answer.words import COMMON_FUNCTION_WORDS
from counterpoint.kg.claims import ClaimRecord

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

# Evidence: other essays' sentences at least this close to the target are read for stance.
EVIDENCE_MIN_SIMILARITY = 0.40
OWN_MIN_SIMILARITY = 0.50
PER_ESSAY = 4
# Weights of what places evidence on a side.
GRAPH_WEIGHT = 0.8
OWN_ESSAY_WEIGHT = 0.5
REBUTTAL_WEIGHT = 0.8
# A side counts in the verdict once its weight reaches this.
SIDE_THRESHOLD = 0.5
MAX_PER_SIDE = 3
# When the target claim has links in the argument graph, the verdict is the graph's.
GRAPH_VERDICT = True


def is_challenge(question: str) -> bool:
    """The reader takes a position (a statement, or a question asserting one): see
    `understand.kind_of`."""
    return kind_of(question) in ("challenge", "both")


@dataclass
class Sides:
    """A target claim and the claims the argument graph links to it."""

    targets: list[ClaimRecord] = field(default_factory=list)
    supporters: list[ClaimRecord] = field(default_factory=list)
    attackers: list[ClaimRecord] = field(default_factory=list)


# With a gradual strength (DF-QuAD, when the graph carries one), a claim linked on both
# sides leans to a verdict once its strength passes these.
STRONG = 0.75
WEAK = 0.25


def _one_verdict(
    target: ClaimRecord, supporters: list[ClaimRecord], attackers: list[ClaimRecord]
) -> Verdict:
    if target.status == "defeated":
        return "refuted"
    verdict: Verdict = "unclear"
    if supporters and attackers:
        verdict = "contested"
    elif supporters:
        verdict = "supported"
    elif attackers:
        verdict = "refuted" if any(a.status == "standing" for a in attackers) else "contested"
    strength = getattr(target, "strength", None)
    if verdict == "contested" and strength is not None:
        if strength >= STRONG:
            verdict = "supported"
        elif strength <= WEAK:
            verdict = "refuted"
    return verdict


def verdict_of(sides: Sides) -> Verdict:
    """supported | contested | refuted | unclear, from links, status and strength only."""
    if not sides.targets:
        return "unclear"
    per_target: set[Verdict] = set()
    for t in sides.targets:
        sup = [c for c in sides.supporters if t.id in c.supports]
        att = [c for c in sides.attackers if t.id in c.attacks]
        per_target.add(_one_verdict(t, sup, att))
    if len(per_target) > 1:
        per_target.discard("unclear")  # a target with no evidence does not dilute the others
    return per_target.pop() if len(per_target) == 1 else "contested"


_WORD = re.compile(r"[a-z][a-z0-9'-]+")
_STOP = COMMON_FUNCTION_WORDS | frozenset(
    [
        "about",
        "also",
        "been",
        "can",
        "can't",
        "could",
        "doesn't",
        "don't",
        "had",
        "has",
        "have",
        "he",
        "i",
        "into",
        "isn't",
        "it's",
        "just",
        "may",
        "might",
        "more",
        "most",
        "only",
        "over",
        "she",
        "should",
        "so",
        "such",
        "than",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "those",
        "very",
        "we",
        "will",
        "won't",
        "would",
        "you",
    ]
)
_CONTRAST_OPEN = re.compile(r"^\W*(but|however|yet|still|instead|in fact|actually)\b", re.I)


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def overlap(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / ((len(a) + len(b)) or 1)


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
    weight_for: float = 0.0
    weight_against: float = 0.0

    def side(self, name: str) -> list[Placed]:
        return [p for p in self.evidence if p.side == name]


@dataclass
class Corpus:
    """What weighing reads: the sentence table, texts, claims, the principal essay."""

    table: SentenceTable
    texts: dict[str, str]
    claims: list[ClaimRecord]
    principal: str | None = None
    surnames: dict[str, list[str]] = field(default_factory=dict)  # doc id → authors' surnames
    _claim_rows: dict[str, int] | None = None
    _claim_at: dict[int, ClaimRecord] | None = None

    def text(self, row: int) -> str:
        s, e = self.table.spans[row]
        return self.texts[self.table.doc_ids[row]][s:e]

    def claim_rows(self) -> dict[str, int]:
        """claim id → the table row holding the claim's start."""
        if self._claim_rows is None:
            starts: dict[tuple[str, int], int] = {}
            for i, d in enumerate(self.table.doc_ids):
                starts[(d, int(self.table.spans[i, 0]))] = i
            out = {}
            for c in self.claims:
                row = starts.get((c.doc_id, c.start))
                if row is None:
                    row = self.table.row_at(c.doc_id, c.start)
                if row is not None:
                    out[c.id] = row
            self._claim_rows = out
        return self._claim_rows

    def claim_for(self, row: int, question: str) -> ClaimRecord | None:
        """The claim on a sentence; where several claims share it, the one whose words the
        reader's words repeat most (then the most linked)."""
        on_row = [c for c in self.claims if self.claim_rows().get(c.id) == row]
        if len(on_row) <= 1:
            return on_row[0] if on_row else None
        words = content_words(question)
        best = self.claim_at().get(row)
        return max(on_row, key=lambda c: (overlap(words, content_words(c.text)), c is best))

    def claim_at(self) -> dict[int, ClaimRecord]:
        """table row → the claim it holds; where several claims share a sentence, the one
        the argument graph links most (then a thesis, then the longest)."""
        if self._claim_at is None:
            linked: dict[str, int] = {}
            for c in self.claims:
                for t in (*c.attacks, *c.supports):
                    linked[t] = linked.get(t, 0) + 1
                    linked[c.id] = linked.get(c.id, 0) + 1
            by_id = {c.id: c for c in self.claims}
            out: dict[int, ClaimRecord] = {}
            for cid, row in self.claim_rows().items():
                c = by_id[cid]
                old = out.get(row)
                rank = (linked.get(c.id, 0), c.is_thesis, c.end - c.start)
                if old is None or rank > (
                    linked.get(old.id, 0),
                    old.is_thesis,
                    old.end - old.start,
                ):
                    out[row] = c
            self._claim_at = out
        return self._claim_at


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


def _next_row(table: SentenceTable, row: int) -> int | None:
    nxt = row + 1
    if nxt < len(table) and int(table.prev[nxt]) == row:
        return nxt
    return None


def _own_essay(corpus: Corpus, target: int, t_vec: np.ndarray) -> list[Placed]:
    """The target's own essay: its answer to a reported view is against; otherwise its
    closest other statement of the point is for."""
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
            if _CONTRAST_OPEN.search(text) or st.side == "against":
                return [
                    Placed(nxt, "against", REBUTTAL_WEIGHT, "target essay", "the author's answer")
                ]
            row = nxt
        return []
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


def _retrieved(corpus: Corpus, target: int, t_vec: np.ndarray, exclude: set[int]) -> list[Placed]:
    """Other essays' sentences nearest the target, placed by stance (best per essay/side)."""
    table = corpus.table
    t_doc = table.doc_ids[target]
    t_text = corpus.text(target)
    sims = table.vecs @ t_vec
    out: list[Placed] = []
    for doc in dict.fromkeys(table.doc_ids):
        if doc == t_doc:
            continue
        rows = table.rows_of([doc])
        if not len(rows):
            continue
        order = rows[np.argsort(-sims[rows])][:PER_ESSAY]
        best: dict[str, Placed] = {}
        for row in order:
            row = int(row)
            sim = float(sims[row])
            if sim < EVIDENCE_MIN_SIMILARITY:
                break
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
                st = stance_towards(corpus.text(r), t_text, s, prev_text, prev_sim)
                if st.side is None:
                    continue
                w = st.weight * max(s, prev_sim)
                if st.side not in best or w > best[st.side].weight:
                    best[st.side] = Placed(r, st.side, w, "retrieval", st.why)
        out.extend(best.values())
    return out


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


def verdict_from(weight_for: float, weight_against: float) -> Verdict:
    """From stance-placed evidence alone: a side counts once its weight (per essay, the
    strongest sentence) reaches SIDE_THRESHOLD."""
    has_for, has_against = weight_for >= SIDE_THRESHOLD, weight_against >= SIDE_THRESHOLD
    if has_for and has_against:
        return "contested"
    if has_for:
        return "supported"
    if has_against:
        return "refuted"
    if weight_for > 0 or weight_against > 0:
        return "supported" if weight_for >= weight_against else "refuted"
    return "unclear"


def weigh(corpus: Corpus, target: int, score: float, question: str = "") -> Weighing:
    """Evidence on both sides of the sentence at `target` and the verdict on it."""
    table = corpus.table
    t_vec = table.vecs[target]
    claim = corpus.claim_for(target, question)
    graph = _graph(corpus, claim)
    own = _own_essay(corpus, target, t_vec)
    seen = {target} | {p.row for p in graph} | {p.row for p in own}
    retrieved = _retrieved(corpus, target, t_vec, seen)
    evidence = graph + own + retrieved
    per_doc_side: dict[tuple[str, str], float] = {}
    for p in evidence:
        key = (table.doc_ids[p.row], p.side)
        per_doc_side[key] = max(per_doc_side.get(key, 0.0), p.weight)
    w_for = sum(w for (_, side), w in per_doc_side.items() if side == "for")
    w_against = sum(w for (_, side), w in per_doc_side.items() if side == "against")
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
        # Links on one side only, while other essays' stance evidence weighs on the other:
        # the graph missed a side (its links are sparse), so the claim is contested. A claim
        # the graph's own evaluation marks defeated stays refuted.
        retrieved_for = sum(p.weight for p in retrieved if p.side == "for")
        retrieved_against = sum(p.weight for p in retrieved if p.side == "against")
        defeated = claim.status == "defeated"
        if (w.verdict == "supported" and retrieved_against >= SIDE_THRESHOLD) or (
            w.verdict == "refuted" and retrieved_for >= SIDE_THRESHOLD and not defeated
        ):
            w.verdict = "contested"
    elif not evidence:
        # Nothing but the target itself: its essay either states it (supported, on that
        # essay's word alone) or reports it as a view to be answered (refuted).
        w.verdict = "refuted" if is_concession(corpus.text(target)) else "supported"
        w.basis = "target essay"
    else:
        w.verdict = verdict_from(w_for, w_against)
    return w


def shown(w: Weighing, corpus: Corpus, per_side: int = MAX_PER_SIDE) -> list[Placed]:
    """The evidence to show: the strongest per side, one per essay."""
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
