"""Doctor checks on the graph itself and on what an interrupted run leaves: half-written
document graphs, the change journal, leftover files, and the recorded source identity of each
document. The graph is the source of truth, so these repairs drop or complete, never guess."""

from __future__ import annotations

from counterpoint.doctor.context import DoctorContext, Problem


def find_graph(ctx: DoctorContext) -> list[Problem]:
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


def find_half_written(ctx: DoctorContext) -> list[Problem]:
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


def repair_half_written(ctx: DoctorContext) -> None:
    from counterpoint.kg.half_written import remove_half_written

    remove_half_written(ctx.service.store)


def rebuild_all(ctx: DoctorContext) -> None:
    """Rebuild everything derived from the graph (the links graph, which may ask a configured
    LLM link judge, then every index), with the service's own settings, so repair and normal
    use build the same thing."""
    from counterpoint.journal import Journal

    ctx.service.rebuild_derived()
    Journal(ctx.service.vectors.root).clear()


def find_journal(ctx: DoctorContext) -> list[Problem]:
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


def find_leftovers(ctx: DoctorContext) -> list[Problem]:
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


def repair_leftovers(ctx: DoctorContext) -> None:
    ctx.service.vectors.prune(ctx.current)


def find_identity(ctx: DoctorContext) -> list[Problem]:
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


def repair_identity(ctx: DoctorContext) -> None:
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
