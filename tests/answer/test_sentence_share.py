"""The answerer's sentence table and retrieval's per-chunk sentence vectors share one matrix
(`SentenceVectors.share`): the same vectors as before, the table's memory where a chunk's
sentences are its consecutive rows, a copy of their own where they are not (overlapping
chunks, whose shared sentences the table keeps once)."""

from __future__ import annotations

import numpy as np

from counterpoint.answer.sentence_table import SentenceTable
from counterpoint.corpus.models import Chunk
from counterpoint.retrieval.sentence_vectors import SentenceVectors

TEXT = "One two three. Four five six. Seven eight nine. Ten eleven twelve."


def _vectors() -> tuple[SentenceVectors, dict[str, Chunk], np.ndarray]:
    rng = np.random.default_rng(1)
    base = rng.standard_normal((6, 8)).astype(np.float32)
    # chunk a: sentences 1-2; chunk b overlaps it (sentence 2 again) and adds 3-4
    owners = ["a", "a", "b", "b", "b"]
    spans = [(0, 14), (15, 29), (15, 29), (30, 47), (48, 66)]
    vectors = SentenceVectors._from_rows(owners, spans, base[:5])
    chunks = {
        "a": Chunk("a", "d", 0, 29, TEXT[0:29], None),
        "b": Chunk("b", "d", 15, 66, TEXT[15:66], None),
    }
    return vectors, chunks, base


def test_share_keeps_every_vector_and_frees_the_loaded_arrays() -> None:
    vectors, chunks, base = _vectors()
    before = {cid: v.copy() for cid, _, v in vectors.rows()}
    table = SentenceTable.build(vectors, chunks, {"d": TEXT})
    assert len(table) == 4  # the overlapping sentence once
    shared = vectors.share(table.chunk_ids, table.spans, table.vecs)
    assert shared == 1
    for cid, _spans, v in vectors.rows():
        assert np.array_equal(v, before[cid])
        assert not np.shares_memory(v, base)  # nothing keeps the loaded array alive
    a = vectors.of_chunk("a")
    b = vectors.of_chunk("b")
    assert a is not None and b is not None
    assert np.shares_memory(a[1], table.vecs)
    assert not np.shares_memory(b[1], table.vecs)  # its first sentence is chunk a's row
    q = before["b"][2]
    assert vectors.best("b", q) == float((before["b"] @ q).max())
