"""The façade the CLI and the app share: one workspace, its store, vectors and models.

Heavy parts (the embedding model) load on first use, so `docs` or `sparql` stay fast.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from rdflib import Graph

from counterpoint.answer.evidence import Evidence
from counterpoint.answer.extractive import ExtractiveAnswerer
from counterpoint.answer.models import Answer
from counterpoint.config import Settings
from counterpoint.corpus.models import Chunk, Document
from counterpoint.errors import UsageError
from counterpoint.kg.base import GraphStore
from counterpoint.kg.documents import StoredDocument, load_chunks, load_documents
from counterpoint.kg.namespaces import Iris
from counterpoint.kg.stores import open_store
from counterpoint.retrieval.base import Embedder
from counterpoint.retrieval.dense import DenseRetriever
from counterpoint.retrieval.faiss_index import FlatIndex
from counterpoint.retrieval.vectors import VectorStore


class Counterpoint:
    """Everything about one workspace. Pass an embedder or store to reuse or replace them."""

    def __init__(
        self,
        settings: Settings,
        store: GraphStore | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.settings = settings
        self.iris = Iris(settings.base_iri)
        self.store = store if store is not None else open_store(settings)
        self.vectors = VectorStore(settings.vectors_dir)
        self._embedder = embedder
        self._view: CorpusView | None = None
        self._sentence_vectors: dict[str, Any] = {}  # text → vector, for the argument graph

    # -- lazily built parts ---------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            from counterpoint.retrieval.embedder import SentenceTransformerEmbedder

            self._embedder = SentenceTransformerEmbedder(
                self.settings.embedding_model, self.settings.embedding_batch_size
            )
        return self._embedder

    @property
    def view(self) -> CorpusView:
        if self._view is None:
            self._view = CorpusView(self.stored_documents(), self.store)
        return self._view

    @cached_property
    def index(self) -> FlatIndex:
        current = {d.doc.doc_id: d.version for d in self.view.stored}
        return self.vectors.index_for(current, self.embedder.dim)

    def embed_sentences(self, texts: list[str]) -> Any:
        """Embeddings of short texts (claims), cached per service: links are rebuilt after
        every change and most claims have not changed."""
        import numpy as np

        missing = sorted({t for t in texts if t not in self._sentence_vectors})
        if missing:
            for text, vec in zip(missing, self.embedder.embed_batch(missing), strict=True):
                self._sentence_vectors[text] = vec
        if not texts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.stack([self._sentence_vectors[t] for t in texts])

    def enrich_document(self, doc: Document, chunks: list[Chunk], graph: Graph) -> None:
        """Add per-document derived triples (entities, claims) to the document's graph."""
        from counterpoint.kg.extract.llm_claims import claim_source
        from counterpoint.kg.extract.pipeline import enrich

        enrich(doc, graph, self.iris, self.embed_sentences, claim_source(self.settings))

    def corpus_changed(self) -> None:
        """Recompute corpus-wide derived data (cross-document links, claim status)."""
        from counterpoint.kg.extract.pipeline import links_graph

        self.store.replace_graphs(
            {self.iris.links_graph(): links_graph(self.store, self.iris, self.embed_sentences)}
        )

    def refresh(self) -> None:
        """Re-read the graph and rebuild the index after the corpus changed."""
        self.corpus_changed()
        self._view = None
        self.__dict__.pop("index", None)
        current = {d.doc.doc_id: d.version for d in self.view.stored}
        self.__dict__["index"] = self.vectors.rebuild(current, self.embedder.dim)
        self.vectors.prune(current)

    # -- corpus ---------------------------------------------------------------------------
    def stored_documents(self, doc_id: str | None = None) -> list[StoredDocument]:
        return load_documents(self.store, doc_id)

    def count_claims(self, doc_id: str) -> int:
        from counterpoint.kg.namespaces import sparql_prefixes

        graph = self.iris.doc_graph(doc_id)
        rows = self.store.select(
            sparql_prefixes()
            + f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?c a aif:I-node }} }}"
        )
        return int(rows[0]["n"]) if rows else 0

    def ingest(
        self,
        paths: list[str],
        overrides: dict[str, Any] | None = None,
        recursive: bool = False,
        progress: Any = None,
        allow_network: bool = False,
    ) -> Any:
        from counterpoint.ingest import ingest_paths

        return ingest_paths(self, paths, overrides or {}, recursive, progress, allow_network)

    def remove(self, doc_ids: list[str]) -> list[str]:
        known = {d.doc.doc_id for d in self.stored_documents()}
        unknown = [d for d in doc_ids if d not in known]
        if unknown:
            raise UsageError(
                f"unknown document id(s): {', '.join(unknown)} (see `counterpoint docs`)"
            )
        self.store.replace_graphs({self.iris.doc_graph(d): "" for d in doc_ids})
        self.refresh()
        return doc_ids

    # -- answering ------------------------------------------------------------------------
    def retrieve(self, question: str, k: int, doc_id: str | None = None) -> list[Evidence]:
        view = self.view
        if doc_id is not None and doc_id not in view.docs:
            raise UsageError(f"unknown document id: {doc_id} (see `counterpoint docs`)")
        retriever = DenseRetriever(self.embedder, self.index, view.doc_of)
        return [
            Evidence(
                chunk=view.chunks[h.chunk_id], doc=view.docs[view.doc_of(h.chunk_id)], score=h.score
            )
            for h in retriever.search(question, k, doc_id)
            if h.chunk_id in view.chunks
        ]

    def ask(self, question: str, k: int | None = None, doc_id: str | None = None) -> Answer:
        question = question.strip()
        if not question:
            raise UsageError("the question is empty")
        evidence = self.retrieve(question, k or self.settings.top_k, doc_id)
        answerer = ExtractiveAnswerer(self.embedder, self.settings.min_evidence_similarity)
        return answerer.answer(question, evidence, [d.doc.meta.title for d in self.view.stored])

    def close(self) -> None:
        self.store.close()


class CorpusView:
    """Documents and chunks as read from the graph: the single source of quotable text."""

    def __init__(self, stored: list[StoredDocument], store: GraphStore) -> None:
        self.stored = stored
        self.docs = {s.doc.doc_id: s.doc for s in stored}
        self.chunks: dict[str, Chunk] = {}
        for doc_id in self.docs:
            for c in load_chunks(store, doc_id):
                self.chunks[c.chunk_id] = c

    def doc_of(self, chunk_id: str) -> str:
        chunk = self.chunks.get(chunk_id)
        return chunk.doc_id if chunk else ""
