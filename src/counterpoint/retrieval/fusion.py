"""Reciprocal rank fusion: combines rankings whose scores live on different scales (cosine,
BM25) using ranks only, so neither method needs calibrating against the other. The hybrid
retriever passes its own k and weights (`RetrievalSettings`, chosen as hybrid.py explains)."""

from __future__ import annotations

from collections.abc import Sequence

# The k of Cormack, Clarke and Büttcher (2009), the usual choice when nothing was tuned.
TREC_K = 60


def rrf(
    rankings: Sequence[Sequence[str]],
    weights: Sequence[float] | None = None,
    k: float = TREC_K,
) -> list[tuple[str, float]]:
    """Score(id) = Σ weight_i / (k + rank_i(id)), ranks from 1; ties keep first-seen order."""
    weights = weights or [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError("one weight per ranking")
    scores: dict[str, float] = {}
    for ranking, w in zip(rankings, weights, strict=True):
        for rank, cid in enumerate(ranking, start=1):
            scores[cid] = scores.get(cid, 0.0) + w / (k + rank)
    return sorted(scores.items(), key=lambda kv: -kv[1])
