"""Dense retrieval: embed the question, search the vector index, filter by document."""

from __future__ import annotations

from collections.abc import Callable

from counterpoint.retrieval.base import Embedder, Hit, VectorIndex


class DenseRetriever:
    def __init__(self, embedder: Embedder, index: VectorIndex, doc_of: Callable[[str], str]):
        self.embedder = embedder
        self.index = index
        self.doc_of = doc_of

    def search(self, question: str, k: int, doc_id: str | None = None) -> list[Hit]:
        q = self.embedder.embed_batch([question])[0]
        # Over-fetch when filtering so a small document still gets its k best chunks.
        fetch = len(self.index) if doc_id else k
        hits = [Hit(cid, score) for cid, score in self.index.search(q, fetch)]
        if doc_id:
            hits = [h for h in hits if self.doc_of(h.chunk_id) == doc_id]
        return hits[:k]
