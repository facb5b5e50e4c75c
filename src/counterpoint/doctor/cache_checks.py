"""Doctor checks on the caches beside the graph: the claim-text vector cache, the link
contexts cache and the corpus view cache. A cache that disagrees with the graph is dropped and
refilled on next use; it never overrides the graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counterpoint.doctor.context import DoctorContext, Problem, stale
from counterpoint.kg.claims import ClaimRecord

if TYPE_CHECKING:
    pass


def find_text_cache(ctx: DoctorContext) -> list[Problem]:
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
        return [stale("texts", "vectors/texts.npz", f"is unreadable ({type(exc).__name__})")]
    if len(texts) != n_vectors:
        return [stale("texts", "vectors/texts.npz", "holds texts and vectors of unequal counts")]
    return []


def repair_text_cache(ctx: DoctorContext) -> None:
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
        return stale(check, name, f"is unreadable ({exc})")
    if status != [("ok",)]:
        return stale(check, name, f"is damaged ({status[0][0]})")
    return rows


def find_link_contexts(ctx: DoctorContext) -> list[Problem]:
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
            return [stale("contexts", name, f"holds claims of '{doc_id}' the graph does not")]
    return []


def _claim_row(r: ClaimRecord) -> tuple[object, ...]:
    links = (
        tuple(sorted(r.attacks)),
        tuple(sorted(r.supports)),
        tuple(sorted(r.link_confidence.items())),
    )
    return (r.id, r.text, r.start, r.end, r.is_thesis, r.confidence, r.provenance, *links)


def repair_link_contexts(ctx: DoctorContext) -> None:
    from counterpoint.kg.extract.link_cache import CACHE_FILE

    (ctx.service.vectors.root / CACHE_FILE).unlink(missing_ok=True)


def find_view_cache(ctx: DoctorContext) -> list[Problem]:
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
                return [stale("view", name, f"holds a damaged row for '{s.doc.doc_id}'")]
            if not same:  # the graph was edited without a new version
                return [
                    stale("view", name, f"holds metadata of '{s.doc.doc_id}' the graph does not")
                ]
    docs = {s.doc.doc_id: s.doc for s in ctx.stored if s.doc.doc_id in cached}
    for doc_id, chunks in sorted(load_all_chunks(ctx.service.store, docs).items()):
        if [[c.chunk_id, c.start, c.end, c.section] for c in chunks] != cached[doc_id]:
            return [stale("view", name, f"holds chunks of '{doc_id}' the graph does not")]
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
            return [stale("view", name, f"holds damaged facts for '{s.doc.doc_id}'")]
        cached[s.doc.doc_id], graphs[s.doc.doc_id] = got, graph
    stored = graph_facts(ctx.service.store, graphs)
    for doc_id, facts in sorted(cached.items()):
        held = stored[doc_id]
        if sorted(facts.quoted) != sorted(held.quoted) or sorted(facts.mentions) != sorted(
            held.mentions
        ):
            return [stale("view", name, f"holds passages of '{doc_id}' the graph does not")]
    return []


def repair_view_cache(ctx: DoctorContext) -> None:
    from counterpoint.service.view_cache import CACHE_FILE

    (ctx.service.vectors.root / CACHE_FILE).unlink(missing_ok=True)
