"""Links between claims of different essays: who answers whom, and whether in agreement.

Real responses rarely name the claim they answer. They restate it in their own words,
concede part of it or disagree without naming anyone. So a link is found by meaning first:

1. Candidates come from the vector index: each claim's top-k most similar claims in other
   essays (an exact inner-product search up to EXACT_SEARCH_MAX claims, HNSW above it), so
   the step grows like n log n, never with all pairs. A claim that leans on its context
   ("The data backs this up", a verdict after a report of someone's view) also searches with
   the sentence before it.
2. Two essays take part in links with each other only if they are about the same thing: the
   cosine of their mean claim vectors (content, not entity counts) reaches ESSAY_SIMILARITY.
   A response answers what was written before it (dates, when both essays have one).
3. A pair becomes a link when its similarity (cosine plus content-word overlap) clears
   LINK_SIMILARITY, keeping each claim's best target.
4. Polarity from general signals (signals.py, lexicon/cues.json, lexicon/antonyms.json): the
   responding sentence's own verdict, opposition between the two claims (one negated and the
   other not, antonymous predicates, "not X but Y" where X restates the target), and, where
   the pair itself says nothing, the responding essay's stance towards the target essay
   (the balance of the pairs that do say something).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

from counterpoint.kg.extract import signals
from counterpoint.kg.extract.text import tokens

Embed = Callable[[list[str]], np.ndarray]

TOP_K = 5
EXACT_SEARCH_MAX = 20_000
ESSAY_SIMILARITY = 0.70
LINK_SIMILARITY = 0.68
OVERLAP_WEIGHT = 0.5
CONTEXT_DISCOUNT = 0.05  # a match found through the previous sentence is less direct


@dataclass(frozen=True)
class ResponseClaim:
    """A claim as cross-essay linking sees it: `context` is the sentence before it in its
    paragraph ('' when none), used when the claim leans on it."""

    id: str
    doc_id: str
    text: str
    date: str = ""
    context: str = ""


@dataclass(frozen=True)
class CrossLink:
    premise: str
    conclusion: str
    kind: str  # "attack" | "support"
    confidence: float


@functools.cache
def _antonyms() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    path = resources.files("counterpoint.kg.extract.lexicon").joinpath("antonyms.json")
    pairs = json.loads(path.read_text("utf-8"))["pairs"]
    return [(re.compile(rf"\b{a}\b"), re.compile(rf"\b{b}\b")) for a, b in pairs]


@functools.cache
def _function_words() -> frozenset[str]:
    from counterpoint.kg.extract import lexicon

    return lexicon.words("function_words")


def content_set(text: str) -> frozenset[str]:
    fw = _function_words()
    return frozenset(t for t in tokens(text) if t not in fw and len(t) > 2)


def leans_on_context(text: str) -> bool:
    """Short, anaphoric or verdict-only sentences mean little without the one before."""
    return (
        len(content_set(text)) < 6
        or signals.opens("anaphor_open", text)
        or signals.has("verdict_attack", text)
        or signals.has("verdict_support", text)
    )


def opposition(premise: str, target: str) -> float:
    """> 0 when the two claims say opposite things (negative: they agree), from negation
    asymmetry, antonymous words, and a premise that denies what the target asserts."""
    p, t = signals.plain(premise), signals.plain(target)
    score = 0.0
    neg_p, neg_t = signals.has("negation", p), signals.has("negation", t)
    if neg_p != neg_t:
        score += 0.5
    for a, b in _antonyms():
        if (a.search(p) and b.search(t) and not b.search(p)) or (
            b.search(p) and a.search(t) and not a.search(p)
        ):
            score += 0.5
            break
    # "not X but Y" / "X rather than Y" where X restates the target: Y replaces it
    m = re.search(r"\b(?:not|rather than|instead of|more than)\b(.{3,80}?)(?:[,;.]|$)", p)
    if m and content_set(m.group(1)) & content_set(t):
        score += 0.5
    return score


def verdict(text: str) -> float:
    """The sentence's own verdict: > 0 agrees, < 0 disagrees, 0 says nothing explicit."""
    low = signals.plain(text)
    att = signals.count("verdict_attack", low)
    sup = signals.count("verdict_support", low)
    if sup and signals.has("negation", low) and not att:
        return -1.0  # "not right", "no longer holds"
    return float(sup - att)


def _essay_vectors(by_doc: dict[str, list[int]], vecs: np.ndarray) -> dict[str, np.ndarray]:
    out = {}
    for d, rows in by_doc.items():
        v = vecs[rows].mean(axis=0)
        out[d] = v / (np.linalg.norm(v) or 1.0)
    return out


def _search(vecs: np.ndarray, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top-k inner products: exact below EXACT_SEARCH_MAX rows, HNSW above."""
    import faiss

    vecs = np.ascontiguousarray(vecs, dtype=np.float32)
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    if len(vecs) <= EXACT_SEARCH_MAX:
        index = faiss.IndexFlatIP(vecs.shape[1])
    else:
        index = faiss.IndexHNSWFlat(vecs.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = 64
    index.add(vecs)
    return index.search(queries, min(k, len(vecs)))


@dataclass(frozen=True)
class EssayInfo:
    """What an essay says about itself: who wrote it and its title, and its body text."""

    doc_id: str
    title: str
    authors: tuple[str, ...]
    text: str


def named_essays(essays: Sequence[EssayInfo]) -> dict[str, set[str]]:
    """For each essay, the other essays it names: an author's surname, or most of the
    content words of a title (a quoted or paraphrased title)."""
    out: dict[str, set[str]] = {e.doc_id: set() for e in essays}
    for e in essays:
        body = e.text
        words = content_set(body)
        for other in essays:
            if other.doc_id == e.doc_id:
                continue
            surnames = [a.split()[-1] for a in other.authors if a.split()]
            if any(re.search(rf"\b{re.escape(n)}\b", body) for n in surnames if len(n) > 2):
                out[e.doc_id].add(other.doc_id)
                continue
            title = content_set(other.title)
            if len(title) >= 3 and len(title & words) >= 0.8 * len(title):
                out[e.doc_id].add(other.doc_id)
    return out


def _addressed(
    best: dict[int, tuple[float, int]],
    claims: Sequence[ResponseClaim],
    named: dict[str, set[str]],
) -> dict[str, set[str]]:
    """The essays each essay answers: those it names; an essay that names none answers the
    one its claims match most (summed link scores), weighted by how many essays name that
    one: the corpus's debate has centres, and an unnamed reply usually joins one."""
    indegree: dict[str, int] = {}
    for targets in named.values():
        for t in targets:
            indegree[t] = indegree.get(t, 0) + 1
    mass: dict[str, dict[str, float]] = {}
    for owner, (score, j) in best.items():
        a, b = claims[owner].doc_id, claims[j].doc_id
        mass.setdefault(a, {})
        mass[a][b] = mass[a].get(b, 0.0) + score
    out: dict[str, set[str]] = {}
    for a, by_target in mass.items():
        names = named.get(a, set()) & by_target.keys()
        if names:
            out[a] = names
        else:
            out[a] = {
                max(sorted(by_target), key=lambda b: by_target[b] * (1 + indegree.get(b, 0)))
            }
    return out


def cross_links(
    claims: Sequence[ResponseClaim],
    embed: Embed,
    named: dict[str, set[str]] | None = None,
) -> list[CrossLink]:
    """Attack/support links from claims to claims of other, earlier, related essays."""
    if len(claims) < 2:
        return []
    texts = [c.text for c in claims]
    vecs = embed(texts)
    rows_of: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        rows_of.setdefault(c.doc_id, []).append(i)
    if len(rows_of) < 2:
        return []
    essay = _essay_vectors(rows_of, vecs)
    ctx_rows = [i for i, c in enumerate(claims) if c.context and leans_on_context(c.text)]
    ctx_vecs = embed([claims[i].context for i in ctx_rows]) if ctx_rows else vecs[:0]
    queries = np.vstack([vecs, ctx_vecs]) if len(ctx_rows) else vecs
    owners = list(range(len(claims))) + ctx_rows
    k = TOP_K + max(len(r) for r in rows_of.values())  # room for same-essay hits
    k = min(k, TOP_K * 8)
    sims, idx = _search(vecs, queries, k)
    words = [content_set(t) for t in texts]
    best: dict[int, tuple[float, int]] = {}
    for q, owner in enumerate(owners):
        a = claims[owner]
        anchor_words = words[owner] if q < len(claims) else content_set(a.context)
        for sim, j in zip(sims[q], idx[q], strict=True):
            if j < 0:
                continue
            b = claims[j]
            if b.doc_id == a.doc_id or float(essay[a.doc_id] @ essay[b.doc_id]) < ESSAY_SIMILARITY:
                continue
            if a.date and b.date and b.date > a.date:
                continue
            overlap = 2 * len(anchor_words & words[j]) / ((len(anchor_words) + len(words[j])) or 1)
            score = float(sim) + OVERLAP_WEIGHT * overlap
            if q >= len(claims):
                score -= CONTEXT_DISCOUNT
            if score >= LINK_SIMILARITY and score > best.get(owner, (0.0, -1))[0]:
                best[owner] = (score, int(j))
    addressed = _addressed(best, claims, named or {})
    pairs = [
        (owner, (score, j))
        for owner, (score, j) in sorted(best.items())
        if claims[j].doc_id in addressed.get(claims[owner].doc_id, set())
    ]
    # pair-level polarity evidence, then each essay pair's balance for the silent ones
    evidence: dict[int, float] = {}
    balance: dict[tuple[str, str], float] = {}
    for owner, (_, j) in pairs:
        a, b = claims[owner], claims[j]
        v = verdict(a.text) or (verdict(a.context) if leans_on_context(a.text) else 0.0)
        e = -1.0 * np.sign(v) if v else 0.0
        e += opposition(a.text, b.text)
        evidence[owner] = e
        key = (a.doc_id, b.doc_id)
        balance[key] = balance.get(key, 0.0) + (np.sign(e) if e else 0.0)
    out = []
    for owner, (score, j) in pairs:
        a, b = claims[owner], claims[j]
        e = evidence[owner]
        if e == 0.0:
            e = balance[(a.doc_id, b.doc_id)] * 0.1
        kind = "attack" if e > 0 else "support"
        conf = round(min(0.95, 0.4 + 0.4 * min(score, 1.0) + 0.1 * min(abs(e), 1.0)), 2)
        out.append(CrossLink(a.id, b.id, kind, conf))
    return out
