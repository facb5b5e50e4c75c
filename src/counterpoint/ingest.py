"""Ingest: source → document → graph + vectors, one document at a time, atomically.

Order per document: everything costly runs in memory first (chunk, embed, the document's
graph and extraction), with the per-document time budget (`deadline.py`, `max_doc_seconds`)
checked between steps, so a document over it leaves nothing behind; then the journal entry,
then vectors for the new version (under a versioned file name), then the graph switches to the
new version in one transaction (the document's named graph, with its derived triples,
replaced by one SPARQL update; a large new document is bulk-loaded instead, hidden from
readers by a marker until its last triple is in, see kg/half_written.py). Only after every
document is everything derived brought up to date (`update_derived`: the links graph, then
the search indexes for the changed documents only, and stale vector files pruned). A crash
anywhere leaves the old or the new version, never a mix: a stale index or a leftover vector file is
re-derived from the graph on next use (see `counterpoint doctor`), and the change journal
(`journal.py`), written before the first change and cleared after the update, makes the next
ingest (or `doctor --repair`) finish what a kill interrupted, with a full rebuild.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Protocol

from counterpoint import __version__
from counterpoint.corpus.chunk import chunk_document
from counterpoint.corpus.identity import IdentityTable, known_of
from counterpoint.corpus.loaders import apply_overrides, is_url, iter_paths, load_source
from counterpoint.corpus.models import Chunk, Document
from counterpoint.corpus.pipeline import make_document
from counterpoint.crashpoints import crash_point
from counterpoint.deadline import Deadline
from counterpoint.errors import CounterpointError, DocumentError
from counterpoint.ingest_types import (
    IngestResult,
    IngestTimings,
    MetadataOverrides,
    NoProgress,
    ProgressSink,
)
from counterpoint.journal import Journal
from counterpoint.kg.documents_read import StoredDocument, count_chunks
from counterpoint.kg.documents_write import document_graph, record_source
from counterpoint.kg.extract.versions import derived_versions
from counterpoint.kg.half_written import remove_half_written, write_document_graph
from counterpoint.retrieval.base import LateEmbedder, Vectors
from counterpoint.retrieval.sentence_vectors import SentenceVectors

if TYPE_CHECKING:
    from counterpoint.config import Settings
    from counterpoint.kg.base import GraphStore
    from counterpoint.kg.extract.pipeline import Prepared
    from counterpoint.kg.namespaces import Iris
    from counterpoint.kg.ntriples import NTriplesGraph
    from counterpoint.retrieval.base import Embedder
    from counterpoint.retrieval.vectors import VectorStore

PIPELINE_VERSION = f"{__version__}-3"
# Claim texts are embedded ahead for this many documents at a time (`_Run.prefetch`), for
# documents up to this size (a 200k-character essay has ~1,500 candidate texts: whole passes)
PREFETCH_WINDOW = 16
# The embedded store keeps writes in memory until it flushes them (`GraphStore.flush`): a long
# ingest flushes every this many chunks written. Measured on 1,000 bench essays (~10.6k
# chunks, hash embedder): 1,195 -> 475 MB at the end of the loop, the same time (62.6 s
# against 63.9 s); every 500 chunks cost 35% more time (each flush waits on compaction).
FLUSH_EVERY_CHUNKS = 2500
PREFETCH_MAX_CHARS = 200_000


class IngestHost(Protocol):
    """What ingest needs of the service (`counterpoint.service.Counterpoint`)."""

    @property
    def settings(self) -> Settings: ...

    @property
    def store(self) -> GraphStore: ...

    @property
    def iris(self) -> Iris: ...

    @property
    def vectors(self) -> VectorStore: ...

    @property
    def embedder(self) -> Embedder: ...

    def stored_documents(
        self, doc_id: str | None = None, with_text: bool = True
    ) -> list[StoredDocument]: ...

    def document_table(self) -> list[StoredDocument]: ...

    def count_claims(self, doc_id: str) -> int: ...

    def enrich_document(
        self,
        doc: Document,
        graph: NTriplesGraph,
        deadline: Deadline | None = None,
        version: str | None = None,
        prepared: Prepared | None = None,
    ) -> int: ...

    def prefetch_claim_vectors(self, docs: Sequence[Document]) -> list[Prepared]: ...

    def update_derived(
        self, doc_ids: list[str], table: Mapping[str, StoredDocument] | None = None
    ) -> None: ...

    def rebuild_derived(self) -> None: ...


def version_of(doc: Document, model_name: str, derived: str) -> str:
    """Changes whenever anything derived from the document would change. `derived`:
    `derived_versions(settings)`, the extractors' versions and settings (computed once per
    run)."""
    fields = asdict(doc.meta)
    if not fields["principal"]:  # added later: unset, it leaves earlier versions valid
        del fields["principal"]
    meta = json.dumps(fields, default=str, sort_keys=True)
    key = f"{doc.content_hash}|{meta}|{PIPELINE_VERSION}|{model_name}|{derived}"
    return hashlib.sha256(key.encode()).hexdigest()


class _Run:
    """State of one ingest command: what is stored, content hashes, timings."""

    def __init__(
        self,
        service: IngestHost,
        overrides: MetadataOverrides,
        allow_network: bool,
        journal: Journal,
    ) -> None:
        self.service = service
        self.journal = journal
        self.overrides = overrides
        self.allow_network = allow_network
        self.timings = IngestTimings()
        self.derived = derived_versions(service.settings)
        # no texts: a document stored before body hashes were recorded (its identity
        # derives one from its text) is read again whole
        self.stored = {
            s.doc.doc_id: s if s.body_hash else service.stored_documents(s.doc.doc_id)[0]
            for s in service.document_table()
        }
        # {body hash: doc id} for duplicate detection, from the same table (a query of its
        # own cost 0.35 s at 10k essays)
        self.hashes = {
            s.body_hash: d for d, s in sorted(self.stored.items()) if s.body_hash is not None
        }
        # Which stored document an input is (never another source's: see corpus/identity.py)
        self.identities = IdentityTable(
            known_of(s.doc, s.source_key, s.origin, s.body_hash) for s in self.stored.values()
        )
        self.written: dict[str, tuple[str, int]] = {}  # doc id -> (version, chunks) this run
        self.unchanged: dict[str, str] = {}  # doc id -> version, found already stored
        self.max_bytes = int(service.settings.max_file_mb * 1_000_000)
        self.max_text_bytes = int(service.settings.max_text_mb * 1_000_000)
        self.bulk_bytes = int(service.settings.bulk_load_mb * 1_000_000)
        # documents `prefetch` read and cleaned, by source, for their own turn (one window),
        # with the extractor's sentences and candidate claims when it found them
        self.ahead: dict[str, Document] = {}
        self.prepared: dict[str, Prepared] = {}

    def _timed(self, stage: str, sink: ProgressSink, source: str) -> _StageTimer:
        sink.stage(source, stage)
        crash_point(f"{stage}:{_name_of(source)}")
        return _StageTimer(self.timings, stage)

    def prefetch(self, sources: Sequence[str]) -> None:
        """Claim texts of the next documents embedded in one call, ahead of their own graph
        stage (`Enricher.prefetch`: short texts cost half as much many to a pass). Local files
        under `PREFETCH_MAX_CHARS` only: a URL is not fetched twice, and a large document's
        own claims already fill whole passes (files over `bulk_load_mb` on disk are not even
        read twice). A file that fails to load is skipped here; its own turn reports it.
        Each document read and cleaned here is kept for its own turn (`ahead`), which then
        neither reads nor cleans it again; the embedding is timed as graph stage work, which
        it takes off."""
        docs, names = [], []
        self.ahead, self.prepared = {}, {}
        for source in sources:
            if is_url(source) or _file_bytes(source) > self.bulk_bytes:
                continue
            try:
                with _StageTimer(self.timings, "load"):
                    raw = load_source(source, self.max_bytes, False)
                    raw = replace(raw, meta=apply_overrides(raw.meta, dict(self.overrides)))
                with _StageTimer(self.timings, "clean"):
                    doc = make_document(raw)
            except CounterpointError:
                continue
            self.ahead[source] = doc
            if len(doc.text) <= PREFETCH_MAX_CHARS and not self._unchanged(doc):
                docs.append(doc)
                names.append(source)
        if docs:
            with _StageTimer(self.timings, "graph"):
                found = self.service.prefetch_claim_vectors(docs)
            self.prepared = dict(zip(names, found, strict=False))  # [] with an LLM source

    def _unchanged(self, doc: Document) -> bool:
        """This version is stored already (its own turn will say "unchanged"): nothing to
        embed, and a re-ingest of an unchanged corpus need not load the model at all."""
        old = self.stored.get(self.identities.decide_for(doc).doc_id)
        model = self.service.settings.embedding_model
        return old is not None and old.version == version_of(doc, model, self.derived)

    def one(self, source: str, sink: ProgressSink) -> IngestResult:
        service = self.service
        deadline = Deadline(service.settings.max_doc_seconds, source)
        # read and cleaned by `prefetch` already, or None (the stages still pass: progress
        # lines and the crash suite's points)
        doc = self.ahead.pop(source, None)
        with self._timed("load", sink, source):
            if doc is None:
                raw = load_source(
                    source,
                    self.max_bytes,
                    self.allow_network,
                    service.settings.fetch_timeout_s,
                    service.settings.fetch_allow_private,
                )
                raw = replace(raw, meta=apply_overrides(raw.meta, dict(self.overrides)))
        deadline.check("loading")
        with self._timed("clean", sink, source):
            if doc is None:
                doc = make_document(raw)
        deadline.check("cleaning")
        check_text_size(source, doc.text, self.max_text_bytes)
        decision = self.identities.decide_for(doc)
        doc = replace(doc, doc_id=decision.doc_id)
        dup = self.hashes.get(doc.body_hash)
        if dup is not None and dup != doc.doc_id:
            raise DocumentError(source, f"same text as already ingested document '{dup}'")
        version = version_of(doc, service.settings.embedding_model, self.derived)
        old = self.stored.get(doc.doc_id)
        current = self.written.get(doc.doc_id) or (old and (old.version, -1))
        if current and current[0] == version:
            if current[1] < 0:  # the table of stored documents has no chunk counts
                current = (version, count_chunks(service.store, service.iris, doc.doc_id))
            if old is not None and old.source_key is None:  # stored before sources were kept
                known = known_of(doc)
                record_source(service.store, service.iris, doc.doc_id, known.key, known.origin)
            self.identities.record(known_of(doc), source)
            self.unchanged[doc.doc_id] = version
            n_claims = service.count_claims(doc.doc_id)
            return IngestResult(
                doc.doc_id, doc.meta.title, "unchanged", source, current[1], n_claims
            )
        with self._timed("chunk", sink, source):
            chunks = chunk_document(doc)
        deadline.check("chunking")
        chunk_ids = [c.chunk_id for c in chunks]
        key = embedding_key(doc, chunks, service.settings)
        stored = current[0] if current else None  # the version this one replaces
        with self._timed("embed", sink, source):
            # a re-extraction (rules or settings changed, text and model did not) keeps the
            # stored vectors: at 10k essays that is the whole cost of an upgrade's re-ingest
            reused = (
                service.vectors.reusable(doc.doc_id, stored, key, chunk_ids) if stored else None
            )
            if reused is not None:
                vectors, sentences = reused, None
            else:
                vectors, sentences = embed_chunks(service, doc, chunks)
        self.timings.embed_s = self.timings.extra["embed"]
        self.timings.chunks += len(chunks)
        deadline.check("embedding")
        with self._timed("graph", sink, source):
            graph = document_graph(doc, chunks, service.iris, version)
            # Derived data (entities, claims...) goes into the same named graph, so it is
            # replaced or removed together with the document, in the same transaction.
            prepared = self.prepared.pop(source, None)
            service.enrich_document(doc, graph, deadline, version, prepared)
            nt = graph.serialize(format="nt")
        deadline.check("building the graph")  # the last check: nothing is stored yet
        # Durably announce the change before writing anything of it (see journal.py)
        self.journal.will_change(doc.doc_id, stored, version, source)
        with self._timed("vectors", sink, source):
            service.vectors.write_doc(doc.doc_id, version, chunk_ids, vectors, key)
            if sentences is not None:
                service.vectors.write_sentences(doc.doc_id, version, sentences)
            elif reused is not None and stored:
                service.vectors.copy_sentences(doc.doc_id, stored, version)
        crash_point(f"switch:{_name_of(source)}")
        # A large new document goes through the bulk loader, marked as being written until
        # its last triple is in (kg/half_written.py); an update replaces in one transaction.
        new = old is None and doc.doc_id not in self.written
        bulk = new and len(doc.text.encode("utf-8", "surrogatepass")) > self.bulk_bytes
        with _StageTimer(self.timings, "graph"):
            write_document_graph(
                service.store,
                service.iris,
                doc.doc_id,
                version,
                nt,
                bulk=bulk,
                after_part=lambda: crash_point(f"bulk:{_name_of(source)}"),
            )
        self.hashes = {h: d for h, d in self.hashes.items() if d != doc.doc_id}
        self.hashes[doc.body_hash] = doc.doc_id
        self.identities.record(known_of(doc), source)
        status = "updated" if old is not None or doc.doc_id in self.written else "added"
        self.written[doc.doc_id] = (version, len(chunks))
        n_claims = service.count_claims(doc.doc_id)
        return IngestResult(
            doc.doc_id, doc.meta.title, status, source, len(chunks), n_claims, note=decision.note
        )


def embedding_key(doc: Document, chunks: list[Chunk], settings: Settings) -> str:
    """Names everything a document's chunk and sentence vectors are made from: the model and
    how it runs, how sentence vectors are made, the pipeline (cleaning, chunking, sentence
    splitting), the text and each chunk's id and text. Equal keys, equal vectors."""
    h = hashlib.sha256()
    head = (
        f"{settings.embedding_model}|{settings.embedding_backend}|{settings.sentence_vectors}|"
        f"{PIPELINE_VERSION}|{doc.content_hash}"
    )
    h.update(head.encode("utf-8"))
    for c in chunks:
        h.update(f"\0{c.chunk_id}\0".encode())
        h.update(c.text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def embed_chunks(
    service: IngestHost, doc: Document, chunks: list[Chunk]
) -> tuple[Vectors, SentenceVectors | None]:
    """The chunks' vectors; with `sentence_vectors=late` and an embedder that can, their
    sentence vectors from the same pass (retrieval/late_chunking.py), else None (the index
    stage embeds the sentences)."""
    embedder = service.embedder
    if service.vectors.sentence_mode == "late" and isinstance(embedder, LateEmbedder):
        return SentenceVectors.build_late(chunks, {doc.doc_id: doc.text}, embedder)
    return embedder.embed_batch([c.text for c in chunks]), None


def _file_bytes(source: str) -> int:
    """A source file's size on disk (0 when it cannot be read: its own turn says why)."""
    try:
        return os.path.getsize(source)
    except OSError:
        return 0


def _name_of(source: str) -> str:
    """A source's last path part: crash point names (`crashpoints.py`) stay short."""
    return source.rstrip("/").rsplit("/", 1)[-1]


def check_text_size(source: str, text: str, max_bytes: int) -> None:
    """Refuse, naming the limit and its setting, a text longer than extraction should take
    on (checked before chunking, embedding or extraction spend anything on it)."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise DocumentError(
            source,
            f"text is {size / 1e6:.3g} MB after cleaning, above the {max_bytes / 1e6:.3g} MB "
            "limit (setting max_text_mb: raise COUNTERPOINT_MAX_TEXT_MB, or split the document)",
        )


class _StageTimer:
    def __init__(self, timings: IngestTimings, stage: str) -> None:
        self.timings = timings
        self.stage = stage

    def __enter__(self) -> None:
        self.t0 = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.timings.add(self.stage, time.perf_counter() - self.t0)


def ingest_paths(
    service: IngestHost,
    paths: list[str],
    overrides: MetadataOverrides,
    recursive: bool = False,
    progress: ProgressSink | None = None,
    allow_network: bool = False,
) -> tuple[list[IngestResult], IngestTimings]:
    """Ingest every source; a failing document gets an error row and the others go on. When
    any document was added or updated, everything derived is updated once at the end
    (`update_derived`: links graph, possibly asking the LLM link judge, then the indexes of the
    changed documents); when a journal shows that a previous run was killed before finishing,
    everything derived is rebuilt (`rebuild_derived`)."""
    started = time.perf_counter()
    sink: ProgressSink = progress if progress is not None else NoProgress()
    sources = list(iter_paths(paths, recursive))
    sink.start(len(sources))
    journal = Journal(service.vectors.root)
    # A journal left behind means a previous run was killed before derived data was fresh
    interrupted = journal.pending() is not None
    # A graph a kill left half bulk-loaded was a new document: dropped, it is simply not
    # stored, and this run adds it again if its source is given (the journal is still there)
    interrupted |= bool(remove_half_written(service.store))
    journal.begin("ingest")
    run = _Run(service, overrides, allow_network, journal)
    results: list[IngestResult] = []
    unflushed = 0
    for n, source in enumerate(sources):
        if n % PREFETCH_WINDOW == 0 and len(sources) > 1:
            run.prefetch(sources[n : n + PREFETCH_WINDOW])
        try:
            result = run.one(source, sink)
        except CounterpointError as exc:
            message = str(exc) if isinstance(exc, DocumentError) else f"{source}: {exc}"
            result = IngestResult(None, None, "error", source, error=" ".join(message.split()))
        results.append(result)
        sink.done(result)
        unflushed += result.n_chunks if result.status in ("added", "updated") else 0
        if unflushed >= FLUSH_EVERY_CHUNKS:
            service.store.flush()
            unflushed = 0
    changed = {r.doc_id for r in results if r.status in ("added", "updated") and r.doc_id}
    # Resuming an interrupted run: documents stored before the kill come back "unchanged", but
    # the indexes may not hold them yet (the run died before its update).
    indexed = service.vectors.indexed_versions()
    changed |= {d for d, v in run.unchanged.items() if indexed.get(d) != v}
    if interrupted or changed:
        if unflushed:
            service.store.flush()  # the index stage's own memory comes on top of the buffers
        sink.stage("", "index")
        journal.rebuilding()
        with _StageTimer(run.timings, "index"):
            if interrupted:
                service.rebuild_derived()
            else:
                # the table read at the start holds every other document as it still is
                service.update_derived(sorted(changed), run.stored)
        crash_point("journal:clear")
        journal.clear()
    run.timings.total_s = time.perf_counter() - started
    return results, run.timings
