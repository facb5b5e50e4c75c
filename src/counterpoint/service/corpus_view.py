"""The corpus view: documents and chunks as the graph states them, read once and refreshed per
document. It is the single source of quotable text (every quote is `text[start:end]` of a
document held here) and of graph expansion's facts, which search and answers share.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from counterpoint.corpus.models import Chunk
from counterpoint.kg.base import GraphStore
from counterpoint.kg.documents_read import (
    StoredDocument,
    load_all_chunks,
    load_chunks,
    load_documents,
)
from counterpoint.kg.namespaces import Iris
from counterpoint.retrieval.expand import DocFacts, GraphExpander, LinkMap, read_facts


class CorpusView:
    """Documents and chunks as read from the graph: the single source of quotable text."""

    def __init__(
        self,
        stored: list[StoredDocument],
        store: GraphStore,
        chunks: Mapping[str, list[Chunk]] | None,
        cache: tuple[Path, Iris],
    ) -> None:
        """`chunks`: each document's chunks in text order when the caller read them already
        (service/view_cache.read_corpus), else they are read from the graph. `cache`: the
        view cache and the workspace's IRIs, which keep graph expansion's facts per
        version."""
        self.store = store
        self.cache = cache
        self._stored = {s.doc.doc_id: s for s in stored}
        self.docs = {s.doc.doc_id: s.doc for s in stored}
        self.chunks: dict[str, Chunk] = {}
        self._chunks_of: dict[str, list[str]] = {}
        if chunks is None:
            chunks = load_all_chunks(store, self.docs)
        for doc_id, doc_chunks in chunks.items():
            self._add_chunks(doc_id, doc_chunks)
        self.expander = GraphExpander(store, self.chunks, self._read_maps)

    def _read_maps(self) -> LinkMap:
        """Each document's facts through the view cache, plus those of graphs that are no
        document's own (read as they are: `other_graphs`)."""
        from counterpoint.kg.half_written import other_graphs
        from counterpoint.service.view_cache import read_doc_facts

        path, iris = self.cache
        facts = read_doc_facts(self.store, path, self.stored)
        for graph in other_graphs(self.store, iris, self.docs):
            for doc_id, more in read_facts(self.store, graph).items():
                into = facts.setdefault(doc_id, DocFacts())
                facts[doc_id] = DocFacts(into.quoted + more.quoted, into.mentions + more.mentions)
        return LinkMap.build(self.store, facts)

    def _add_chunks(self, doc_id: str, chunks: list[Chunk]) -> None:
        self._chunks_of[doc_id] = [c.chunk_id for c in chunks]
        self.chunks.update((c.chunk_id, c) for c in chunks)

    def refresh(self, doc_ids: list[str]) -> None:
        """Re-read only these documents (added, changed or removed) from the graph."""
        for doc_id in doc_ids:
            for cid in self._chunks_of.pop(doc_id, []):
                self.chunks.pop(cid, None)
            self._stored.pop(doc_id, None)
            self.docs.pop(doc_id, None)
            for s in load_documents(self.store, doc_id):
                self._stored[doc_id] = s
                self.docs[doc_id] = s.doc
                self._add_chunks(doc_id, load_chunks(self.store, doc_id))
        self.expander = GraphExpander(self.store, self.chunks, self._read_maps)

    @property
    def stored(self) -> list[StoredDocument]:
        return list(self._stored.values())

    @property
    def versions(self) -> dict[str, str]:
        """{doc_id: version} the graph names: what every derived index must be built from."""
        return {d: s.version for d, s in self._stored.items()}

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        return [self.chunks[c] for c in self._chunks_of.get(doc_id, [])]

    def doc_of(self, chunk_id: str) -> str:
        chunk = self.chunks.get(chunk_id)
        return chunk.doc_id if chunk else ""

    def chunk_texts(self) -> tuple[list[str], list[str]]:
        ids = sorted(self.chunks)
        return ids, [self.chunks[i].text for i in ids]
