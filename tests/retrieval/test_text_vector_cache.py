"""The claim-vector cache (`vectors/texts.npz`) is read without pickle: a workspace someone
hands over must not run code when it is opened. Texts round-trip exactly (any Unicode, lone
surrogates included); a file of the earlier pickled form, or a damaged one, reads as empty
(the claims are only re-embedded)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from counterpoint.retrieval.vectors import VectorStore

TEXTS = ["Brand is a lagging indicator.", "Café — naïve “quotes” 🚀", "", "lone \udc80 surrogate"]


def _cache(dim: int = 4) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)
    return {t: rng.standard_normal(dim).astype(np.float32) for t in TEXTS}


def test_texts_and_vectors_round_trip(tmp_path: Path) -> None:
    store = VectorStore(tmp_path / "vectors")
    cache = _cache()
    store.save_text_vectors("model-a", cache)
    back = store.load_text_vectors("model-a")
    assert list(back) == TEXTS
    for t in TEXTS:
        assert np.array_equal(back[t], cache[t])
    assert store.load_text_vectors("model-b") == {}  # another model's vectors are not used


class _Trap:
    """Unpickling this would write a file: what a hostile cache could do."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Path(self.path).write_text, ("ran",))


def test_a_pickled_cache_is_not_unpickled(tmp_path: Path) -> None:
    store = VectorStore(tmp_path / "vectors")
    store.root.mkdir(parents=True)
    flag = tmp_path / "flag.txt"
    texts = np.empty(1, dtype=object)
    texts[0] = _Trap(str(flag))
    np.savez(
        store.text_vectors_path,
        model=np.array("model-a"),
        texts=texts,
        vectors=np.zeros((1, 4), np.float32),
    )
    assert store.load_text_vectors("model-a") == {}
    assert not flag.exists()


def test_offsets_that_do_not_match_the_bytes_read_as_empty(tmp_path: Path) -> None:
    store = VectorStore(tmp_path / "vectors")
    store.save_text_vectors("model-a", _cache())
    with np.load(store.text_vectors_path) as data:
        parts = {k: data[k] for k in data.files}
    parts["text_ends"] = parts["text_ends"] + 5
    np.savez(store.text_vectors_path, **parts)
    assert store.load_text_vectors("model-a") == {}
