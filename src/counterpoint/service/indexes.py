"""What search reads, derived from the graph and the vector files, held together because it
changes together: the corpus view (documents and chunks as the graph states them), the FAISS
index, the BM25 index, the sentence vectors, and one cache of short-text embeddings (claims).

Each part loads on first use (from disk when its manifest names the graph's versions, else
rebuilt); `rebuild()` rebuilds them in one piece after the corpus changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from counterpoint.answer.evidence import Evidence
from counterpoint.config import RetrievalSettings
from counterpoint.corpus.models import Chunk
from counterpoint.errors import UsageError
from counterpoint.kg.base import GraphStore
from counterpoint.kg.claims import ClaimRecord
from counterpoint.kg.documents import StoredDocument, load_chunks, load_documents
from counterpoint.retrieval.base import Embedder, QueryCachedEmbedder, VectorIndex, Vectors
from counterpoint.retrieval.expand import GraphExpander
from counterpoint.retrieval.filters import Filters
from counterpoint.retrieval.hybrid import HybridRetriever, SearchTrace
from counterpoint.retrieval.lexical import LexicalIndex
from counterpoint.retrieval.milvus_index import MilvusIndex, VectorsTarget
from counterpoint.retrieval.sentence_vectors import SentenceVectors
from counterpoint.retrieval.vectors import VectorStore
from counterpoint.service.options import RetrievalMethod

if TYPE_CHECKING:
    from counterpoint.answer.corpus import AnswerCorpus


class CorpusView:
    """Documents and chunks as read from the graph: the single source of quotable text."""

    def __init__(self, stored: list[StoredDocument], store: GraphStore) -> None:
        self.stored = stored
        self.docs = {s.doc.doc_id: s.doc for s in stored}
        self.chunks: dict[str, Chunk] = {}
        for doc_id in self.docs:
            for c in load_chunks(store, doc_id):
                self.chunks[c.chunk_id] = c

        self.expander = GraphExpander(store, self.chunks)

    @property
    def versions(self) -> dict[str, str]:
        """{doc_id: version} the graph names: what every derived index must be built from."""
        return {s.doc.doc_id: s.version for s in self.stored}

    def doc_of(self, chunk_id: str) -> str:
        chunk = self.chunks.get(chunk_id)
        return chunk.doc_id if chunk else ""

    def chunk_texts(self) -> tuple[list[str], list[str]]:
        ids = sorted(self.chunks)
        return ids, [self.chunks[i].text for i in ids]


class CorpusIndexes:
    """The search side of one workspace. `embedder` is called only when vectors are needed, so
    commands that never search never load the model."""

    def __init__(
        self,
        store: GraphStore,
        vectors: VectorStore,
        embedder: Callable[[], Embedder],
        vector_kind: str,
        retrieval: RetrievalSettings,
        target: VectorsTarget | None = None,
    ) -> None:
        self.store = store
        self.target = target if target is not None else VectorsTarget("faiss")
        self.retrieval = retrieval
        self.vectors = vectors
        self._embedder = embedder
        self.vector_kind = vector_kind
        self._view: CorpusView | None = None
        self._index: VectorIndex | None = None
        self._lexical: LexicalIndex | None = None
        self._sentences: SentenceVectors | None = None
        self._answer_corpus: AnswerCorpus | None = None
        self._query_embedder: QueryCachedEmbedder | None = None
        # text -> vector: links are rebuilt after every change and most claims have not changed
        self._text_vectors: dict[str, Vectors] = {}

    @property
    def embedder(self) -> Embedder:
        return self._embedder()

    @property
    def query_embedder(self) -> QueryCachedEmbedder:
        """Questions are embedded once per ask, though several steps need the vector."""
        if self._query_embedder is None:
            self._query_embedder = QueryCachedEmbedder(self.embedder)
        return self._query_embedder

    @property
    def view(self) -> CorpusView:
        if self._view is None:
            self._view = CorpusView(load_documents(self.store), self.store)
        return self._view

    @property
    def index(self) -> VectorIndex:
        if self._index is None:
            self._index = self._open_index(rebuild=False)
        return self._index

    def _open_index(self, rebuild: bool) -> VectorIndex:
        from counterpoint.retrieval.vector_target import open_index

        embedder = self.embedder
        opened = self._index if isinstance(self._index, MilvusIndex) else None
        return open_index(
            self.target,
            self.vectors,
            self.view.versions,
            embedder.dim,
            self.vector_kind,
            getattr(embedder, "identity", None),
            rebuild=rebuild,
            opened=opened,
        )

    def close(self) -> None:
        """Release a Milvus connection (Milvus Lite opens a database in one process only)."""
        if isinstance(self._index, MilvusIndex):
            self._index.close()
        self._index = None

    @property
    def lexical(self) -> LexicalIndex:
        if self._lexical is None:
            self._lexical = self.vectors.lexical_for(self.view.versions, self.view.chunk_texts)
        return self._lexical

    @property
    def sentence_vectors(self) -> SentenceVectors:
        if self._sentences is None:
            self._sentences = self.vectors.sentences_for(self.view.versions, self._build_sentences)
        return self._sentences

    @property
    def answer_corpus(self) -> AnswerCorpus:
        """Essays, the principal essay, the sentence table and person names, for answering
        (built from the view and the sentence vectors, no model call)."""
        if self._answer_corpus is None:
            from counterpoint.answer.corpus import AnswerCorpus
            from counterpoint.answer.sentence_table import SentenceTable
            from counterpoint.kg.entities_read import load_entities

            view = self.view
            texts = {d: doc.text for d, doc in view.docs.items()}
            table = SentenceTable.build(self.sentence_vectors, view.chunks, texts)
            persons = [e["label"] for e in load_entities(self.store) if e["type"] == "Person"]
            self._answer_corpus = AnswerCorpus.build(view.docs, view.chunks, table, persons)
        return self._answer_corpus

    def _build_sentences(self) -> SentenceVectors:
        texts = {d: doc.text for d, doc in self.view.docs.items()}
        return SentenceVectors.build(self.view.chunks.values(), texts, self.embedder)

    def rebuild(self) -> None:
        """Re-read the graph, rebuild the FAISS and BM25 indexes from the versions it names,
        refresh the sentence vectors (re-embedded only when versions changed: the costly part)
        and delete vector files no version names."""
        self._view = None
        self._answer_corpus = None
        current = self.view.versions
        self._index = self._open_index(rebuild=True)
        self._lexical = self.vectors.rebuild_lexical(current, self.view.chunk_texts)
        self._sentences = self.vectors.sentences_for(current, self._build_sentences)
        self.vectors.prune(current)

    def reread_graph(self) -> None:
        """Re-read documents, chunks and expansion flags on next use, keeping the indexes: for
        writes to the graph that change no document version."""
        self._view = None
        self._answer_corpus = None

    # -- embeddings of short texts --------------------------------------------------------
    def embed_texts(self, texts: list[str]) -> Vectors:
        """Embeddings of claim texts, in order, each text embedded once per service."""
        missing = sorted({t for t in texts if t not in self._text_vectors})
        if missing:
            for text, vec in zip(missing, self.embedder.embed_batch(missing), strict=True):
                self._text_vectors[text] = vec
        if not texts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.stack([self._text_vectors[t] for t in texts])

    def claim_vectors(self, claims: list[ClaimRecord]) -> Vectors:
        return self.embed_texts([c.text for c in claims])

    # -- search ---------------------------------------------------------------------------
    def retriever(self) -> HybridRetriever:
        view = self.view
        return HybridRetriever(
            self.query_embedder,
            self.index,
            self.lexical,
            view.doc_of,
            view.expander,
            self.sentence_vectors,
            self.retrieval,
        )

    def search(
        self,
        question: str,
        k: int,
        filters: Filters,
        method: RetrievalMethod = "hybrid",
        trace: SearchTrace | None = None,
    ) -> list[Evidence]:
        """Evidence for a question: hybrid (dense + BM25 + graph) by default; `method`
        'dense' or 'lexical' gives one ranking alone (for evaluation)."""
        view = self.view
        allowed_docs = filters.allowed_docs(view.docs)
        allowed = None
        if allowed_docs is not None:
            allowed = {cid for cid, c in view.chunks.items() if c.doc_id in allowed_docs}
        retriever = self.retriever()
        if method == "hybrid":
            hits = [
                (h.chunk_id, h.score) for h in retriever.search(question, k, allowed, trace=trace)
            ]
        elif method == "dense":
            hits = retriever.dense(question, k, allowed)
        elif method == "lexical":
            hits = self.lexical.search(question, k, allowed)
        else:
            raise UsageError(f"unknown retrieval method {method!r}: use hybrid, dense or lexical")
        return [
            Evidence(chunk=view.chunks[cid], doc=view.docs[view.doc_of(cid)], score=score)
            for cid, score in hits
            if cid in view.chunks
        ]
