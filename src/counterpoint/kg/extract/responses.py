"""Links between claims of different essays: who answers whom, and whether in agreement.

Real responses rarely name the claim they answer. They restate it in their own words,
concede part of it or disagree without naming anyone. So a link is found by meaning first:

1. Candidates come from the vector index: each claim's top-k most similar claims in other
   essays (an exact inner-product search up to exact_search_max claims, HNSW above it), so
   the step grows like n log n, never with all pairs. A claim that leans on its context
   ("The data backs this up", a verdict after a report of someone's view) also searches with
   the sentence before it.
2. Two essays take part in links with each other only if they are about the same thing: the
   cosine of their mean claim vectors (content, not entity counts) reaches essay_similarity.
   A response answers what was written before it (dates, when both essays have one).
3. A pair becomes a link when its similarity (cosine plus content-word overlap) clears
   link_similarity, keeping each claim's best target, towards the essays it answers (those
   it names by author or title; else the one its claims match most).
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
from typing import Any

import numpy as np

from counterpoint.config import LinkSettings
from counterpoint.kg.extract import signals
from counterpoint.kg.extract.text import tokens

Embed = Callable[[list[str]], np.ndarray]

_DEFAULTS = LinkSettings()
# A candidate search asks for this many times top_k at most (room for same-essay hits).
SEARCH_DEPTH_FACTOR = 3
# HNSW graph degree and search breadth: small, candidates only need to be near, not exact.
HNSW_M, HNSW_EF_SEARCH = 16, 32
# Polarity evidence: each opposition signal adds this; a link's confidence is a base plus
# shares of its similarity and of its polarity evidence, below the ceiling.
OPPOSITION_STEP = 0.5
CONFIDENCE_BASE, SIMILARITY_SHARE, EVIDENCE_SHARE, CONFIDENCE_CEILING = 0.4, 0.4, 0.1, 0.95
# Scores are rounded to this many decimals before they are compared, then ties go to the
# smaller claim id: embeddings of the same text differ by ~1e-6 between runs (batching,
# threads), and unrounded near-ties made links flip between two ingests of one corpus.
SCORE_DECIMALS = 4
# A negator this many words before an endorsement negates it ("is not right").
NEGATION_SCOPE = 3
# An essay pair's balance decides a silent pair's polarity with this weight (a tie-breaker).
BALANCE_WEIGHT = 0.1


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


@functools.lru_cache(maxsize=65536)
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
        score += OPPOSITION_STEP
    for a, b in _antonyms():
        if (a.search(p) and b.search(t) and not b.search(p)) or (
            b.search(p) and a.search(t) and not a.search(p)
        ):
            score += OPPOSITION_STEP
            break
    # "not X but Y" / "X rather than Y" where X restates the target: Y replaces it
    m = re.search(r"\b(?:not|rather than|instead of|more than)\b(.{3,80}?)(?:[,;.]|$)", p)
    if m and content_set(m.group(1)) & content_set(t):
        score += OPPOSITION_STEP
    return score


def _negated(low: str, at: int) -> bool:
    """Is there a negator among the NEGATION_SCOPE words before offset `at`?"""
    before = " ".join(low[:at].split()[-NEGATION_SCOPE:])
    return bool(before) and signals.has("negation", before)


def verdict(text: str) -> float:
    """The sentence's own verdict: > 0 agrees, < 0 disagrees, 0 says nothing explicit. A
    negated endorsement ("not right", "no longer holds up") disagrees; a negation elsewhere
    in the sentence ("supports the view that brand, not price, …") leaves it an
    endorsement."""
    low = signals.plain(text)
    att = signals.count("verdict_attack", low)
    sup = [m.start() for m in signals.anywhere("verdict_support").finditer(low)]
    if sup and not att and any(_negated(low, at) for at in sup):
        return -1.0
    return float(len(sup) - att)


def _essay_vectors(by_doc: dict[str, list[int]], vecs: np.ndarray) -> dict[str, np.ndarray]:
    out = {}
    for d, rows in by_doc.items():
        v = vecs[rows].mean(axis=0)
        out[d] = v / (np.linalg.norm(v) or 1.0)
    return out


def _search(
    vecs: np.ndarray, queries: np.ndarray, k: int, exact_max: int
) -> tuple[np.ndarray, np.ndarray]:
    """Top-k inner products: exact up to `exact_max` rows, HNSW above."""
    import faiss

    vecs = np.ascontiguousarray(vecs, dtype=np.float32)
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    index: Any
    if len(vecs) <= exact_max:
        index = faiss.IndexFlatIP(vecs.shape[1])
    else:
        index = faiss.IndexHNSWFlat(vecs.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = HNSW_EF_SEARCH
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
    """For each essay, the other essays it names: an author's surname (capitalised, as a
    word), or most of the content words of a title. Word look-ups in dictionaries, so the
    cost grows with the corpus's words, not with pairs of essays."""
    by_surname: dict[str, set[str]] = {}
    for e in essays:
        for author in e.authors:
            parts = author.split()
            if parts and len(parts[-1]) > 2:
                by_surname.setdefault(parts[-1], set()).add(e.doc_id)
    bodies = {e.doc_id: content_set(e.text) for e in essays}
    containing: dict[str, set[str]] = {}
    for doc_id, words in bodies.items():
        for w in words:
            containing.setdefault(w, set()).add(doc_id)
    out: dict[str, set[str]] = {e.doc_id: set() for e in essays}
    for e in essays:
        for word in set(re.findall(r"\b[A-Z][\w'’-]+", e.text)):
            out[e.doc_id] |= by_surname.get(word, set())
    for t in essays:
        title = content_set(t.title)
        if len(title) < 3:
            continue
        rarest = min(sorted(title), key=lambda w: len(containing.get(w, ())))
        for doc_id in containing.get(rarest, set()):
            if len(title & bodies[doc_id]) >= 0.8 * len(title):
                out[doc_id].add(t.doc_id)
    for doc_id, names in out.items():
        names.discard(doc_id)
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
        mass[a][b] = round(mass[a].get(b, 0.0) + score, SCORE_DECIMALS)
    out: dict[str, set[str]] = {}
    for a, by_target in mass.items():
        names = named.get(a, set()) & by_target.keys()
        if names:
            out[a] = names
        else:
            out[a] = {
                min(
                    sorted(by_target),
                    key=lambda b: -round(by_target[b] * (1 + indegree.get(b, 0)), SCORE_DECIMALS),
                )
            }
    return out


def _best(
    options: Sequence[tuple[float, int]], claims: Sequence[ResponseClaim]
) -> tuple[float, int]:
    """The highest (rounded) score; of tied ones, the target with the smaller claim id, so
    the choice does not depend on row order or on float noise."""
    return min(options, key=lambda sj: (-sj[0], claims[sj[1]].id))


def cross_links(
    claims: Sequence[ResponseClaim],
    embed: Embed,
    named: dict[str, set[str]] | None = None,
    cfg: LinkSettings = _DEFAULTS,
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
    k = cfg.top_k + max(len(r) for r in rows_of.values())  # room for same-essay hits
    k = min(k, cfg.top_k * SEARCH_DEPTH_FACTOR)
    sims, idx = _search(vecs, queries, k, cfg.exact_search_max)
    words = [content_set(t) for t in texts]
    reporting = [signals.reports_view(t) for t in texts]
    doc_ids = sorted(rows_of)
    doc_row = {d: i for i, d in enumerate(doc_ids)}
    claim_doc = np.array([doc_row[c.doc_id] for c in claims])
    essay_sim = np.stack([essay[d] for d in doc_ids])
    rank = {d: r + 1 for r, d in enumerate(sorted({c.date for c in claims if c.date}))}
    date_rank = np.array([rank.get(c.date, 0) for c in claims])
    # every candidate that clears the bar (array filters first: essay, date, similarity
    # floor), then the best per claim among the essays it answers
    floor = cfg.link_similarity - cfg.overlap_weight  # overlap adds at most overlap_weight
    owner_arr = np.array(owners)
    valid = idx >= 0
    cand = np.where(valid, idx, 0)
    a_doc = claim_doc[owner_arr][:, None]
    c_doc = claim_doc[cand]
    a_date = date_rank[owner_arr][:, None]
    ok = valid & (np.round(sims, SCORE_DECIMALS) >= floor) & (c_doc != a_doc)
    ok &= ~((a_date > 0) & (date_rank[cand] > a_date))
    qs, ks = np.nonzero(ok)
    pair_key = claim_doc[owner_arr[qs]] * len(doc_ids) + c_doc[qs, ks]
    unique_pairs, inverse = np.unique(pair_key, return_inverse=True)
    pair_sim = np.einsum(
        "ij,ij->i",
        essay_sim[unique_pairs // len(doc_ids)],
        essay_sim[unique_pairs % len(doc_ids)],
    )
    related = pair_sim[inverse.reshape(-1)] >= cfg.essay_similarity
    passing: dict[int, list[tuple[float, int]]] = {}
    for q, kk in zip(qs[related], ks[related], strict=True):
        owner = owners[q]
        if reporting[owner]:
            continue  # restating another essay's view is not answering it
        j = int(cand[q, kk])
        anchor = words[owner] if q < len(claims) else content_set(claims[owner].context)
        discount = cfg.context_discount if q >= len(claims) else 0.0
        overlap = 2 * len(anchor & words[j]) / ((len(anchor) + len(words[j])) or 1)
        score = round(float(sims[q, kk]) + cfg.overlap_weight * overlap - discount, SCORE_DECIMALS)
        if score >= cfg.link_similarity:
            passing.setdefault(owner, []).append((score, j))
    best = {o: _best(c, claims) for o, c in passing.items()}
    addressed = _addressed(best, claims, named or {})
    pairs = []
    for owner in sorted(passing):
        allowed = addressed.get(claims[owner].doc_id, set())
        options = [(sc, j) for sc, j in passing[owner] if claims[j].doc_id in allowed]
        if options:
            pairs.append((owner, _best(options, claims)))
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
            e = balance[(a.doc_id, b.doc_id)] * BALANCE_WEIGHT
        kind = "attack" if e > 0 else "support"
        conf = CONFIDENCE_BASE + SIMILARITY_SHARE * min(score, 1.0)
        conf = round(min(CONFIDENCE_CEILING, conf + EVIDENCE_SHARE * min(abs(e), 1.0)), 2)
        out.append(CrossLink(a.id, b.id, kind, conf))
    return out
