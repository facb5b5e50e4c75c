"""The model-free embedders that benches and crash tests rely on keep their promises."""

from __future__ import annotations

import numpy as np

from counterpoint.retrieval.stand_in import BagOfWordsEmbedder, HashEmbedder


def test_hash_vectors_are_unit_and_batch_independent() -> None:
    emb = HashEmbedder(16)
    alone = emb.embed_batch(["open weights"])
    batch = emb.embed_batch(["brand moats", "open weights", ""])
    assert batch.shape == (3, 16) and batch.dtype == np.float32
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(alone[0], batch[1])
    assert abs(float(batch[0] @ batch[1])) < 0.9


def test_bag_of_words_vectors_reflect_shared_words() -> None:
    emb = BagOfWordsEmbedder(256)
    a, b, c, empty = emb.embed_batch(
        ["brand is a moat for labs", "Brand is a moat", "siege engines and castle walls", ""]
    )
    assert float(a @ b) > float(a @ c)
    assert not np.any(empty)
