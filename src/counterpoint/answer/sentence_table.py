"""Every sentence of the corpus in one matrix, for sentence-level search.

Chunk retrieval finds the right neighbourhood; many questions want one sentence in it, and a
challenge wants every essay's sentences about one claim. With all sentence vectors in one
matrix (built once per corpus version from the cached sentence vectors, no embedding), both
are one matrix product: top sentences for a question, restricted to some essays if asked,
and each sentence's predecessor in its paragraph (a report it may answer).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from counterpoint.corpus.models import Chunk
from counterpoint.retrieval.sentence_vectors import SentenceVectors

_NEWLINE = re.compile("\n")


def _newline_between(
    docs: np.ndarray, spans: np.ndarray, names: list[str], texts: dict[str, str]
) -> np.ndarray:
    """For each row after the first of its document: is there a newline between the end of
    the row before and this row's start (a paragraph break)? Counted with each text's newline
    offsets and two binary searches per row, not a slice of the text per row."""
    out = np.zeros(len(docs), dtype=bool)
    bounds = np.flatnonzero(np.diff(docs)) + 1
    for lo, hi in zip(np.r_[0, bounds], np.r_[bounds, len(docs)], strict=True):
        if hi - lo < 2:
            continue
        text = texts[names[int(docs[lo])]]
        newlines = np.array([m.start() for m in _NEWLINE.finditer(text)], dtype=np.int64)
        a = spans[lo : hi - 1, 1]  # end of the row before
        b = spans[lo + 1 : hi, 0]  # start of this row
        hits = np.searchsorted(newlines, b) - np.searchsorted(newlines, a)
        out[lo + 1 : hi] = hits > 0
    return out


@dataclass
class SentenceTable:
    chunk_ids: list[str]
    doc_ids: list[str]
    spans: np.ndarray  # (n, 2) absolute offsets
    vecs: np.ndarray  # (n, d) unit vectors
    prev: np.ndarray  # (n,) row of the previous sentence in the same paragraph, or -1
    _doc_rows: dict[str, np.ndarray] | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.chunk_ids)

    @classmethod
    def build(
        cls, vectors: SentenceVectors, chunks: dict[str, Chunk], texts: dict[str, str]
    ) -> SentenceTable:
        """One row per sentence in (document, start) order; where chunks overlap, the first
        chunk's row of a sentence (in the vectors' order) is kept. Sorted and filled with
        numpy, not row tuples: at 780k sentences (10k essays) the tuple form took ~5 s."""
        owners: list[str] = []
        parts: list[tuple[np.ndarray, np.ndarray]] = []
        for cid, spans, vecs in vectors.rows():
            if cid in chunks and len(spans):
                owners.append(cid)
                parts.append((spans, vecs))
        doc_names = sorted({chunks[cid].doc_id for cid in owners})
        code = {d: i for i, d in enumerate(doc_names)}
        lengths = np.array([len(sp) for sp, _ in parts], dtype=np.int64)
        n = int(lengths.sum())
        dim = int(parts[0][1].shape[1]) if parts else 0
        if n == 0:
            empty = np.zeros((0, 2), dtype=np.int64)
            return cls([], [], empty, np.zeros((0, dim), np.float32), np.zeros(0, np.int64))
        chunk_of = np.repeat(np.arange(len(parts)), lengths)
        docs = np.repeat(np.array([code[chunks[c].doc_id] for c in owners]), lengths)
        spans = np.concatenate([sp for sp, _ in parts]).astype(np.int64).reshape(-1, 2)
        order = np.lexsort((np.arange(n), spans[:, 0], docs))  # stable in the vectors' order
        d_sorted, s_sorted = docs[order], spans[order, 0]
        keep = np.ones(n, dtype=bool)
        keep[1:] = (d_sorted[1:] != d_sorted[:-1]) | (s_sorted[1:] != s_sorted[:-1])
        picked = order[keep]  # sentence index (in the vectors' order) of each table row
        rows = len(picked)
        out_spans = spans[picked]
        out_docs = docs[picked]
        out = np.empty((rows, dim), dtype=parts[0][1].dtype)
        dest = np.full(n, -1, dtype=np.int64)
        dest[picked] = np.arange(rows)
        first = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        lo_row = dest[first]  # where each chunk's first sentence went (-1: dropped)
        hi_row = dest[first + lengths - 1]
        kept = np.add.reduceat((dest >= 0).astype(np.int64), first)
        whole = (kept == lengths) & (hi_row - lo_row == lengths - 1)
        for k, (_, vecs) in enumerate(parts):  # each chunk's kept sentences into place
            if whole[k]:  # all kept, consecutive rows (nearly every chunk): one slice copy
                out[lo_row[k] : hi_row[k] + 1] = vecs
                continue
            where = dest[first[k] : first[k] + lengths[k]]
            mine = where >= 0
            out[where[mine]] = vecs[mine]
        prev = np.full(rows, -1, dtype=np.int64)
        same_doc = np.zeros(rows, dtype=bool)
        same_doc[1:] = out_docs[1:] == out_docs[:-1]
        # a row follows the one before in its paragraph: same document, no newline between
        breaks = _newline_between(out_docs, out_spans, doc_names, texts)
        link = same_doc & ~breaks
        prev[link] = np.flatnonzero(link) - 1
        chunk_ids = [owners[c] for c in chunk_of[picked].tolist()]
        return cls(
            chunk_ids=chunk_ids,
            doc_ids=[doc_names[d] for d in out_docs.tolist()],
            spans=out_spans,
            vecs=out,
            prev=prev,
        )

    def _by_doc(self) -> dict[str, np.ndarray]:
        """doc id → its rows (in text order), built once: a challenge asks for every essay's
        rows, and a scan of the whole table per essay cost more than the search itself."""
        if self._doc_rows is None:
            grouped: dict[str, list[int]] = {}
            for i, d in enumerate(self.doc_ids):
                grouped.setdefault(d, []).append(i)
            self._doc_rows = {d: np.array(r, dtype=np.int64) for d, r in grouped.items()}
        return self._doc_rows

    def rows_of(self, doc_ids: Iterable[str]) -> np.ndarray:
        by_doc = self._by_doc()
        parts = [by_doc[d] for d in dict.fromkeys(doc_ids) if d in by_doc]
        return np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)

    def row_at(self, doc_id: str, start: int) -> int | None:
        """The row whose span contains offset `start` of `doc_id`."""
        rows = self._by_doc().get(doc_id)
        if rows is None:
            return None
        i = int(np.searchsorted(self.spans[rows, 0], start, side="right")) - 1
        if i >= 0 and self.spans[rows[i], 0] <= start < self.spans[rows[i], 1]:
            return int(rows[i])
        return None

    def top(self, query: np.ndarray, n: int, rows: np.ndarray | None = None) -> list[int]:
        """The n rows most similar to `query`, best first (restricted to `rows`)."""
        # The whole table is multiplied in place (indexing it by every row first copied it:
        # 1.2 GB at 10k essays) and only the best n are sorted (argpartition).
        if rows is None:
            sims = self.vecs @ query
            pool = None
        else:
            if len(rows) == 0:
                return []
            sims = self.vecs[rows] @ query
            pool = rows
        if len(sims) == 0 or n <= 0:
            return []
        if n < len(sims):
            best = np.argpartition(-sims, n - 1)[:n]
            order = best[np.lexsort((best, -sims[best]))]
        else:
            order = np.argsort(-sims, kind="stable")
        return [int(i) if pool is None else int(pool[i]) for i in order]
