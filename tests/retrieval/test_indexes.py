"""Vector index kinds, BM25 and fusion as units (no model needed)."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np
import pytest

from counterpoint.errors import UsageError
from counterpoint.retrieval.faiss_index import (
    AUTO_ANN_ABOVE,
    AUTO_FLAT_BELOW,
    FaissIndex,
    choose_kind,
    ivf_nprobe,
    make_index,
)
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
    assert choose_kind(1_000_000) == "ivf"
    assert choose_kind(1_000_000, "hnsw") == "hnsw"
    assert choose_kind(10, "ivf") == "ivf"
    # Hysteresis: an IVF workspace that shrinks a little below the threshold keeps IVF; one
    # well below goes back to flat; a flat one grows to the threshold before it switches.
    assert choose_kind(AUTO_ANN_ABOVE - 1000, current="ivf") == "ivf"
    assert choose_kind(AUTO_FLAT_BELOW - 1, current="ivf") == "flat"
    assert choose_kind(AUTO_ANN_ABOVE, current="flat") == "flat"
    assert choose_kind(AUTO_ANN_ABOVE + 1, current="flat") == "ivf"
    assert choose_kind(AUTO_ANN_ABOVE - 1000, "flat", current="ivf") == "flat"
    with pytest.raises(UsageError, match="unknown vector index"):
        choose_kind(10, "annoy")


def test_ivf_probes_a_small_share_of_its_lists(tmp_path: Path) -> None:
    """A large index visits ~1.5% of its lists (at least 16), and a loaded index keeps that."""
    assert ivf_nprobe(4000) == 62 and ivf_nprobe(100) == 16 and ivf_nprobe(8) == 8
    rng = np.random.default_rng(3)
    vecs = rng.normal(size=(4000, 16)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    index = make_index(16, len(vecs), "ivf")
    index.add([f"c{i}" for i in range(len(vecs))], vecs)
    index.save(tmp_path / "ivf")
    loaded = FaissIndex.load(tmp_path / "ivf")
    inner = faiss.downcast_index(loaded._index.index)
    assert inner.nprobe == ivf_nprobe(inner.nlist)
    assert loaded.search(vecs[5], 1)[0][0] == "c5"


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


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf"])
def test_faiss_add_and_remove_by_id_equals_a_fresh_build(kind: str, tmp_path: Path) -> None:
    vecs = _clustered(1200)
    ids = [f"c{i}" for i in range(len(vecs))]
    grown = make_index(32, 1200, kind)
    for start in range(0, 1200, 300):  # four documents, one at a time
        grown.add(ids[start : start + 300], vecs[start : start + 300])
    grown.remove(ids[300:600])
    grown.add(ids[:5], vecs[:5])  # re-adding replaces, never duplicates
    fresh = make_index(32, 900, kind)
    fresh.add(ids[:300] + ids[600:], np.concatenate([vecs[:300], vecs[600:]]))
    assert sorted(grown.ids) == sorted(fresh.ids) and len(grown) == 900
    for i in (0, 450, 700, 1100):
        got = grown.search(vecs[i], 10)
        assert all(c not in ids[300:600] for c, _ in got)
        if kind == "flat":
            assert got == fresh.search(vecs[i], 10)
    grown.save(tmp_path / "idx")
    loaded = FaissIndex.load(tmp_path / "idx")
    assert sorted(loaded.ids) == sorted(fresh.ids)
    assert loaded.search(vecs[700], 5) == grown.search(vecs[700], 5)


def test_lexical_segments_score_exactly_like_one_build(tmp_path: Path) -> None:
    words = [
        "brand",
        "moat",
        "model",
        "open",
        "source",
        "compute",
        "price",
        "switching",
        "cost",
        "loyalty",
        "lab",
    ]
    rng = np.random.default_rng(3)
    texts = [" ".join(rng.choice(words, size=int(rng.integers(5, 30)))) for _ in range(200)]
    ids = [f"c{i:03d}" for i in range(200)]
    grown = LexicalIndex()
    for start in range(0, 200, 7):  # many small documents: segments merge as they come
        grown.add(ids[start : start + 7], texts[start : start + 7])
    grown.remove(ids[50:120])
    fresh = LexicalIndex.build(ids[:50] + ids[120:], texts[:50] + texts[120:])
    for q in ("brand moat", "switching cost", "open compute price", "loyalty"):
        assert grown.search(q, 15) == fresh.search(q, 15)
        assert grown.search(q, 15, allowed=set(ids[::3])) == fresh.search(
            q, 15, allowed=set(ids[::3])
        )
    assert len(grown._segments) < 10  # merged, not one per add
    grown.save(tmp_path / "lex")
    assert LexicalIndex.load(tmp_path / "lex").search("brand", 20) == fresh.search("brand", 20)


def test_a_torn_index_pair_with_equal_counts_is_refused(tmp_path: Path) -> None:
    """A kill between the two renames of a save leaves the new index beside the old id map;
    when a re-ingested document kept its chunk count the counts agree, so load() compares the
    labels themselves."""
    vecs = _clustered(20)
    old = make_index(32, 10, "flat")
    old.add([f"a{i}" for i in range(10)], vecs[:10])
    old.save(tmp_path / "old")
    new = make_index(32, 10, "flat")
    new.add([f"b{i}" for i in range(10)], vecs[10:])
    new.save(tmp_path / "new")
    (tmp_path / "new.ids.json").write_bytes((tmp_path / "old.ids.json").read_bytes())
    with pytest.raises(ValueError, match="different saves"):
        FaissIndex.load(tmp_path / "new")
    assert FaissIndex.load(tmp_path / "old").ids == [f"a{i}" for i in range(10)]


def test_manifests_written_from_two_threads_at_once_never_collide(tmp_path: Path) -> None:
    """A served workspace records manifests from its ingest and its snapshot refresh; with one
    shared temporary name a writer found its file renamed away (ENOENT) under load."""
    import threading

    from counterpoint.retrieval.vectors import VectorStore

    store = VectorStore(tmp_path)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(300):
                store.mark_sentences({f"doc{n}": str(i)})
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store._read_manifest(store.sentences_manifest_path) is not None
    assert not list(tmp_path.glob("*.tmp"))
