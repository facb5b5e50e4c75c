"""Sentence vectors for every chunk, derived from the graph like the other indexes.

Why: all-MiniLM-L6-v2 reads at most 256 word pieces, so a 300-word chunk is embedded from
its first ~200 words only and a passage near its end is invisible to dense search. Scoring a
chunk by its best sentence removes that blind spot (`make bench` prints dense recall@5 on
tests/data/qa), and the answerer reuses the same vectors instead of re-embedding sentences on
every question.

Two ways to make them, a setting (`sentence_vectors`): "late" pools each sentence's tokens
from its chunk's own pass at ingest (`late_chunking.py`: no second model run, the sentence
read in its chunk's context), "separate" embeds every sentence again on its own. Their vectors
differ (median cosine ~0.7), so they never mix: each has its own files (`VectorStore`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from counterpoint.corpus.models import Chunk
from counterpoint.corpus.sentences import sentence_spans
from counterpoint.retrieval.base import Embedder, LateEmbedder, Vectors

Spans = np.ndarray  # (n, 2) int64 absolute [start, end) offsets


class SentenceVectors:
    def __init__(self, rows: dict[str, tuple[Spans, Vectors]]) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    @classmethod
    def build(
        cls, chunks: Iterable[Chunk], texts: dict[str, str], embedder: Embedder
    ) -> SentenceVectors:
        owners: list[str] = []
        spans: list[tuple[int, int]] = []
        sentences: list[str] = []
        for c in chunks:
            text = texts[c.doc_id]
            for s, e in sentence_spans(text, c.start, c.end) or [(c.start, c.end)]:
                owners.append(c.chunk_id)
                spans.append((s, e))
                sentences.append(text[s:e])
        return cls._from_rows(owners, spans, embedder.embed_batch(sentences))

    @classmethod
    def build_late(
        cls,
        chunks: Sequence[Chunk],
        texts: dict[str, str],
        embedder: LateEmbedder,
        alone: Embedder | None = None,
    ) -> tuple[Vectors, SentenceVectors]:
        """The chunks' vectors and their sentences' vectors from one pass per chunk; a
        sentence the model did not read to its end (a truncated chunk) is embedded on its own
        by `alone` (default: the same embedder), in one batch."""
        spans = [
            sentence_spans(texts[c.doc_id], c.start, c.end) or [(c.start, c.end)] for c in chunks
        ]
        relative = [
            [(s - c.start, e - c.start) for s, e in sp] for c, sp in zip(chunks, spans, strict=True)
        ]
        chunk_vecs, pooled = embedder.embed_late([c.text for c in chunks], relative)
        missing = [(i, j) for i, row in enumerate(pooled) for j, v in enumerate(row) if v is None]
        if missing:
            fresh = (alone or embedder).embed_batch(
                [texts[chunks[i].doc_id][slice(*spans[i][j])] for i, j in missing]
            )
            for (i, j), vec in zip(missing, fresh, strict=True):
                pooled[i][j] = vec
        owners = [c.chunk_id for c, sp in zip(chunks, spans, strict=True) for _ in sp]
        flat = [v for row in pooled for v in row if v is not None]
        dim = embedder.dim
        vecs = np.stack(flat) if flat else np.zeros((0, dim), dtype=np.float32)
        all_spans = [s for sp in spans for s in sp]
        return chunk_vecs, cls._from_rows(owners, all_spans, vecs.astype(np.float32))

    @classmethod
    def _from_rows(
        cls, owners: list[str], spans: list[tuple[int, int]], vecs: Vectors
    ) -> SentenceVectors:
        rows: dict[str, tuple[Spans, Vectors]] = {}
        i = 0
        while i < len(owners):
            j = i
            while j < len(owners) and owners[j] == owners[i]:
                j += 1
            rows[owners[i]] = (np.asarray(spans[i:j], dtype=np.int64), vecs[i:j])
            i = j
        return cls(rows)

    def update(self, other: SentenceVectors) -> None:
        """Take over every chunk row of `other` (a document's rows, replacing older ones)."""
        self._rows.update(other._rows)

    def drop(self, chunk_ids: list[str]) -> None:
        for cid in chunk_ids:
            self._rows.pop(cid, None)

    def rows(self) -> Iterable[tuple[str, Spans, Vectors]]:
        """(chunk id, sentence spans, their vectors) for every chunk."""
        for chunk_id, (spans, vecs) in self._rows.items():
            yield chunk_id, spans, vecs

    def share(self, chunk_ids: Sequence[str], spans: Spans, vecs: Vectors) -> int:
        """Point each chunk's vectors into `vecs`, a table of sentence rows (`chunk_ids[i]`
        owns row i, at `spans[i]`) that holds the chunk's sentences as consecutive rows with
        the same spans; copy the vectors of any other chunk on its own. Why: the answerer's
        sentence table stacks every sentence vector into one matrix, and the per-document
        arrays these rows were loaded as then held a second copy (1.2 GB at 10k essays);
        afterwards only the table's matrix and the small copies remain. Returns how many
        chunks now share the table's memory."""
        first: dict[str, int] = {}
        count: dict[str, int] = {}
        for i, cid in enumerate(chunk_ids):
            first.setdefault(cid, i)
            count[cid] = count.get(cid, 0) + 1
        shared = 0
        for cid, (sp, v) in self._rows.items():
            a, n = first.get(cid), count.get(cid, 0)
            if (
                a is not None
                and n == len(sp)
                and chunk_ids[a + n - 1] == cid
                and (np.array_equal(spans[a : a + n], sp))
            ):
                self._rows[cid] = (sp, vecs[a : a + n])
                shared += 1
            else:
                self._rows[cid] = (sp, np.array(v, copy=True))
        return shared

    def of_chunk(self, chunk_id: str) -> tuple[Spans, Vectors] | None:
        return self._rows.get(chunk_id)

    def best(self, chunk_id: str, query: Vectors) -> float | None:
        row = self._rows.get(chunk_id)
        return float((row[1] @ query).max()) if row is not None and len(row[1]) else None

    def save(self, path: Path) -> None:
        owners = [cid for cid, (sp, _) in self._rows.items() for _ in range(len(sp))]
        spans = [sp for sp, _ in self._rows.values()]
        vecs = [v for _, v in self._rows.values()]
        dim = vecs[0].shape[1] if vecs else 0
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez(
            tmp,
            owners=np.array(owners, dtype=str),
            spans=np.concatenate(spans) if spans else np.zeros((0, 2), dtype=np.int64),
            vecs=np.concatenate(vecs) if vecs else np.zeros((0, dim), dtype=np.float32),
        )
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> SentenceVectors:
        from counterpoint.derived import check_matrix, read_npz

        data = read_npz(path, ("owners", "spans", "vecs"))
        owners = [str(o) for o in data["owners"]]
        spans = [tuple(map(int, s)) for s in data["spans"]]
        vecs = data["vecs"].astype(np.float32)
        check_matrix(path, vecs, len(owners))
        return cls._from_rows(owners, spans, vecs)  # type: ignore[arg-type]
