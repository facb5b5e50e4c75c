"""Length-sized model batches: every text once, chunk batches as before, short texts sharing
a pass, and the vectors the same as one text at a time."""

from __future__ import annotations

import numpy as np

from counterpoint.retrieval.batching import MAX_CHARS, MAX_ITEMS, length_batches


def _texts() -> list[str]:
    rng = np.random.default_rng(7)
    return ["w" * int(n) for n in rng.integers(1, 1_500, size=700)]


def test_every_text_once_longest_first_within_budget() -> None:
    texts = _texts()
    batches = length_batches(texts, min_items=32)
    assert sorted(i for b in batches for i in b) == list(range(len(texts)))
    flat = [i for b in batches for i in b]
    assert [len(texts[i]) for i in flat] == sorted((len(t) for t in texts), reverse=True)
    for b in batches:
        assert len(b) <= MAX_ITEMS
        assert len(b) <= 32 or len(b) * len(texts[b[0]]) <= MAX_CHARS


def test_chunks_keep_their_batch_size_and_short_texts_share_a_pass() -> None:
    chunks = ["c" * 1_200] * 100
    assert [len(b) for b in length_batches(chunks, min_items=32)] == [32, 32, 32, 4]
    sentences = ["s" * 120] * 300
    assert [len(b) for b in length_batches(sentences, min_items=32)] == [128, 128, 44]
    assert length_batches([], min_items=32) == []


def test_vectors_equal_one_text_at_a_time(embedder) -> None:  # type: ignore[no-untyped-def]
    texts = [
        "Brand is a lagging indicator of model quality.",
        "Open weights commoditise the model layer, so value moves to distribution.",
        " ".join(["Switching costs compound as workflows depend on one provider."] * 12),
        "No.",
    ] * 20
    # `uncached`: the session embedder remembers vectors by text (tests/memo_embedder.py)
    together = embedder.uncached(texts)
    alone = np.stack([embedder.uncached([t])[0] for t in texts[:4]])
    assert together.shape == (len(texts), embedder.dim)
    assert np.allclose(together[:4], alone, atol=1e-5)
    assert np.allclose(together[4:8], alone, atol=1e-5)
    # and what the session embedder remembers is what the model gives
    assert np.allclose(embedder.embed_batch(texts[:4]), alone, atol=1e-5)
