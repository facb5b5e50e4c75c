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


def _reference(
    vectors: SentenceVectors, chunks: dict[str, Chunk], texts: dict[str, str]
) -> SentenceTable:
    """The table in its first, row-tuple form (kept here as the definition the vectorised
    build must equal): rows sorted by (document, start), stable; the first row of a sentence
    kept; a row's predecessor is the row before in its document with no newline between."""
    rows = sorted(
        ((chunks[cid].doc_id, int(sp[0]), int(sp[1]), cid, v)
         for cid, spans, vecs in vectors.rows() if cid in chunks
         for sp, v in zip(spans, vecs, strict=True)),
        key=lambda r: (r[0], r[1]),
    )  # fmt: skip
    dedup: list[tuple[str, int, int, str, np.ndarray]] = []
    for r in rows:
        if dedup and dedup[-1][0] == r[0] and dedup[-1][1] == r[1]:
            continue
        dedup.append(r)
    prev = np.full(len(dedup), -1, dtype=np.int64)
    for i in range(1, len(dedup)):
        a, b = dedup[i - 1], dedup[i]
        if a[0] == b[0] and "\n" not in texts[b[0]][a[2] : b[1]]:
            prev[i] = i - 1
    return SentenceTable(
        chunk_ids=[r[3] for r in dedup],
        doc_ids=[r[0] for r in dedup],
        spans=np.array([(r[1], r[2]) for r in dedup], dtype=np.int64).reshape(-1, 2),
        vecs=np.stack([r[4] for r in dedup]),
        prev=prev,
    )


def _same(a: SentenceTable, b: SentenceTable) -> None:
    assert a.chunk_ids == b.chunk_ids and a.doc_ids == b.doc_ids
    assert np.array_equal(a.spans, b.spans) and np.array_equal(a.prev, b.prev)
    assert np.array_equal(a.vecs, b.vecs) and a.vecs.dtype == b.vecs.dtype


def test_the_vectorised_build_equals_the_row_form_on_overlapping_chunks() -> None:
    rng = np.random.default_rng(7)
    texts = {
        "d2": "Alpha beta gamma. Delta epsilon.\n\nZeta eta theta. Iota kappa. Lambda mu.",
        "d1": "One two three. Four five six.\nSeven eight nine. Ten eleven.",
    }
    chunks: dict[str, Chunk] = {}
    owners: list[str] = []
    spans: list[tuple[int, int]] = []
    for doc, text in texts.items():
        bounds: list[tuple[int, int]] = []  # sentence spans, by full stops
        start = 0
        for i, ch in enumerate(text):
            if ch == ".":
                bounds.append((start, i + 1))
                start = i + 2 if i + 2 <= len(text) else i + 1
                while start < len(text) and text[start] in "\n ":
                    start += 1
        # a one-sentence chunk first, then three chunks, the middle one overlapping both
        # neighbours: the later chunks lose sentences at their edges and in their middle
        windows = [bounds[2:3], bounds[1:4], bounds[:3], bounds[2:]]
        for k, window in enumerate(windows):
            cid = f"{doc}-c{k}"
            chunks[cid] = Chunk(cid, doc, window[0][0], window[-1][1], "", None)
            owners += [cid] * len(window)
            spans += window
    vectors = SentenceVectors._from_rows(
        owners, spans, rng.standard_normal((len(owners), 6)).astype(np.float32)
    )
    got = SentenceTable.build(vectors, chunks, texts)
    _same(got, _reference(vectors, chunks, texts))
    assert (got.prev >= 0).any() and (got.prev == -1).sum() >= 3  # breaks and links both met
    assert got.doc_ids[0] == "d1"  # documents in id order, whatever the vectors' order


def test_the_vectorised_build_equals_the_row_form_on_the_bundled_corpus(service) -> None:  # type: ignore[no-untyped-def]
    view = service.indexes.view
    texts = {d: doc.text for d, doc in view.docs.items()}
    vectors = service.indexes.sentence_vectors
    _same(SentenceTable.build(vectors, view.chunks, texts), _reference(vectors, view.chunks, texts))
