"""What search reads, derived from the graph and the vector files, held together because it
changes together: the corpus view (documents and chunks as the graph states them), the FAISS
index, the BM25 index, the sentence vectors, and one cache of short-text embeddings (claims).

Each part loads on first use (from disk when its manifest names the graph's versions, else
rebuilt). After documents were added, changed or removed, `update(doc_ids)` brings every part
up to date in proportion to those documents: each index remembers the {doc_id: version} it
holds, and only documents whose version differs from the graph's are removed and re-added
(FAISS by stable label, BM25 by segment, sentence vectors per document file). `rebuild()`
still rebuilds everything in one piece (`doctor --repair`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import numpy as np

from counterpoint.answer.evidence import Evidence
from counterpoint.config import RetrievalSettings
from counterpoint.crashpoints import crash_point
from counterpoint.errors import UsageError
from counterpoint.kg.base import GraphStore
from counterpoint.kg.claims import ClaimRecord
from counterpoint.kg.namespaces import Iris
from counterpoint.memory import release_freed_memory
from counterpoint.retrieval.base import (
    Embedder,
    LateEmbedder,
    QueryCachedEmbedder,
    VectorIndex,
    Vectors,
)
from counterpoint.retrieval.faiss_index import FaissIndex, choose_kind
from counterpoint.retrieval.filters import Filters
from counterpoint.retrieval.hybrid import HybridRetriever, SearchTrace
from counterpoint.retrieval.lexical import LexicalIndex
from counterpoint.retrieval.milvus_index import MilvusIndex, VectorsTarget
from counterpoint.retrieval.sentence_vectors import SentenceVectors
from counterpoint.retrieval.vectors import VectorStore
from counterpoint.service.corpus_view import CorpusView
from counterpoint.service.options import RetrievalMethod

# Above this share of the corpus changed at once, one full rebuild is cheaper than updates.
FULL_REBUILD_SHARE = 0.5

if TYPE_CHECKING:
    from counterpoint.answer.corpus import AnswerCorpus


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
        target: VectorsTarget | None,
        iris: Iris,
    ) -> None:
        """`iris`: the workspace's IRIs, to read expansion facts and claims per document
        version."""
        self.store = store
        self.iris = iris
        self.target = target if target is not None else VectorsTarget("faiss")
        self.retrieval = retrieval
        self.vectors = vectors
        self._embedder = embedder
        self.vector_kind = vector_kind
        self._view: CorpusView | None = None
        self._index: VectorIndex | None = None
        self._lexical: LexicalIndex | None = None
        self._sentences: SentenceVectors | None = None
        # {doc_id: version} each loaded part holds (what `update` compares with the graph)
        self._held: dict[str, dict[str, str]] = {}
        self._answer_corpus: AnswerCorpus | None = None
        self._claims: list[ClaimRecord] | None = None
        self._query_embedder: QueryCachedEmbedder | None = None
        # text -> vector: links are rebuilt after every change and most claims have not changed;
        # kept on disk too, so a new process (a CLI ingest) does not re-embed every claim
        self._text_vectors: dict[str, Vectors] | None = None
        self._text_vectors_dirty = False

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
            self._view = self._read_view(refresh=False)
        return self._view

    def _read_view(self, refresh: bool) -> CorpusView:
        """The corpus view, through the view cache (`service/view_cache.py`); `refresh`
        reads every document from the graph and rewrites the cache (a rebuild)."""
        from counterpoint.service.view_cache import CACHE_FILE, read_corpus

        stored, chunks = read_corpus(self.store, self.vectors.root / CACHE_FILE, refresh)
        return CorpusView(stored, self.store, chunks, (self.vectors.root / CACHE_FILE, self.iris))

    def _cache_view(self, doc_ids: list[str]) -> None:
        """After a refresh of these documents: their rows into the view cache, rows of
        versions the graph no longer names out."""
        from counterpoint.service.view_cache import CACHE_FILE, keep_current

        assert self._view is not None
        view = self._view
        stored = {s.doc.doc_id: s for s in view.stored}
        entries = [(stored[d], view.chunks_of(d)) for d in doc_ids if d in stored]
        keep_current(self.vectors.root / CACHE_FILE, entries, view.versions)

    @property
    def index(self) -> VectorIndex:
        if self._index is None:
            current = self.view.versions
            self._index = self._open_index(current, rebuild=False)
            self._held["index"] = current
        return self._index

    def _open_index(self, current: dict[str, str], rebuild: bool) -> VectorIndex:
        from counterpoint.retrieval.vector_target import open_index

        embedder = self.embedder
        opened = self._index if isinstance(self._index, MilvusIndex) else None
        return open_index(
            self.target,
            self.vectors,
            current,
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
            current = self.view.versions
            self._lexical = self.vectors.lexical_for(current, self.view.chunk_texts)
            self._held["lexical"] = current
        return self._lexical

    @property
    def sentence_vectors(self) -> SentenceVectors:
        if self._sentences is None:
            current = self.view.versions
            self._sentences = self.vectors.sentences_for(current, self._build_sentences)
            self._held["sentences"] = current
        return self._sentences

    @property
    def answer_corpus(self) -> AnswerCorpus:
        """Essays, the principal essay, the sentence table and person names, for answering
        (built from the view and the sentence vectors, no model call)."""
        if self._answer_corpus is None:
            from counterpoint.answer.corpus import AnswerCorpus
            from counterpoint.answer.sentence_table import SentenceTable
            from counterpoint.kg.entities_read import person_names

            view = self.view
            texts = {d: doc.text for d, doc in view.docs.items()}
            table = SentenceTable.build(self.sentence_vectors, view.chunks, texts)
            # one copy of the vectors: retrieval's per-chunk rows become views of the table
            self.sentence_vectors.share(table.chunk_ids, table.spans, table.vecs)
            release_freed_memory()
            persons = person_names(self.store)
            self._answer_corpus = AnswerCorpus.build(view.docs, view.chunks, table, persons)
        return self._answer_corpus

    def _build_sentences(self, doc_id: str) -> SentenceVectors:
        """A document's sentence vectors when its file is missing (ingest writes them in the
        "late" mode; a rebuild, a damaged file or a switched setting lands here)."""
        doc = self.view.docs[doc_id]
        embedder = self.embedder
        if self.vectors.sentence_mode == "late" and isinstance(embedder, LateEmbedder):
            chunks = self.view.chunks_of(doc_id)
            return SentenceVectors.build_late(chunks, {doc_id: doc.text}, embedder)[1]
        reuse = _Reusing(embedder, self._cached_text_vectors)
        return SentenceVectors.build(self.view.chunks_of(doc_id), {doc_id: doc.text}, reuse)

    def _cached_text_vectors(self) -> dict[str, Vectors]:
        if self._text_vectors is None:
            self._text_vectors = self.vectors.load_text_vectors(self.embedder.name)
        return self._text_vectors

    def claims(self) -> list[ClaimRecord]:
        """Every claim of the corpus as the view holds it, with links, status and strength
        (kg/extract/corpus_claims.py: per essay version from the link cache), read once per
        view: changes to documents or links reset it with the view's other products."""
        if self._claims is None:
            from counterpoint.kg.extract.corpus_claims import read_corpus_claims
            from counterpoint.kg.extract.link_cache import CACHE_FILE as LINK_CACHE

            self._claims = read_corpus_claims(
                self.store, self.iris, self.view.versions, self.vectors.root / LINK_CACHE
            )
        return self._claims

    def rebuild(self) -> None:
        """Re-read the graph, rebuild the FAISS and BM25 indexes from the versions it names,
        refresh the sentence vectors (re-embedded only when versions changed: the costly part)
        and delete vector files no version names."""
        self._view = self._read_view(refresh=True)
        self._answer_corpus = None
        self._claims = None
        current = self.view.versions
        crash_point("rebuild:faiss")
        self._index = self._open_index(current, rebuild=True)
        crash_point("rebuild:bm25")
        self._lexical = self.vectors.rebuild_lexical(current, self.view.chunk_texts)
        crash_point("rebuild:sentences")
        self._sentences = self.vectors.sentences_for(current, self._build_sentences)
        self._held = {"index": current, "lexical": current, "sentences": current}
        crash_point("rebuild:prune")
        self.vectors.prune(current)
        self.save_text_vectors()

    # -- incremental updates --------------------------------------------------------------
    def update(self, doc_ids: list[str]) -> None:
        """After these documents were added, changed or removed in the graph: re-read them,
        bring FAISS, BM25 and the sentence vectors up to date by removing and re-adding only
        the documents whose version differs, save each part, and prune stale vector files."""
        from counterpoint.service.view_cache import BULK_MISSES

        if self._view is None or len(doc_ids) > BULK_MISSES:
            # many documents (a bulk ingest): read the view again (view cache, then the bulk
            # reads for what it misses), not one document at a time (~5 ms each)
            self._view = self._read_view(refresh=False)
            current = self._view.versions
        else:
            self._view.refresh(doc_ids)
            self._cache_view(doc_ids)
            current = self._view.versions
        self._answer_corpus = None
        self._claims = None
        crash_point("index:faiss")
        self._update_index(current)
        crash_point("index:bm25")
        self._update_lexical(current)
        crash_point("index:sentences")
        self._update_sentences(current)
        crash_point("index:prune")
        self.vectors.prune(current)
        crash_point("index:text-vectors")
        self.save_text_vectors()

    def _changes(
        self, held: dict[str, str], current: dict[str, str]
    ) -> tuple[list[str], list[str]] | None:
        """(documents to drop, documents to add), or None when a full rebuild is cheaper."""
        gone = sorted(d for d, v in held.items() if current.get(d) != v)
        new = sorted(d for d, v in current.items() if held.get(d) != v)
        if len(gone) + len(new) > FULL_REBUILD_SHARE * max(len(current), 1) and len(new) > 1:
            return None
        if any(not self.vectors.has(d, held[d]) for d in gone):
            return None  # the old chunk ids are unknown: rebuild
        return gone, new

    def _old_ids(self, held: dict[str, str], gone: list[str]) -> list[str]:
        return [cid for d in gone for cid in self.vectors.read_doc(d, held[d])[0]]

    def _update_index(self, current: dict[str, str]) -> None:
        if self.target.kind != "faiss":
            # Milvus: `sync_milvus` already removes and inserts only the changed documents
            self._index = self._open_index(current, rebuild=False)
            self._held["index"] = current
            return
        loaded = (
            (self._index, self._held["index"])
            if isinstance(self._index, FaissIndex)
            else self.vectors.load_index(self.embedder.dim)
        )
        plan = self._changes(loaded[1], current) if loaded is not None else None
        if loaded is None or plan is None:
            self._index = self.vectors.rebuild(current, self.embedder.dim, self.vector_kind)
            self._held["index"] = current
            return
        index, held = loaded
        gone, new = plan
        index.remove(self._old_ids(held, gone))
        for doc_id in new:
            if self.vectors.has(doc_id, current[doc_id]):
                index.add(*self.vectors.read_doc(doc_id, current[doc_id]))
        if index.kind != choose_kind(len(index), self.vector_kind, index.kind):
            index = self.vectors.rebuild(current, self.embedder.dim, self.vector_kind)
        else:
            self.vectors.save_index(index, current)
        self._index, self._held["index"] = index, current

    def _update_lexical(self, current: dict[str, str]) -> None:
        loaded = (
            (self._lexical, self._held["lexical"])
            if self._lexical is not None
            else self.vectors.load_lexical()
        )
        plan = self._changes(loaded[1], current) if loaded is not None else None
        if loaded is None or plan is None:
            self._lexical = self.vectors.rebuild_lexical(current, self.view.chunk_texts)
            self._held["lexical"] = current
            return
        lexical, held = loaded
        gone, new = plan
        lexical.remove(self._old_ids(held, gone))
        for doc_id in new:
            chunks = self.view.chunks_of(doc_id)
            lexical.add([c.chunk_id for c in chunks], [c.text for c in chunks])
        self.vectors.save_lexical(lexical, current)
        self._lexical, self._held["lexical"] = lexical, current

    def _update_sentences(self, current: dict[str, str]) -> None:
        """Embed the sentences of new versions now (ingest time, not the first question's);
        the in-memory rows, when loaded, follow."""
        held = self._held.get("sentences") or self.vectors.sentences_held() or {}
        gone = sorted(d for d, v in held.items() if current.get(d) != v)
        new = sorted(d for d, v in current.items() if held.get(d) != v)
        if self._sentences is None:
            # nothing in memory to update (an ingest process): make sure each new version's
            # file exists, holding no vectors beyond one document's (bounded memory at size)
            for d in new:
                if not self.vectors.sentence_file(d, current[d]).exists():
                    self.vectors.doc_sentences(d, current[d], partial(self._build_sentences, d))
            self.vectors.mark_sentences(current)
            return
        rows = [
            self.vectors.doc_sentences(d, current[d], partial(self._build_sentences, d))
            for d in new
        ]
        if self._sentences is not None:
            self._sentences.drop(
                self._old_ids(held, [d for d in gone if self.vectors.has(d, held[d])])
            )
            for row in rows:
                self._sentences.update(row)
            self._held["sentences"] = current
        self.vectors.mark_sentences(current)

    def reread_graph(self) -> None:
        """Re-read documents, chunks and expansion flags on next use, keeping the indexes: for
        writes to the graph that change no document version."""
        self._view = None
        self._answer_corpus = None
        self._claims = None

    # -- embeddings of short texts --------------------------------------------------------
    def embed_texts(self, texts: list[str]) -> Vectors:
        """Embeddings of claim texts, in order, each text embedded once per workspace and
        model (the cache file is keyed by model name and text)."""
        cache = self._cached_text_vectors()
        missing = sorted({t for t in texts if t not in cache})
        if missing:
            for text, vec in zip(missing, self.embedder.embed_batch(missing), strict=True):
                cache[text] = vec
            self._text_vectors_dirty = True
        if not texts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.stack([cache[t] for t in texts])

    def save_text_vectors(self) -> None:
        if self._text_vectors is not None and self._text_vectors_dirty:
            self.vectors.save_text_vectors(self.embedder.name, self._text_vectors)
            self._text_vectors_dirty = False

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
        lexical_query: str | None = None,
    ) -> list[Evidence]:
        """Evidence for a question: hybrid (dense + BM25 + graph) by default; `method`
        'dense' or 'lexical' gives one ranking alone (for evaluation). `lexical_query`: what
        BM25 searches instead of the question (HybridRetriever.search)."""
        view = self.view
        allowed_docs = filters.allowed_docs(view.docs)
        allowed = None
        if allowed_docs is not None:
            allowed = {cid for cid, c in view.chunks.items() if c.doc_id in allowed_docs}
        retriever = self.retriever()
        if method == "hybrid":
            hits = [
                (h.chunk_id, h.score)
                for h in retriever.search(
                    question, k, allowed, trace=trace, lexical_query=lexical_query
                )
            ]
        elif method == "dense":
            hits = retriever.dense(question, k, allowed)
        elif method == "lexical":
            hits = self.lexical.search(lexical_query or question, k, allowed)
        else:
            raise UsageError(f"unknown retrieval method {method!r}: use hybrid, dense or lexical")
        return [
            Evidence(chunk=view.chunks[cid], doc=view.docs[view.doc_of(cid)], score=score)
            for cid, score in hits
            if cid in view.chunks
        ]


class _Reusing:
    """An embedder for a document's sentences that takes the vector of a sentence whose text
    was embedded already (its claims and thesis candidates, embedded during extraction and
    kept in the claim-text cache) and embeds each remaining distinct text once, in one
    batch. Sentences are not added to the cache: it stays the size of the claims."""

    def __init__(self, embedder: Embedder, cache: Callable[[], dict[str, Vectors]]) -> None:
        self.embedder = embedder
        self.cache = cache
        self.name, self.dim = embedder.name, embedder.dim
        self.reused = 0

    def embed_batch(self, texts: list[str]) -> Vectors:
        known = self.cache()
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        fresh = (
            dict(zip(missing, self.embedder.embed_batch(missing), strict=True)) if missing else {}
        )
        self.reused = sum(1 for t in texts if t in known)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([known[t] if t in known else fresh[t] for t in texts])
