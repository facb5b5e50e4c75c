"""Vector index kinds, BM25 and fusion as units (no model needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from counterpoint.errors import UsageError
from counterpoint.retrieval.faiss_index import FaissIndex, choose_kind, make_index
from counterpoint.retrieval.fusion import rrf
from counterpoint.retrieval.lexical import LexicalIndex


def _clustered(n: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(20, dim))
    vecs = centres[rng.integers(0, 20, n)] + 0.3 * rng.normal(size=(n, dim))
    return (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32)


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf"])
def test_each_index_kind_finds_neighbours_and_round_trips(kind: str, tmp_path: Path) -> None:
    vecs = _clustered(2000)
    ids = [f"c{i}" for i in range(len(vecs))]
    index = make_index(32, len(vecs), kind)
    index.add(ids, vecs)
    assert len(index) == 2000 and index.kind == kind
    exact = make_index(32, len(vecs), "flat")
    exact.add(ids, vecs)
    hits = 0
    for i in range(0, 2000, 40):
        want = {c for c, _ in exact.search(vecs[i], 10)}
        got = {c for c, _ in index.search(vecs[i], 10)}
        hits += len(want & got)
        assert index.search(vecs[i], 1)[0][0] == f"c{i}"
    assert hits / (50 * 10) >= 0.9  # approximate kinds keep recall@10 high on clustered data
    index.save(tmp_path / "idx")
    loaded = FaissIndex.load(tmp_path / "idx")
    assert loaded.kind == kind and loaded.ids == ids
    assert loaded.search(vecs[7], 3) == index.search(vecs[7], 3)


def test_choose_kind() -> None:
    assert choose_kind(1000) == "flat"
    assert choose_kind(1_000_000) == "hnsw"
    assert choose_kind(10, "ivf") == "ivf"
    with pytest.raises(UsageError, match="unknown vector index"):
        choose_kind(10, "annoy")


def test_lexical_index_ranks_filters_and_persists(tmp_path: Path) -> None:
    texts = {
        "a": "Brand moats are built over years by companies.",
        "b": "Open-source models become stale and are swapped out.",
        "c": "Crypto protocols reward mercenary capital with tokens.",
        "d": "Brands follow performance; the moat is the model.",
    }
    index = LexicalIndex.build(list(texts), texts.values())
    assert [c for c, _ in index.search("brand moat", 4)][:2] == ["a", "d"] or [
        c for c, _ in index.search("brand moat", 4)
    ][:2] == ["d", "a"]
    assert index.search("staleness of models", 2)[0][0] == "b"  # stemmed: stale ~ staleness
    assert index.search("the of and", 3) == []  # stop words only
    assert index.search("zebra", 3) == []
    assert [c for c, _ in index.search("brand moat", 4, allowed={"d", "c"})] == ["d"]
    index.save(tmp_path / "lex")
    loaded = LexicalIndex.load(tmp_path / "lex")
    assert loaded.search("crypto tokens", 1) == index.search("crypto tokens", 1)
    empty = LexicalIndex.build([], [])
    empty.save(tmp_path / "empty")
    assert LexicalIndex.load(tmp_path / "empty").search("brand", 3) == []


def test_rrf_combines_ranks_with_weights() -> None:
    fused = rrf([["a", "b", "c"], ["b", "c", "d"]])
    assert [c for c, _ in fused][:2] == ["b", "c"]  # in both lists
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)
    weighted = rrf([["a"], ["b"]], weights=[1.0, 0.5])
    assert [c for c, _ in weighted] == ["a", "b"]
    with pytest.raises(ValueError):
        rrf([["a"]], weights=[1.0, 2.0])
