"""Hybrid retrieval: dense + BM25 fused by reciprocal rank, then widened through the graph.

Dense search finds paraphrases, BM25 finds exact names and numbers; RRF needs no score
calibration between them. Graph expansion (linked claims, shared entities) adds passages the
text alone would miss, with lower weights so direct evidence still leads.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from counterpoint.retrieval.base import Embedder, Hit, VectorIndex
from counterpoint.retrieval.expand import GraphExpander
from counterpoint.retrieval.fusion import rrf
from counterpoint.retrieval.lexical import LexicalIndex
from counterpoint.retrieval.sentence_vectors import SentenceVectors

DENSE_WEIGHT = 1.0
LEXICAL_WEIGHT = 1.0
LINKED_WEIGHT = 0.5
ENTITY_WEIGHT = 0.25
EXPAND_SEEDS = 3


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
    ) -> None:
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
        want = depth * 2 if self.sentences is not None else depth
        fetch = want if allowed is None else min(n, max(want * 8, 200))
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
    ) -> list[Hit]:
        """Top-k chunks; `allowed` restricts to those chunk ids (document/author/date filters)."""
        trace = trace if trace is not None else SearchTrace()
        t0 = time.perf_counter()
        depth = max(4 * k, 20)
        dense = self.dense(question, depth, allowed)
        t1 = time.perf_counter()
        lexical = self.lexical.search(question, depth, allowed)
        t2 = time.perf_counter()
        trace.dense = [c for c, _ in dense]
        trace.lexical = [c for c, _ in lexical]
        rankings = [trace.dense, trace.lexical]
        weights = [DENSE_WEIGHT, LEXICAL_WEIGHT]
        if expand and self.expander is not None:
            seeds = [c for c, _ in rrf(rankings, weights)[:EXPAND_SEEDS]]
            ok = (lambda c: c in allowed) if allowed is not None else (lambda c: True)
            trace.linked = [c for c in self.expander.linked(seeds) if ok(c)]
            trace.entities = [c for c in self.expander.entities(seeds) if ok(c)]
            # Seeds lead each expansion ranking: expansion adds neighbours below the passages
            # it started from and never lifts a neighbour above them.
            rankings += [seeds + trace.linked, seeds + trace.entities]
            weights += [LINKED_WEIGHT, ENTITY_WEIGHT]
        fused = rrf(rankings, weights)[:k]
        trace.dense_ms = (t1 - t0) * 1000
        trace.lexical_ms = (t2 - t1) * 1000
        trace.total_ms = (time.perf_counter() - t0) * 1000
        if not fused:
            return []
        top = fused[0][1]
        # Scores normalised to (0, 1]: the answerer mixes them with sentence similarity.
        return [Hit(cid, score / top) for cid, score in fused]
