"""The façade the CLI and the app share: one workspace, its store, vectors and models.

Heavy parts (the embedding model) load on first use, so `docs` or `sparql` stay fast.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from functools import cached_property
from typing import Any

import numpy as np
from rdflib import Graph

from counterpoint.answer.engine import MODES, AnswerEngine
from counterpoint.answer.evidence import Evidence, Sentence
from counterpoint.answer.llm import LLMAnswerer, StreamEvent
from counterpoint.answer.models import Answer
from counterpoint.answer.record import ChallengeRecord, list_challenges, record_challenge
from counterpoint.config import Settings
from counterpoint.corpus.models import Chunk, Document
from counterpoint.errors import UsageError
from counterpoint.kg.base import GraphStore
from counterpoint.kg.claims import ClaimRecord, load_claims
from counterpoint.kg.documents import StoredDocument, load_chunks, load_documents
from counterpoint.kg.namespaces import Iris
from counterpoint.kg.stores import open_store
from counterpoint.retrieval.base import Embedder, QueryCachedEmbedder
from counterpoint.retrieval.expand import GraphExpander
from counterpoint.retrieval.faiss_index import FaissIndex
from counterpoint.retrieval.filters import Filters
from counterpoint.retrieval.hybrid import HybridRetriever, SearchTrace
from counterpoint.retrieval.lexical import LexicalIndex
from counterpoint.retrieval.sentence_vectors import SentenceVectors
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
        self.session = uuid.uuid4().hex[:12]
        self._claim_cache: tuple[tuple[str, ...], np.ndarray] | None = None
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

    @cached_property
    def query_embedder(self) -> QueryCachedEmbedder:
        return QueryCachedEmbedder(self.embedder)

    @property
    def view(self) -> CorpusView:
        if self._view is None:
            self._view = CorpusView(self.stored_documents(), self.store)
        return self._view

    @cached_property
    def index(self) -> FaissIndex:
        current = {d.doc.doc_id: d.version for d in self.view.stored}
        return self.vectors.index_for(current, self.embedder.dim, self.settings.vector_index)

    @cached_property
    def lexical(self) -> LexicalIndex:
        current = {d.doc.doc_id: d.version for d in self.view.stored}
        return self.vectors.lexical_for(current, self.view.chunk_texts)

    @cached_property
    def sentence_vectors(self) -> SentenceVectors:
        current = {d.doc.doc_id: d.version for d in self.view.stored}
        return self.vectors.sentences_for(current, self._build_sentences)

    def _build_sentences(self) -> SentenceVectors:
        texts = {d: doc.text for d, doc in self.view.docs.items()}
        return SentenceVectors.build(self.view.chunks.values(), texts, self.embedder)

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
        from counterpoint.kg.extract.llm_links import link_judge
        from counterpoint.kg.extract.pipeline import enrich

        enrich(
            doc,
            graph,
            self.iris,
            self.embed_sentences,
            claim_source(self.settings),
            link_judge(self.settings),
            self.settings.extract,
        )

    def corpus_changed(self) -> None:
        """Recompute corpus-wide derived data (cross-document links, claim status)."""
        from counterpoint.kg.extract.llm_links import link_judge
        from counterpoint.kg.extract.pipeline import links_graph

        judge = link_judge(self.settings)
        graph = links_graph(
            self.store, self.iris, self.embed_sentences, judge, self.settings.extract
        )
        self.store.replace_graphs({self.iris.links_graph(): graph})

    def refresh(self) -> None:
        """Re-read the graph and rebuild the index after the corpus changed."""
        self.corpus_changed()
        self._view = None
        self._claim_cache = None
        self.__dict__.pop("index", None)
        self.__dict__.pop("lexical", None)
        self.__dict__.pop("sentence_vectors", None)
        current = {d.doc.doc_id: d.version for d in self.view.stored}
        self.__dict__["index"] = self.vectors.rebuild(
            current, self.embedder.dim, self.settings.vector_index
        )
        self.__dict__["lexical"] = self.vectors.rebuild_lexical(current, self.view.chunk_texts)
        # Embedding every sentence is the costly part: only redone when versions changed.
        self.__dict__["sentence_vectors"] = self.vectors.sentences_for(
            current, self._build_sentences
        )
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
    def retriever(self) -> HybridRetriever:
        view = self.view
        return HybridRetriever(
            self.query_embedder,
            self.index,
            self.lexical,
            view.doc_of,
            view.expander,
            self.sentence_vectors,
            self.settings.retrieval,
        )

    def retrieve(
        self,
        question: str,
        k: int,
        doc_id: str | None = None,
        *,
        author: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        method: str = "hybrid",
        trace: SearchTrace | None = None,
    ) -> list[Evidence]:
        """Evidence for a question: hybrid (dense + BM25 + graph) by default; `method`
        'dense' or 'lexical' gives one ranking alone (for evaluation)."""
        view = self.view
        allowed_docs = Filters(doc_id, author, since, until).allowed_docs(view.docs)
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

    def claims(self) -> list[ClaimRecord]:
        return load_claims(self.store)

    def _claim_vectors(self, claims: list[ClaimRecord]) -> np.ndarray:
        key = tuple(f"{c.id}|{c.text}" for c in claims)
        if self._claim_cache is None or self._claim_cache[0] != key:
            self._claim_cache = (key, self.embedder.embed_batch([c.text for c in claims]))
        return self._claim_cache[1]

    def _quote_claim(self, claim: ClaimRecord) -> Sentence | None:
        doc = self.view.docs.get(claim.doc_id)
        cid = self.view.expander.chunk_at(claim.doc_id, claim.start)
        if doc is None or cid is None or doc.text[claim.start : claim.end] != claim.text:
            return None  # stale offsets: a claim that does not verify is never shown
        ev = Evidence(chunk=self.view.chunks[cid], doc=doc, score=1.0)
        return Sentence(evidence=ev, start=claim.start, end=claim.end, similarity=1.0)

    def _engine(self) -> AnswerEngine:
        return AnswerEngine(
            self.query_embedder,
            self.settings.min_evidence_similarity,
            [d.doc.meta.title for d in self.view.stored],
            self.claims,
            self._quote_claim,
            self._claim_vectors,
            self.sentence_vectors,
        )

    def _llm(self, model: str | None) -> LLMAnswerer | None:
        from counterpoint.llm.client import LLMClient, LLMConfig

        settings = self.settings
        if model:
            settings = settings.model_copy(update={"llm_model": model})
        config = LLMConfig.from_settings(settings)
        return LLMAnswerer(LLMClient(config), self.embedder) if config else None

    def _plan(
        self, question: str, k: int | None, doc_id: str | None, mode: str, **filters: Any
    ) -> Any:
        question = question.strip()
        if not question:
            raise UsageError("the question is empty")
        if mode not in MODES:
            raise UsageError(f"unknown mode {mode!r}: use {', '.join(MODES)}")
        evidence = self.retrieve(question, k or self.settings.retrieval.top_k, doc_id, **filters)
        return self._engine().plan(question, evidence, mode)

    def _record(self, answer: Answer, session: str | None) -> Answer:
        if answer.verdict is not None:
            record_challenge(
                self.store,
                self.iris,
                answer.question,
                answer.target_claims or [],
                answer.verdict,
                session or self.session,
            )
        return answer

    def ask(
        self,
        question: str,
        k: int | None = None,
        doc_id: str | None = None,
        *,
        mode: str = "auto",
        model: str | None = None,
        session: str | None = None,
        **filters: Any,
    ) -> Answer:
        """Answer or weigh a challenge. With an LLM configured (settings or `model`) the
        prose is the model's, verified; on any LLM failure the extractive answer comes back
        with a one-line `notice`. Challenges are recorded in the challenges graph."""
        plan = self._plan(question, k, doc_id, mode, **filters)
        return self._record(self._engine().write(plan, self._llm(model)), session)

    def ask_stream(
        self,
        question: str,
        k: int | None = None,
        doc_id: str | None = None,
        *,
        mode: str = "auto",
        model: str | None = None,
        session: str | None = None,
        **filters: Any,
    ) -> Iterator[StreamEvent]:
        """Like `ask`, as events: LLM text deltas as they arrive, the verified answer last."""
        plan = self._plan(question, k, doc_id, mode, **filters)
        for event in self._engine().write_stream(plan, self._llm(model)):
            if isinstance(event.answer, Answer):
                self._record(event.answer, session)
            yield event

    def challenges(self, doc_id: str | None = None) -> list[ChallengeRecord]:
        if doc_id is not None and doc_id not in self.view.docs:
            raise UsageError(f"unknown document id: {doc_id} (see `counterpoint docs`)")
        return list_challenges(self.store, self.iris, doc_id)

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

        self.expander = GraphExpander(store, self.chunks)

    def doc_of(self, chunk_id: str) -> str:
        chunk = self.chunks.get(chunk_id)
        return chunk.doc_id if chunk else ""

    def chunk_texts(self) -> tuple[list[str], list[str]]:
        ids = sorted(self.chunks)
        return ids, [self.chunks[i].text for i in ids]
