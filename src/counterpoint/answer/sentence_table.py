"""Every sentence of the corpus in one matrix, for sentence-level search.

Chunk retrieval finds the right neighbourhood; many questions want one sentence in it, and a
challenge wants every essay's sentences about one claim. With all sentence vectors in one
matrix (built once per corpus version from the cached sentence vectors, no embedding), both
are one matrix product: top sentences for a question, restricted to some essays if asked,
and each sentence's predecessor in its paragraph (a report it may answer).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from counterpoint.corpus.models import Chunk
from counterpoint.retrieval.sentence_vectors import SentenceVectors


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
        rows = sorted(
            ((chunks[cid].doc_id, int(sp[0]), int(sp[1]), cid, v)
             for cid, spans, vecs in vectors.rows() if cid in chunks
             for sp, v in zip(spans, vecs, strict=True)),
            key=lambda r: (r[0], r[1]),
        )  # fmt: skip
        dedup: list[tuple[str, int, int, str, np.ndarray]] = []
        for r in rows:  # chunks may overlap: one row per sentence
            if dedup and dedup[-1][0] == r[0] and dedup[-1][1] == r[1]:
                continue
            dedup.append(r)
        prev = np.full(len(dedup), -1, dtype=np.int64)
        for i in range(1, len(dedup)):
            a, b = dedup[i - 1], dedup[i]
            if a[0] == b[0] and "\n" not in texts[b[0]][a[2] : b[1]]:
                prev[i] = i - 1
        dim = dedup[0][4].shape[0] if dedup else 0
        return cls(
            chunk_ids=[r[3] for r in dedup],
            doc_ids=[r[0] for r in dedup],
            spans=np.array([(r[1], r[2]) for r in dedup], dtype=np.int64).reshape(-1, 2),
            vecs=np.stack([r[4] for r in dedup]) if dedup else np.zeros((0, dim), np.float32),
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
