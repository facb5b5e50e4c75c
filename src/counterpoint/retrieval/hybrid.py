"""Hybrid retrieval: dense + BM25 fused by reciprocal rank, then widened through the graph.

Dense search finds paraphrases, BM25 finds exact names and numbers; weighted RRF needs no
score calibration between them. Graph expansion (linked claims, shared entities) adds passages
the text alone would miss, with lower weights so direct evidence still leads.

How the fusion values in `RetrievalSettings` were chosen: on the dev half of tests/data/qa
only (`evaluate.split`, a SHA-256 parity split of the question text), grid-searching RRF k in
{1, 2, 5, 10, 20, 30, 60} x dense weight in {0.5 .. 2.0} against a min-max / z-score convex
combination of cosine and BM25 (alpha 0 .. 1), then the expansion weights with the fusion
fixed. k = 1 beat the TREC default 60 on MRR: with 60, a chunk both lists hold at middling
ranks can outscore either list's top hit. k = 2 and the convex combination came within one
rank step, so the choice is no knife edge; plain ranks were kept over score mixing (as good,
simpler, immune to BM25's unbounded scale). Dense 0.7 sits inside the best region of the grid
rather than on its edge. Linked / entity 0.2 / 0.1 (ratio 2:1) is the largest pair that cost
nothing on dev; larger weights let expanded chunks displace a gold passage from the top 5.
`make bench` prints the figures on both halves ("dev half" and "test half" lines).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from counterpoint.config import RetrievalSettings
from counterpoint.retrieval.base import Embedder, Hit, VectorIndex
from counterpoint.retrieval.expand import GraphExpander
from counterpoint.retrieval.fusion import rrf
from counterpoint.retrieval.lexical import LexicalIndex
from counterpoint.retrieval.sentence_vectors import SentenceVectors

# A filter (document, author, dates) discards most FAISS hits: fetch this many times the hits
# wanted, and at least FILTERED_MIN_FETCH, before falling back to scanning every vector.
# Speed only: with the exact (flat) index the result is the same whatever these are.
FILTERED_OVERFETCH = 8
FILTERED_MIN_FETCH = 200


@dataclass
class SearchTrace:
    """What each stage returned and how long it took (for `make bench` and debugging)."""

    dense: list[str] = field(default_factory=list)
    lexical: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    dense_ms: float = 0.0
    lexical_ms: float = 0.0
    total_ms: float = 0.0


class HybridRetriever:
    def __init__(
        self,
        embedder: Embedder,
        index: VectorIndex,
        lexical: LexicalIndex,
        doc_of: Callable[[str], str],
        expander: GraphExpander | None = None,
        sentences: SentenceVectors | None = None,
        settings: RetrievalSettings | None = None,
    ) -> None:
        self.settings = settings if settings is not None else RetrievalSettings()
        self.embedder = embedder
        self.index = index
        self.lexical = lexical
        self.doc_of = doc_of
        self.expander = expander
        self.sentences = sentences

    def dense(
        self, question: str, depth: int, allowed: set[str] | None = None
    ) -> list[tuple[str, float]]:
        """FAISS finds candidates by chunk vector; with sentence vectors each candidate is
        re-scored by its best sentence (chunk vectors only see a chunk's first ~200 words)."""
        q = self.embedder.embed_batch([question])[0]
        n = len(self.index)
        want = depth * self.settings.rescore_pool if self.sentences is not None else depth
        if allowed is None:
            fetch = want
        else:
            fetch = min(n, max(want * FILTERED_OVERFETCH, FILTERED_MIN_FETCH))
        while True:
            hits = self.index.search(q, fetch)
            if allowed is not None:
                hits = [h for h in hits if h[0] in allowed]
            if len(hits) >= want or fetch >= n:
                break
            fetch = n  # a small filtered subset: fall back to scanning everything
        hits = hits[:want]
        if self.sentences is not None:
            rescored = []
            for cid, score in hits:
                best = self.sentences.best(cid, q)
                rescored.append((cid, best if best is not None else score))
            hits = sorted(rescored, key=lambda h: -h[1])
        return hits[:depth]

    def search(
        self,
        question: str,
        k: int,
        allowed: set[str] | None = None,
        expand: bool = True,
        trace: SearchTrace | None = None,
        lexical_query: str | None = None,
    ) -> list[Hit]:
        """Top-k chunks; `allowed` restricts to those chunk ids (document/author/date filters).
        `lexical_query`: what BM25 searches when it differs from the question (the question
        with the other forms of its names, answer/names.py); dense search keeps the question,
        whose meaning extra names would only blur."""
        cfg = self.settings
        trace = trace if trace is not None else SearchTrace()
        t0 = time.perf_counter()
        depth = max(cfg.depth_per_k * k, cfg.min_depth)
        dense = self.dense(question, depth, allowed)
        t1 = time.perf_counter()
        lexical = self.lexical.search(lexical_query or question, depth, allowed)
        t2 = time.perf_counter()
        trace.dense = [c for c, _ in dense]
        trace.lexical = [c for c, _ in lexical]
        rankings = [trace.dense, trace.lexical]
        weights = [cfg.dense_weight, cfg.lexical_weight]
        if expand and self.expander is not None:
            seeds = [c for c, _ in rrf(rankings, weights, cfg.rrf_k)[: cfg.expand_seeds]]
            ok = (lambda c: c in allowed) if allowed is not None else (lambda c: True)
            trace.linked = [c for c in self.expander.linked(seeds) if ok(c)]
            trace.entities = [c for c in self.expander.entities(seeds) if ok(c)]
            # Seeds lead each expansion ranking: expansion adds neighbours below the passages
            # it started from and never lifts a neighbour above them.
            rankings += [seeds + trace.linked, seeds + trace.entities]
            weights += [cfg.linked_weight, cfg.entity_weight]
        fused = rrf(rankings, weights, cfg.rrf_k)[:k]
        trace.dense_ms = (t1 - t0) * 1000
        trace.lexical_ms = (t2 - t1) * 1000
        trace.total_ms = (time.perf_counter() - t0) * 1000
        if not fused:
            return []
        top = fused[0][1]
        # Scores normalised to (0, 1]: the answerer mixes them with sentence similarity.
        return [Hit(cid, score / top) for cid, score in fused]
