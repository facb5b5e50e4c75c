"""`counterpoint doctor`: do the graph, the vector files, the search index and the chunk ids
agree? The graph is the source of truth; everything else is derived and can be rebuilt.

Each check is a `Check` (a name, a function finding problems, and a function repairing
them). Add a check by appending to `CHECKS`. Any index that writes a `*.manifest.json` of the
versions it was built from (the lexical BM25 index in `retrieval/` does) is already covered by
the "derived" check; a check comparing its chunk ids with `DoctorContext.chunks` can be added
beside `_index`.

Severity: "error" means answers would be wrong or missing until repaired (exit 1); "note"
means a harmless leftover of an interrupted run that the next ingest or first query clears
by itself (an index behind the graph, a vector file no version names). A workspace killed
mid-ingest therefore passes with notes: that is the atomicity guarantee.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from counterpoint.corpus.models import Chunk
from counterpoint.errors import CounterpointError
from counterpoint.kg.base import GraphStore
from counterpoint.kg.claims import ClaimRecord
from counterpoint.kg.documents_read import StoredDocument, load_chunks

if TYPE_CHECKING:
    from counterpoint.config import Settings
    from counterpoint.kg.namespaces import Iris
    from counterpoint.retrieval.base import Embedder
    from counterpoint.retrieval.vectors import VectorStore


class DoctorHost(Protocol):
    """What the checks need of the service (`counterpoint.service.Counterpoint`)."""

    @property
    def store(self) -> GraphStore: ...

    @property
    def iris(self) -> Iris: ...

    @property
    def vectors(self) -> VectorStore: ...

    @property
    def embedder(self) -> Embedder: ...

    @property
    def settings(self) -> Settings: ...

    def unchecked_embedder(self) -> Embedder: ...

    def stored_documents(self) -> list[StoredDocument]: ...

    def rebuild_derived(self) -> None: ...


@dataclass(frozen=True)
class Problem:
    check: str
    severity: Literal["error", "note"]
    message: str

    def to_json(self) -> dict[str, str]:
        return {"check": self.check, "severity": self.severity, "message": self.message}


@dataclass
class DoctorContext:
    """What every check reads: the documents and chunks as the graph states them."""

    service: DoctorHost
    stored: list[StoredDocument] = field(init=False)

    def __post_init__(self) -> None:
        self.stored = self.service.stored_documents()

    @property
    def current(self) -> dict[str, str]:
        return {s.doc.doc_id: s.version for s in self.stored}

    @cached_property
    def dim(self) -> int | None:
        """The dimension of the first readable vector file: all derived vectors must share it
        (one model id per workspace; the version hash names the model)."""
        for doc_id, version in sorted(self.current.items()):
            try:
                _, vecs = self.service.vectors.read_doc(doc_id, version)
            except CounterpointError:
                continue
            if vecs.ndim == 2 and len(vecs):
                return int(vecs.shape[1])
        return None

    @cached_property
    def chunks(self) -> dict[str, list[Chunk]]:
        return {s.doc.doc_id: load_chunks(self.service.store, s.doc.doc_id) for s in self.stored}


@dataclass(frozen=True)
class Check:
    name: str
    find: Callable[[DoctorContext], list[Problem]]
    repair: Callable[[DoctorContext], None] | None = None


def _graph(ctx: DoctorContext) -> list[Problem]:
    out = []
    for s in ctx.stored:
        for c in ctx.chunks[s.doc.doc_id]:
            if s.doc.text[c.start : c.end] != c.text:
                out.append(
                    Problem(
                        "graph",
                        "error",
                        f"{s.doc.doc_id}: chunk {c.chunk_id} text differs "
                        f"from the canonical text at {c.start}-{c.end}; re-ingest its source",
                    )
                )
    return out


def _half_written(ctx: DoctorContext) -> list[Problem]:
    """A document graph a kill left mid-way through a bulk load (kg/half_written.py): no reader
    sees it, but it holds space and its document is missing until ingested again."""
    from counterpoint.kg.half_written import half_written

    graphs = half_written(ctx.service.store)
    if not graphs:
        return []
    return [
        Problem(
            "half-written",
            "error",
            f"{len(graphs)} document graph(s) half-written by an interrupted ingest "
            f"(e.g. {graphs[0]}): hidden from every reader; --repair or the next ingest "
            "drops it, then ingest its source again",
        )
    ]


def _repair_half_written(ctx: DoctorContext) -> None:
    from counterpoint.kg.half_written import remove_half_written

    remove_half_written(ctx.service.store)


def _vector_problem(ctx: DoctorContext, doc_id: str, version: str) -> str | None:
    from counterpoint.derived import DerivedFileError

    vectors = ctx.service.vectors
    shown = f"vectors/docs/{vectors.doc_file(doc_id, version).name}"
    if not vectors.has(doc_id, version):
        return f"{shown}: missing (no vector file for the version the graph names)"
    try:
        ids, vecs = vectors.read_doc(doc_id, version)
    except DerivedFileError as exc:
        return f"{shown}: {exc.problem}"
    expected = [c.chunk_id for c in ctx.chunks[doc_id]]
    if ids != expected:
        return f"{shown}: holds {len(ids)} chunk ids, the graph {len(expected)} different ones"
    dim = ctx.dim
    if dim is not None and len(vecs) and vecs.shape[1] != dim:
        return f"{shown}: vectors have dimension {vecs.shape[1]}, the others {dim}"
    return None


def _vectors(ctx: DoctorContext) -> list[Problem]:
    out = []
    for doc_id, version in sorted(ctx.current.items()):
        problem = _vector_problem(ctx, doc_id, version)
        if problem:
            out.append(Problem("vectors", "error", f"{doc_id}: {problem}"))
    return out


def _repair_vectors(ctx: DoctorContext) -> None:
    """Re-embed from the chunk texts stored in the graph (the model loads only if needed)."""
    for doc_id, version in sorted(ctx.current.items()):
        if _vector_problem(ctx, doc_id, version):
            chunks = ctx.chunks[doc_id]
            vecs = ctx.service.embedder.embed_batch([c.text for c in chunks])
            ctx.service.vectors.write_doc(doc_id, version, [c.chunk_id for c in chunks], vecs)


def _embedding(ctx: DoctorContext) -> list[Problem]:
    """Vectors of another model or backend family than the settings name (the record in
    `vectors/embedding.json`): every question would be refused until re-embedded."""
    from counterpoint.retrieval.backends import compatible, identity_for
    from counterpoint.retrieval.recorded import RECORD, has_vectors, read_record, record_damaged

    settings = ctx.service.settings
    if record_damaged(settings.vectors_dir):
        return [
            Problem(
                "embedding",
                "error",
                f"{RECORD} is damaged: which model made the vectors is unknown, so nothing is "
                "embedded until --repair re-embeds every document and records it",
            )
        ]
    record = read_record(settings.vectors_dir)
    if record is None:
        if has_vectors(settings.vectors_dir):
            return [
                Problem(
                    "embedding",
                    "note",
                    f"{RECORD} is missing: the vectors are taken to be torch's (as in a "
                    "workspace older than the record); --repair writes that record",
                )
            ]
        return []
    current = identity_for(settings.embedding_backend, settings.embedding_model)
    if compatible(record.identity, current):
        return []
    return [
        Problem(
            "embedding",
            "error",
            f"vectors were made by {record.identity}, the settings embed with {current}; "
            "--repair re-embeds every document",
        )
    ]


def _repair_embedding(ctx: DoctorContext) -> None:
    """Re-embed every document with the configured backend, record it, and make every
    index built from the old vectors stale (they are rebuilt by the checks after this)."""
    from counterpoint.retrieval.recorded import (
        EmbeddingRecord,
        legacy_record,
        read_record,
        record_damaged,
        write_record,
    )

    service = ctx.service
    vectors = service.vectors
    settings = service.settings
    if read_record(vectors.root) is None and not record_damaged(vectors.root):
        # missing: write what every command already assumes (no re-embedding; a mismatch
        # with the settings is then found, and repaired, by the next doctor run)
        dim = ctx.dim
        legacy = legacy_record(vectors.root, settings.embedding_model, dim) if dim else None
        if legacy is not None:
            write_record(vectors.root, legacy)
        return
    embedder = service.unchecked_embedder()
    for doc_id, version in sorted(ctx.current.items()):
        chunks = ctx.chunks[doc_id]
        vecs = embedder.embed_batch([c.text for c in chunks])
        vectors.write_doc(doc_id, version, [c.chunk_id for c in chunks], vecs)
    for path in vectors.root.glob("*.manifest.json"):
        path.unlink()
    identity = str(getattr(embedder, "identity", ""))
    backend = service.settings.embedding_backend
    write_record(vectors.root, EmbeddingRecord(identity, backend, embedder.name, embedder.dim))
    service.rebuild_derived()


def _stale(check: str, name: str, why: str) -> Problem:
    """A derived index that search rebuilds by itself on first use: a note naming the file."""
    return Problem(
        check, "note", f"{name} {why}; rebuilt on first use (or now with doctor --repair)"
    )


def _read_manifest(path: Path) -> dict[str, str] | None:
    try:
        return dict(json.loads(path.read_text()))
    except (OSError, ValueError, TypeError):
        return None


def _manifest_problem(ctx: DoctorContext, path: Path) -> str | None:
    manifest = _read_manifest(path)
    if manifest == ctx.current:
        return None
    if not path.exists():
        return "is missing"
    if manifest is None:
        return "is unreadable"
    return "names other document versions than the graph (behind the graph)"


def _index(ctx: DoctorContext) -> list[Problem]:
    from counterpoint.derived import LOAD_ERRORS
    from counterpoint.retrieval.faiss_index import FaissIndex

    if ctx.service.settings.vectors not in ("", "faiss"):
        return []  # Milvus: its manifest is checked with the other derived indexes
    vectors = ctx.service.vectors
    if not ctx.current and not vectors.index_path.with_suffix(".faiss").exists():
        return []
    problem = _manifest_problem(ctx, vectors.manifest_path)
    if problem:
        return [_stale("index", "vectors/index.manifest.json", problem)]
    try:
        index = FaissIndex.load(vectors.index_path)
    except LOAD_ERRORS as exc:
        return [
            _stale(
                "index",
                "vectors/index.faiss (or index.ids.json)",
                f"is missing or unreadable ({type(exc).__name__})",
            )
        ]
    expected = [c.chunk_id for d in sorted(ctx.current) for c in ctx.chunks[d]]
    if sorted(index.ids) != sorted(expected):  # rows follow the order they were added in
        return [
            Problem(
                "index",
                "error",
                f"vectors/index.faiss holds {len(index)} chunk ids that "
                f"disagree with the graph's {len(expected)}; run doctor --repair",
            )
        ]
    if ctx.dim is not None and expected and index.dim != ctx.dim:
        return [
            Problem(
                "index",
                "error",
                f"vectors/index.faiss has dimension {index.dim}, the vector files "
                f"{ctx.dim}; run doctor --repair",
            )
        ]
    return []


def _lexical(ctx: DoctorContext) -> list[Problem]:
    """The BM25 index: its manifest names the graph's versions, it loads, and it holds exactly
    the graph's chunk ids."""
    from counterpoint.derived import LOAD_ERRORS
    from counterpoint.retrieval.lexical import LexicalIndex

    vectors = ctx.service.vectors
    if not ctx.current and not vectors.lexical_path.exists():
        return []
    problem = _manifest_problem(ctx, vectors.lexical_manifest_path)
    if problem:
        return [_stale("lexical", "vectors/lexical.manifest.json", problem)]
    try:
        index = LexicalIndex.load(vectors.lexical_path)
        expected = sorted(c.chunk_id for d in ctx.current for c in ctx.chunks[d])
        if len(index) != len(expected):
            return [_stale("lexical", "vectors/lexical/", "holds other chunks than the graph")]
        if expected:
            index.search("probe", 1)  # reads every array the scorer needs
    except LOAD_ERRORS as exc:
        name = f"vectors/lexical/{_broken_in(vectors.lexical_path) or ''}"
        return [_stale("lexical", name, f"is unreadable ({type(exc).__name__})")]
    return []


def _broken_in(folder: Path) -> str | None:
    """Which file of a saved BM25 index (its segment listing or a segment) does not parse:
    the index's reader does not say."""

    from counterpoint.derived import LOAD_ERRORS, load_npz

    try:
        listing = json.loads((folder / "segments.json").read_text())
        listed = [folder / f"seg-{entry['name']}.npz" for entry in listing["segments"]]
    except LOAD_ERRORS:  # KeyError and TypeError included: a listing of another shape
        return "segments.json"
    for path in listed:  # the listed ones: a deleted segment is broken too
        try:
            load_npz(path)
        except LOAD_ERRORS:
            return path.name
    return None


def _sentences(ctx: DoctorContext) -> list[Problem]:
    """Sentence vectors, one file per document version: manifest, each file readable, one row
    set per chunk of the graph, spans inside their chunk, the vector files' dimension."""
    from counterpoint.derived import LOAD_ERRORS, DerivedFileError
    from counterpoint.retrieval.sentence_vectors import SentenceVectors

    vectors = ctx.service.vectors
    if not ctx.current:
        return []
    problem = _manifest_problem(ctx, vectors.sentences_manifest_path)
    if problem:
        return [_stale("sentences", "vectors/sentences.manifest.json", problem)]
    for doc_id, version in sorted(ctx.current.items()):
        path = vectors.sentence_file(doc_id, version)
        name = f"vectors/sentences/{path.name}"
        try:
            sv = SentenceVectors.load(path)
        except LOAD_ERRORS as exc:
            why = exc.problem if isinstance(exc, DerivedFileError) else type(exc).__name__
            return [_stale("sentences", name, f"is {why}")]
        chunks = ctx.chunks[doc_id]
        for c in chunks:
            row = sv.of_chunk(c.chunk_id)
            if row is None:
                return [_stale("sentences", name, f"has no sentences of chunk {c.chunk_id}")]
            spans, vecs = row
            if len(spans) and (spans[:, 0].min() < c.start or spans[:, 1].max() > c.end):
                return [_stale("sentences", name, f"has spans outside chunk {c.chunk_id}")]
            if ctx.dim is not None and len(vecs) and vecs.shape[1] != ctx.dim:
                why = f"has dimension {vecs.shape[1]}, not {ctx.dim}"
                return [_stale("sentences", name, why)]
        if len(sv) != len(chunks):
            return [_stale("sentences", name, "holds chunks the graph does not name")]
    return []


def _text_cache(ctx: DoctorContext) -> list[Problem]:
    """The claim-embedding cache (`vectors/texts.npz`): a damaged one is only slower (claims
    are re-embedded), so it is a note; --repair deletes it."""
    import numpy as np

    from counterpoint.derived import LOAD_ERRORS

    path = ctx.service.vectors.text_vectors_path
    if not path.exists():
        return []
    from counterpoint.retrieval.vectors import unpack_texts

    try:
        with np.load(path) as data:  # never with pickle: see VectorStore.load_text_vectors
            texts = unpack_texts(data["text_bytes"], data["text_ends"])
            n_vectors = len(data["vectors"])
            str(data["model"])
    except LOAD_ERRORS as exc:
        return [_stale("texts", "vectors/texts.npz", f"is unreadable ({type(exc).__name__})")]
    if len(texts) != n_vectors:
        return [_stale("texts", "vectors/texts.npz", "holds texts and vectors of unequal counts")]
    return []


def _repair_text_cache(ctx: DoctorContext) -> None:
    ctx.service.vectors.text_vectors_path.unlink(missing_ok=True)


def _read_cache_file(
    path: Path, check: str, queries: list[str]
) -> list[list[Any]] | Problem | None:
    """The rows of each query over a SQLite cache file, opened read-only (diagnosing must
    not change it) after SQLite's quick check; None when the file is absent (a cache may
    be), or the note that says it is unreadable or damaged."""
    import sqlite3

    if not path.exists():
        return None
    name = f"vectors/{path.name}"
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            status = db.execute("PRAGMA quick_check").fetchall()
            rows = [db.execute(q).fetchall() for q in queries]
    except sqlite3.DatabaseError as exc:
        return _stale(check, name, f"is unreadable ({exc})")
    if status != [("ok",)]:
        return _stale(check, name, f"is damaged ({status[0][0]})")
    return rows


def _link_contexts(ctx: DoctorContext) -> list[Problem]:
    """The cache of the links update (`vectors/link-cache.sqlite`): each essay version's
    claims, claim contexts and mean claim vector, which an update takes instead of reading
    them from the graph. Damaged, it is only slower (the update starts it afresh), so a note;
    but a readable entry for a stored version whose claims differ from the graph's would
    make updates link claims the graph does not hold, so every such entry is compared with
    the graph. --repair deletes the file."""
    from counterpoint.kg.claims import load_essay_claims
    from counterpoint.kg.extract.link_cache import CACHE_FILE, LinkCache

    path = ctx.service.vectors.root / CACHE_FILE
    name = f"vectors/{CACHE_FILE}"
    read = _read_cache_file(
        path,
        "contexts",
        [
            "SELECT key, value FROM meta",
            "SELECT doc_id, version, claims, contexts, vector FROM essays LIMIT 1",
        ],
    )
    if not isinstance(read, list):
        return [] if read is None else [read]
    meta = dict(read[0])
    cache = LinkCache(path, str(meta.get("model", "")), read_only=True)
    try:
        cached = {
            s.doc.doc_id: got
            for s in ctx.stored
            if (got := cache.claims(s.doc.doc_id, s.version)) is not None
        }
    finally:
        cache.close()
    if not cached:
        return []
    graphs = {d: ctx.service.iris.doc_graph(d) for d in cached}
    stored: dict[str, list[tuple[object, ...]]] = {}
    for r in load_essay_claims(ctx.service.store, graphs, {}):
        stored.setdefault(r.doc_id, []).append(_claim_row(r))
    for doc_id, records in sorted(cached.items()):
        if sorted(map(_claim_row, records)) != sorted(stored.get(doc_id, [])):
            return [_stale("contexts", name, f"holds claims of '{doc_id}' the graph does not")]
    return []


def _claim_row(r: ClaimRecord) -> tuple[object, ...]:
    links = (
        tuple(sorted(r.attacks)),
        tuple(sorted(r.supports)),
        tuple(sorted(r.link_confidence.items())),
    )
    return (r.id, r.text, r.start, r.end, r.is_thesis, r.confidence, r.provenance, *links)


def _repair_link_contexts(ctx: DoctorContext) -> None:
    from counterpoint.kg.extract.link_cache import CACHE_FILE

    (ctx.service.vectors.root / CACHE_FILE).unlink(missing_ok=True)


def _view_cache(ctx: DoctorContext) -> list[Problem]:
    """The view cache (`vectors/view-cache.sqlite`): each document version's text and chunk
    offsets, which opening a workspace takes instead of reading the graph. A row whose text
    does not hash to the document's content hash is never used, so a damaged file only costs
    time (a note); but a row whose chunk offsets differ from the graph's would cut chunks the
    graph does not hold, so every row of a stored version is compared with the graph.
    --repair deletes the file. Runs before any check that opens the view (which would start
    a damaged file afresh)."""
    from counterpoint.kg.documents_read import load_all_chunks
    from counterpoint.service.view_cache import CACHE_FILE, stored_of_row

    path = ctx.service.vectors.root / CACHE_FILE
    name = f"vectors/{CACHE_FILE}"
    read = _read_cache_file(path, "view", ["SELECT version, graph, record, chunks FROM docs"])
    if not isinstance(read, list):
        return [] if read is None else [read]
    rows = read[0]
    by_version = {s.version: s for s in ctx.stored}
    cached: dict[str, list[list[object]]] = {}
    for version, graph, record, chunks in rows:
        s = by_version.get(version)
        if s is not None and s.graph == graph:
            try:
                cached[s.doc.doc_id] = json.loads(chunks)
                same = stored_of_row(graph, record, s.doc.text) == s
            except (ValueError, KeyError, TypeError):
                return [_stale("view", name, f"holds a damaged row for '{s.doc.doc_id}'")]
            if not same:  # the graph was edited without a new version
                return [
                    _stale("view", name, f"holds metadata of '{s.doc.doc_id}' the graph does not")
                ]
    docs = {s.doc.doc_id: s.doc for s in ctx.stored if s.doc.doc_id in cached}
    for doc_id, chunks in sorted(load_all_chunks(ctx.service.store, docs).items()):
        if [[c.chunk_id, c.start, c.end, c.section] for c in chunks] != cached[doc_id]:
            return [_stale("view", name, f"holds chunks of '{doc_id}' the graph does not")]
    return _view_facts(ctx, path, name)


def _view_facts(ctx: DoctorContext, path: Path, name: str) -> list[Problem]:
    """The view cache's facts rows (graph expansion's quoted passages and mentions per
    version): a row of a stored version that differs from the graph would expand to
    passages the graph does not link, so each is compared with the graph (one graph at a
    time, or every graph at once past view_cache.BULK_MISSES rows)."""
    from counterpoint.retrieval.expand import DocFacts
    from counterpoint.service.view_cache import facts_of_row, graph_facts

    read = _read_cache_file(path, "view", ["SELECT version, graph, quoted, mentions FROM facts"])
    if not isinstance(read, list):
        return [] if read is None else [read]
    by_version = {s.version: s for s in ctx.stored}
    cached: dict[str, DocFacts] = {}
    graphs: dict[str, str] = {}
    for version, graph, quoted, mentions in read[0]:
        s = by_version.get(version)
        if s is None or s.graph != graph:
            continue
        got = facts_of_row(quoted, mentions, len(s.doc.text))
        if got is None:
            return [_stale("view", name, f"holds damaged facts for '{s.doc.doc_id}'")]
        cached[s.doc.doc_id], graphs[s.doc.doc_id] = got, graph
    stored = graph_facts(ctx.service.store, graphs)
    for doc_id, facts in sorted(cached.items()):
        held = stored[doc_id]
        if sorted(facts.quoted) != sorted(held.quoted) or sorted(facts.mentions) != sorted(
            held.mentions
        ):
            return [_stale("view", name, f"holds passages of '{doc_id}' the graph does not")]
    return []


def _repair_view_cache(ctx: DoctorContext) -> None:
    from counterpoint.service.view_cache import CACHE_FILE

    (ctx.service.vectors.root / CACHE_FILE).unlink(missing_ok=True)


KNOWN_MANIFESTS = ("index.manifest.json", "lexical.manifest.json", "sentences.manifest.json")


def _other_manifests(ctx: DoctorContext) -> list[Problem]:
    """Any other derived index that records the versions it was built from must name the
    graph's versions."""
    root = ctx.service.vectors.root
    out = []
    for path in sorted(root.glob("*.manifest.json")) if root.exists() else ():
        if path.name in KNOWN_MANIFESTS:
            continue
        if _read_manifest(path) != ctx.current:
            name = path.name.removesuffix(".manifest.json")
            out.append(_stale("derived", f"{name} index ({path.name})", "is behind the graph"))
    return out


def _rebuild(ctx: DoctorContext) -> None:
    """Rebuild everything derived from the graph (the links graph, which may ask a configured
    LLM link judge, then every index), with the service's own settings, so repair and normal
    use build the same thing."""
    from counterpoint.journal import Journal

    ctx.service.rebuild_derived()
    Journal(ctx.service.vectors.root).clear()


def _journal(ctx: DoctorContext) -> list[Problem]:
    """A change journal left on disk: a kill interrupted an ingest or remove before the links
    graph and the indexes were rebuilt, so they may be behind the graph."""
    from counterpoint.journal import JOURNAL_NAME, Journal, describe

    pending = Journal(ctx.service.vectors.root).pending()
    if pending is None:
        return []
    return [
        Problem(
            "journal",
            "error",
            f"{describe(pending)}: the links graph and search indexes may be stale "
            f"(vectors/{JOURNAL_NAME}); the next ingest or doctor --repair rebuilds them",
        )
    ]


def _leftovers(ctx: DoctorContext) -> list[Problem]:
    vectors = ctx.service.vectors
    keep = {vectors.doc_file(d, v).name for d, v in ctx.current.items()}
    if not vectors.docs_dir.exists():
        return []
    stale = sorted(f.name for f in vectors.docs_dir.iterdir() if f.name not in keep)
    if not stale:
        return []
    return [
        Problem(
            "leftovers",
            "note",
            f"{len(stale)} vector file(s) no version names "
            f"(e.g. {stale[0]}); pruned by the next ingest or --repair",
        )
    ]


def _repair_leftovers(ctx: DoctorContext) -> None:
    ctx.service.vectors.prune(ctx.current)


def _identity(ctx: DoctorContext) -> list[Problem]:
    """Documents stored before ingest recorded their source (cp:sourceKey) still keep their
    ids: identity is derived from their URL or stored path. Say so, and how to record it."""
    legacy = sorted(s.doc.doc_id for s in ctx.stored if s.source_key is None)
    if not legacy:
        return []
    return [
        Problem(
            "identity",
            "note",
            f"{len(legacy)} document(s) stored before sources were recorded (e.g. {legacy[0]}): "
            "identity falls back to their URL or stored path; re-ingesting them (or --repair) "
            "records it",
        )
    ]


def _repair_identity(ctx: DoctorContext) -> None:
    """Record what identity derives for documents stored without it (URL, else the stored
    source path as seen from here); the next ingest of a file corrects a moved path."""
    from counterpoint.corpus.identity import known_of
    from counterpoint.kg.documents_write import record_source

    for s in ctx.stored:
        if s.source_key is None:
            known = known_of(s.doc)
            record_source(
                ctx.service.store, ctx.service.iris, s.doc.doc_id, known.key, known.origin
            )


CHECKS: list[Check] = [
    # first: its repair drops graphs, and the journal's rebuild must come after
    Check("half-written", _half_written, _repair_half_written),
    Check("view", _view_cache, _repair_view_cache),
    Check("graph", _graph),
    Check("embedding", _embedding, _repair_embedding),
    Check("vectors", _vectors, _repair_vectors),
    # after "vectors": its repair rebuilds from the vector files, which must be readable
    Check("journal", _journal, _rebuild),
    Check("index", _index, _rebuild),
    Check("lexical", _lexical, _rebuild),
    Check("sentences", _sentences, _rebuild),
    Check("texts", _text_cache, _repair_text_cache),
    Check("contexts", _link_contexts, _repair_link_contexts),
    Check("derived", _other_manifests, _rebuild),
    Check("leftovers", _leftovers, _repair_leftovers),
    Check("identity", _identity, _repair_identity),
]


@dataclass
class Report:
    problems: list[Problem]
    repaired: list[str]

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "problems": [p.to_json() for p in self.problems],
            "repaired": self.repaired,
        }


def diagnose(
    service: DoctorHost, repair: bool = False, checks: list[Check] | None = None
) -> Report:
    """Run every check; with repair, fix what is fixable in order, then check again."""
    checks = CHECKS if checks is None else checks
    ctx = DoctorContext(service)
    found = [p for c in checks for p in c.find(ctx)]
    repaired: list[str] = []
    if repair and found:
        done: set[Callable[[DoctorContext], None]] = set()
        for check in checks:
            if check.repair is not None and check.find(ctx):
                if check.repair not in done:
                    check.repair(ctx)
                    done.add(check.repair)
                repaired.append(check.name)
        ctx = DoctorContext(service)
        found = [p for c in checks for p in c.find(ctx)]
    return Report(found, repaired)
