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
from typing import TYPE_CHECKING, Any, Literal, Protocol

from counterpoint.corpus.models import Chunk
from counterpoint.kg.base import GraphStore
from counterpoint.kg.documents import StoredDocument, load_chunks

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


def _vector_problem(ctx: DoctorContext, doc_id: str, version: str) -> str | None:
    vectors = ctx.service.vectors
    if not vectors.has(doc_id, version):
        return "no vector file for the version the graph names"
    try:
        ids, vecs = vectors.read_doc(doc_id, version)
    except (OSError, ValueError, KeyError) as exc:
        return f"vector file unreadable ({type(exc).__name__})"
    expected = [c.chunk_id for c in ctx.chunks[doc_id]]
    if ids != expected:
        return f"vector file holds {len(ids)} chunk ids, the graph {len(expected)} different ones"
    if len(vecs) != len(ids):
        return "vector file has a different number of vectors and ids"
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
    from counterpoint.retrieval.recorded import read_record

    settings = ctx.service.settings
    record = read_record(settings.vectors_dir)
    if record is None:
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
    from counterpoint.retrieval.recorded import EmbeddingRecord, write_record

    service = ctx.service
    embedder = service.unchecked_embedder()
    vectors = service.vectors
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


def _index(ctx: DoctorContext) -> list[Problem]:
    from counterpoint.retrieval.faiss_index import FaissIndex

    if ctx.service.settings.vectors not in ("", "faiss"):
        return []  # Milvus: its manifest is checked with the other derived indexes
    vectors = ctx.service.vectors
    try:
        manifest = json.loads(vectors.manifest_path.read_text())
    except (OSError, ValueError):
        manifest = None
    if manifest != ctx.current:
        if not ctx.current and manifest is None:
            return []
        return [
            Problem(
                "index",
                "note",
                "search index is behind the graph; it is rebuilt on "
                "first use (or now with --repair)",
            )
        ]
    try:
        index = FaissIndex.load(vectors.index_path)
    except (OSError, ValueError, RuntimeError):
        return [
            Problem(
                "index",
                "note",
                "search index files missing or unreadable; rebuilt on "
                "first use (or now with --repair)",
            )
        ]
    expected = [c.chunk_id for d in sorted(ctx.current) for c in ctx.chunks[d]]
    if sorted(index.ids) != sorted(expected):  # rows follow the order they were added in
        return [
            Problem(
                "index",
                "error",
                f"search index holds {len(index)} chunk ids that "
                f"disagree with the graph's {len(expected)}; run doctor --repair",
            )
        ]
    return []


def _other_manifests(ctx: DoctorContext) -> list[Problem]:
    """Any other derived index that records the versions it was built from (e.g. the lexical
    BM25 index's `lexical.manifest.json`) must name the graph's versions."""
    root = ctx.service.vectors.root
    out = []
    for path in sorted(root.glob("*.manifest.json")) if root.exists() else ():
        if path == ctx.service.vectors.manifest_path:
            continue
        try:
            manifest = json.loads(path.read_text())
        except (OSError, ValueError):
            manifest = None
        if manifest != ctx.current:
            name = path.name.removesuffix(".manifest.json")
            out.append(
                Problem(
                    "derived",
                    "note",
                    f"{name} index is behind the graph; rebuilt "
                    "on first use (or now with --repair)",
                )
            )
    return out


def _rebuild(ctx: DoctorContext) -> None:
    """Rebuild everything derived from the graph (the links graph, which may ask a configured
    LLM link judge, then every index), with the service's own settings, so repair and normal
    use build the same thing."""
    ctx.service.rebuild_derived()


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
    from counterpoint.kg.documents import record_source

    for s in ctx.stored:
        if s.source_key is None:
            known = known_of(s.doc)
            record_source(
                ctx.service.store, ctx.service.iris, s.doc.doc_id, known.key, known.origin
            )


CHECKS: list[Check] = [
    Check("graph", _graph),
    Check("embedding", _embedding, _repair_embedding),
    Check("vectors", _vectors, _repair_vectors),
    Check("index", _index, _rebuild),
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
