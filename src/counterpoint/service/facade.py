"""The façade the CLI and the app share: one workspace, its store, vectors and models.

It wires four parts and holds no cache of its own: `Models` (the embedder and the question
reader), `CorpusIndexes` (what search reads), `Enricher` (derived argument data) and
`Answering` (questions and challenges). Heavy parts (the
embedding model, FAISS, the answer engine) load on first use, so `docs` or `sparql` stay fast.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from counterpoint.config import Settings
from counterpoint.errors import UsageError
from counterpoint.kg.base import GraphStore
from counterpoint.kg.namespaces import Iris
from counterpoint.service.models import Models
from counterpoint.service.options import AnswerMode, RetrievalMethod
from counterpoint.service.rwlock import ReadWriteLock

if TYPE_CHECKING:
    from counterpoint.answer.evidence import Evidence
    from counterpoint.answer.llm import StreamEvent
    from counterpoint.answer.models import Answer
    from counterpoint.answer.record import ChallengeRecord
    from counterpoint.corpus.models import Document
    from counterpoint.deadline import Deadline
    from counterpoint.ingest_types import (
        IngestResult,
        IngestTimings,
        MetadataOverrides,
        ProgressSink,
    )
    from counterpoint.kg.claims import ClaimRecord
    from counterpoint.kg.documents_read import StoredDocument
    from counterpoint.kg.extract.link_update import LinkUpdate
    from counterpoint.kg.extract.pipeline import Prepared
    from counterpoint.kg.ntriples import NTriplesGraph
    from counterpoint.kg.sparql.results import QueryResult
    from counterpoint.retrieval.base import Embedder
    from counterpoint.retrieval.filters import Filters
    from counterpoint.retrieval.hybrid import SearchTrace
    from counterpoint.retrieval.milvus_index import VectorsTarget
    from counterpoint.retrieval.vectors import VectorStore
    from counterpoint.service.answering import Answering
    from counterpoint.service.corpus_view import CorpusView
    from counterpoint.service.enricher import Enricher
    from counterpoint.service.indexes import CorpusIndexes


class Counterpoint:
    """Everything about one workspace. Pass an embedder or store to reuse or replace them."""

    def __init__(
        self,
        settings: Settings,
        store: GraphStore | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        from counterpoint.kg.stores import open_store

        self._settings = settings
        self.iris = Iris(settings.base_iri)
        self.store = store if store is not None else open_store(settings)
        self.models = Models(lambda: self._settings, embedder)
        self._vectors: VectorStore | None = None
        self._indexes: CorpusIndexes | None = None
        self.session = uuid.uuid4().hex[:12]
        # A served workspace has many clients: questions read while an ingest or remove (from
        # the Library tab or the CLI through the local API) may change the corpus. Changes run
        # one at a time; the rebuild of derived data excludes readers (a consistent snapshot).
        self._changes = threading.Lock()
        self._snapshot = ReadWriteLock()
        self.last_links: LinkUpdate | None = None  # what the last links update did (bench)
        # claim contexts made while enriching, by doc: (version, contexts), for the next
        # links update (`enrich_document`)
        self._fresh_contexts: dict[str, tuple[str, dict[str, str]]] = {}

    @classmethod
    def read_only(cls, settings: Settings) -> Counterpoint:
        """Over the store opened read-only (embedded) or the endpoint (remote): for commands
        that only read, such as `sparql`, which then run beside `counterpoint serve`."""
        from counterpoint.kg.sparql.readonly import open_read_only

        return cls(settings, store=open_read_only(settings))

    # -- wiring ---------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self._settings

    @settings.setter
    def settings(self, value: Settings) -> None:
        """Later questions, ingests and queries use the new settings; the store stays."""
        self._settings = value
        if self._indexes is not None:
            self._indexes.vector_kind = value.vector_index

    @property
    def embedder(self) -> Embedder:
        """The configured embedding backend, checked against the workspace (`Models`)."""
        return self.models.embedder

    def unchecked_embedder(self) -> Embedder:
        """The backend without the workspace check (`doctor --repair` re-embeds with it)."""
        return self.models.unchecked_embedder()

    @property
    def reader(self) -> Embedder:
        """What embeds questions and claim texts: the ONNX export when cached (`Models`)."""
        return self.models.reader

    def prefetch_reader(self) -> None:
        self.models.prefetch_reader()

    def needs_question_model(self) -> bool:
        return self.models.needs_question_model()

    def export_question_model(self) -> None:
        self.models.export_question_model()

    @property
    def embedder_loaded(self) -> bool:
        return self.models.embedder_loaded

    @property
    def vectors(self) -> VectorStore:
        """Per-version vector files and the indexes derived from them, on disk."""
        if self._vectors is None:
            from counterpoint.retrieval.vectors import VectorStore

            self._vectors = VectorStore(self.settings.vectors_dir, self.settings.sentence_vectors)
        return self._vectors

    @property
    def indexes(self) -> CorpusIndexes:
        if self._indexes is None:
            from counterpoint.service.indexes import CorpusIndexes

            self._indexes = CorpusIndexes(
                self.store,
                self.vectors,
                lambda: self.reader,
                self.settings.vector_index,
                self.settings.retrieval,
                self._vectors_target(),
                self.iris,
            )
        return self._indexes

    def _vectors_target(self) -> VectorsTarget:
        from counterpoint.retrieval.milvus_index import parse_vectors

        return parse_vectors(self.settings.vectors, self.settings.workspace)

    @property
    def view(self) -> CorpusView:
        """Documents and chunks as the graph states them: the only source of quoted text."""
        return self.indexes.view

    @property
    def enricher(self) -> Enricher:
        from counterpoint.service.enricher import Enricher

        return Enricher(
            self.settings,
            self.iris,
            self.indexes.embed_texts,
            self.vectors.root,
            model=lambda: self.indexes.embedder.name,
        )

    def _answering(self) -> Answering:
        from counterpoint.service.answering import Answering

        return Answering(self.settings, self.store, self.iris, self.indexes, self.session)

    def warm(self) -> None:
        """Load now, before a first user waits for them, the model and every part a first
        question reads: the search indexes, the answer corpus (sentence table), graph
        expansion's maps and the claims. At 10k essays the first question paid ~30 s of
        this. Under the read lock, so an ingest that starts meanwhile waits rather than
        having the parts of an older corpus stored after its own."""
        with self.reading():
            indexes = self.indexes
            indexes.index  # noqa: B018
            indexes.lexical  # noqa: B018
            indexes.answer_corpus  # noqa: B018
            indexes.view.expander.maps  # noqa: B018
            indexes.claims()

    def reading(self) -> AbstractContextManager[None]:
        """Hold while reading several derived parts that must agree (view, indexes, claims):
        no rebuild runs meanwhile."""
        return self._snapshot.read()

    # -- corpus ---------------------------------------------------------------------------
    def stored_documents(
        self, doc_id: str | None = None, with_text: bool = True
    ) -> list[StoredDocument]:
        from counterpoint.kg.documents_read import load_documents

        return load_documents(self.store, doc_id, with_text=with_text)

    def document_table(self) -> list[StoredDocument]:
        """The stored documents, for ingest's and remove's decisions (identity, duplicates,
        what changed). With the embedded store this process is the graph's only writer, so
        the corpus view is current once every change made here has reached it: it is read
        through the view cache (checked against the graph's versions; 1.1 s at 10k essays,
        against 1.6 s for the graph's text-free table, and an ingest that changes anything
        needs the view anyway). A change that did not finish (its journal is still there)
        may have left the view behind the graph: it is read again. A SPARQL server may have
        other writers: its table is read each time."""
        from counterpoint.journal import Journal

        if self.settings.store not in ("oxigraph", "memory"):
            return self.stored_documents(with_text=False)
        if Journal(self.vectors.root).pending() is not None:
            self.indexes.reread_graph()
        return self.indexes.view.stored

    def count_claims(self, doc_id: str) -> int:
        from counterpoint.kg.claims import count_claims

        return count_claims(self.store, self.iris, doc_id)

    def claims(self) -> list[ClaimRecord]:
        """Every claim with links, status and strength, read once per corpus view."""
        return self.indexes.claims()

    def enrich_document(
        self,
        doc: Document,
        graph: NTriplesGraph,
        deadline: Deadline | None = None,
        version: str | None = None,
        prepared: Prepared | None = None,
    ) -> int:
        """Add per-document derived triples (entities, claims, own links) to its graph,
        checking the document's time budget between steps. With the version being written,
        its claims' contexts are kept for the links update that follows (only used if that
        version is the one stored then: kg/extract/link_update.link_graphs). `prepared`:
        what `prefetch_claim_vectors` found in this document."""
        if version is None:
            return self.enricher.document(doc, graph, deadline, prepared=prepared)
        contexts: dict[str, str] = {}
        n = self.enricher.document(doc, graph, deadline, contexts, prepared)
        self._fresh_contexts[doc.doc_id] = (version, contexts)
        return n

    def prefetch_claim_vectors(self, docs: Sequence[Document]) -> list[Prepared]:
        """Embed ahead, in one call, the claim texts these documents' extraction will ask for
        (`Enricher.prefetch`); ingest calls it for a window of documents, and hands each
        document's result to its `enrich_document`."""
        return self.enricher.prefetch(docs)

    def rebuild_derived(self) -> None:
        """After documents were added, changed or removed: rewrite the links graph (cross-essay
        links, claim status, CiTO roll-up; with an LLM configured this calls its link judge),
        then rebuild the search indexes from the versions the graph names and prune stale
        vector files. Seconds on a large corpus; ingest, remove and `doctor --repair` call it."""
        fresh, self._fresh_contexts = self._fresh_contexts, {}
        with self._snapshot.write():
            self.last_links = self.enricher.rebuild_links(self.store, fresh)
            self.indexes.rebuild()

    def update_derived(
        self, doc_ids: list[str], table: Mapping[str, StoredDocument] | None = None
    ) -> None:
        """After these documents were added, changed or removed: re-link the pairs of essays
        they are part of, then update the search indexes for those documents only
        (`CorpusIndexes.update`). `table`: the stored documents (text-free) as the caller
        read them, current for every document not in `doc_ids` (spares reading it again)."""
        fresh, self._fresh_contexts = self._fresh_contexts, {}
        with self._snapshot.write():
            self.last_links = self.enricher.update_links(self.store, doc_ids, fresh, table)
            self.indexes.update(doc_ids)

    def ingest(
        self,
        paths: list[str],
        overrides: MetadataOverrides | None = None,
        recursive: bool = False,
        progress: ProgressSink | None = None,
        allow_network: bool = False,
    ) -> tuple[list[IngestResult], IngestTimings]:
        from counterpoint.ingest import ingest_paths

        with self._changes:
            return ingest_paths(self, paths, overrides or {}, recursive, progress, allow_network)

    def remove(self, doc_ids: list[str]) -> list[str]:
        """Drop the documents' graphs, then update everything derived (links, indexes)."""
        with self._changes:
            table = {d.doc.doc_id: d for d in self.document_table()}
            unknown = [d for d in doc_ids if d not in table]
            if unknown:
                raise UsageError(
                    f"unknown document id(s): {', '.join(unknown)} (see `counterpoint docs`)"
                )
            from counterpoint.journal import Journal

            journal = Journal(self.vectors.root)
            journal.begin("remove")
            for d in doc_ids:
                journal.will_change(d, None, None, "remove")
            # The documents and the links that name them go in one transaction: a reader
            # (a SPARQL worker has its own snapshot of the store) never sees a cross-essay
            # link to a document that is gone.
            with self._snapshot.write():
                graphs, self.last_links = self.enricher.links_without(
                    self.store, frozenset(doc_ids), table
                )
                graphs.update({self.iris.doc_graph(d): "" for d in doc_ids})
                self.store.replace_graphs(graphs)
                journal.rebuilding()
                self.indexes.update(doc_ids)
            journal.clear()
        return doc_ids

    # -- questions ------------------------------------------------------------------------
    def retrieve(
        self,
        question: str,
        k: int,
        doc_id: str | None = None,
        *,
        author: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        method: RetrievalMethod = "hybrid",
        trace: SearchTrace | None = None,
    ) -> list[Evidence]:
        """Evidence for a question: hybrid (dense + BM25 + graph) by default; `method`
        'dense' or 'lexical' gives one ranking alone (for evaluation)."""
        filters = _filters(doc_id, author, since, until)
        with self._snapshot.read():
            return self.indexes.search(question, k, filters, method, trace)

    def ask(
        self,
        question: str,
        k: int | None = None,
        doc_id: str | None = None,
        *,
        mode: AnswerMode = "auto",
        model: str | None = None,
        session: str | None = None,
        author: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        use_llm: bool = True,
    ) -> Answer:
        """Answer or weigh a challenge. With an LLM configured (settings or `model`) the
        prose is the model's, verified; on any LLM failure the extractive answer comes back
        with a one-line `notice`. `use_llm=False` answers extractively even when a model is
        configured (the app's "extractive" setting). Challenges are recorded in the challenges
        graph."""
        self._check_question(question)
        filters = _filters(doc_id, author, since, until)
        with self._snapshot.read():
            return self._answering().ask(question, k, filters, mode, model, session, use_llm)

    def ask_stream(
        self,
        question: str,
        k: int | None = None,
        doc_id: str | None = None,
        *,
        mode: AnswerMode = "auto",
        model: str | None = None,
        session: str | None = None,
        author: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        use_llm: bool = True,
    ) -> Iterator[StreamEvent]:
        """Like `ask`, as events: LLM text deltas as they arrive, the verified answer last."""
        self._check_question(question)
        filters = _filters(doc_id, author, since, until)
        with self._snapshot.read():
            yield from self._answering().ask_stream(
                question, k, filters, mode, model, session, use_llm
            )

    def _check_question(self, question: str) -> None:
        """Refuse, naming the setting, a question longer than `max_question_chars`."""
        limit = self.settings.max_question_chars
        if len(question) > limit:
            raise UsageError(
                f"the question is {len(question)} characters, above the {limit}-character "
                "limit (setting max_question_chars, COUNTERPOINT_MAX_QUESTION_CHARS)"
            )

    def challenges(self, doc_id: str | None = None) -> list[ChallengeRecord]:
        from counterpoint.answer.record import list_challenges

        if doc_id is not None and doc_id not in self.view.docs:
            raise UsageError(f"unknown document id: {doc_id} (see `counterpoint docs`)")
        return list_challenges(self.store, self.iris, doc_id)

    def purge_challenges(
        self, session: str | None = None, before: dt.datetime | None = None
    ) -> int:
        """Remove recorded challenges (all, one session's, those older than `before`); the
        number removed. Nothing derived depends on them, so no rebuild."""
        from counterpoint.answer.record import purge_challenges

        with self._changes:
            return purge_challenges(self.store, self.iris, session, before)

    # -- SPARQL ---------------------------------------------------------------------------
    def sparql(
        self, query: str, timeout_s: float | None = None, limit: int | None = None
    ) -> QueryResult:
        """A user query (guarded: read-only, no SERVICE or FROM) over the union of all named
        graphs, stopped at `timeout_s` and capped at `limit` rows (defaults: settings). The
        CLI command, the app's SPARQL tab and the /sparql endpoint all come through here."""
        from counterpoint.kg.sparql.runner import run_query

        settings = self.settings
        return run_query(
            self.store,
            query,
            timeout_s if timeout_s is not None else settings.sparql_timeout_s,
            limit if limit is not None else settings.sparql_row_limit,
        )

    def close(self) -> None:
        if self._indexes is not None:
            self._indexes.close()
        self.store.close()


def _filters(
    doc_id: str | None, author: str | None, since: dt.date | None, until: dt.date | None
) -> Filters:
    from counterpoint.retrieval.filters import Filters

    return Filters(doc_id, author, since, until)
