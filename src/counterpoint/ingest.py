"""Ingest: file → document → graph + vectors, one document at a time, atomically.

Order per document: vectors for the new version are written first (under a versioned file
name), then the graph switches to the new version in one transaction. Only after every
document is the search index rebuilt from the versions the graph names, and stale vector
files pruned. A crash anywhere leaves the old or the new version, never a mix.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from counterpoint import __version__
from counterpoint.corpus.chunk import chunk_document
from counterpoint.corpus.loaders import apply_overrides, iter_paths, load_file
from counterpoint.corpus.models import Document
from counterpoint.corpus.pipeline import make_document
from counterpoint.errors import CounterpointError, DocumentError
from counterpoint.kg.documents import document_graph

PIPELINE_VERSION = f"{__version__}-1"


@dataclass
class IngestResult:
    """One row of `ingest --json`."""

    doc_id: str | None
    title: str | None
    status: str
    source: str
    n_chunks: int = 0
    n_claims: int = 0
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if data["error"] is None:
            del data["error"]
        return data


@dataclass
class IngestTimings:
    """Where ingest time goes; `make bench` reports the embedding share."""

    total_s: float = 0.0
    embed_s: float = 0.0
    chunks: int = 0
    extra: dict[str, float] = field(default_factory=dict)


def version_of(doc: Document, model_name: str) -> str:
    """Changes whenever anything derived from the document would change."""
    meta = json.dumps(asdict(doc.meta), default=str, sort_keys=True)
    key = f"{doc.content_hash}|{meta}|{PIPELINE_VERSION}|{model_name}"
    return hashlib.sha256(key.encode()).hexdigest()


Progress = Callable[[str, str], None]


def ingest_paths(
    service: Any,
    paths: list[str],
    overrides: dict[str, Any],
    recursive: bool = False,
    progress: Progress | None = None,
) -> tuple[list[IngestResult], IngestTimings]:
    """Ingest every path; a failing document gets an error row and the others go on."""
    started = time.perf_counter()
    timings = IngestTimings()
    results: list[IngestResult] = []
    stored = {s.doc.doc_id: s for s in service.stored_documents()}
    hashes = {s.doc.content_hash: s.doc.doc_id for s in stored.values()}
    max_bytes = int(service.settings.max_file_mb * 1_000_000)
    for path in iter_paths(paths, recursive):
        source = str(path)
        if progress:
            progress(source, "loading")
        try:
            raw = load_file(path, max_bytes)
            raw = type(raw)(raw.source, raw.text, apply_overrides(raw.meta, overrides))
            doc = make_document(raw)
            dup = hashes.get(doc.content_hash)
            if dup is not None and dup != doc.doc_id:
                raise DocumentError(source, f"same text as already ingested document '{dup}'")
            version = version_of(doc, service.settings.embedding_model)
            old = stored.get(doc.doc_id)
            if old is not None and old.version == version:
                results.append(
                    IngestResult(
                        doc.doc_id,
                        doc.meta.title,
                        "unchanged",
                        source,
                        old.n_chunks,
                        service.count_claims(doc.doc_id),
                    )
                )
                continue
            if progress:
                progress(source, "embedding")
            chunks = chunk_document(doc)
            t0 = time.perf_counter()
            vectors = service.embedder.embed_batch([c.text for c in chunks])
            timings.embed_s += time.perf_counter() - t0
            timings.chunks += len(chunks)
            service.vectors.write_doc(doc.doc_id, version, [c.chunk_id for c in chunks], vectors)
            if progress:
                progress(source, "graph")
            graph = document_graph(doc, chunks, service.iris, version)
            # Derived data (entities, claims...) goes into the same named graph, so it is
            # replaced or removed together with the document.
            service.enrich_document(doc, chunks, graph)
            service.store.replace_graphs(
                {service.iris.doc_graph(doc.doc_id): graph.serialize(format="nt")}
            )
            status = "updated" if old is not None else "added"
            if old is not None:
                hashes.pop(old.doc.content_hash, None)
            hashes[doc.content_hash] = doc.doc_id
            results.append(
                IngestResult(
                    doc.doc_id,
                    doc.meta.title,
                    status,
                    source,
                    len(chunks),
                    service.count_claims(doc.doc_id),
                )
            )
        except CounterpointError as exc:
            message = str(exc) if isinstance(exc, DocumentError) else f"{source}: {exc}"
            results.append(IngestResult(None, None, "error", source, error=message))
    if any(r.status in ("added", "updated") for r in results):
        service.refresh()
    timings.total_s = time.perf_counter() - started
    return results, timings
