"""One entry point for `counterpoint export`: pick the documents, the format, and render."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from counterpoint.errors import UsageError
from counterpoint.export.annotations import annotation_collection, claim_annotation
from counterpoint.export.citations import render_citations
from counterpoint.export.formats import CITATION_FORMATS, EXPORT_FORMATS, GRAPH_FORMATS
from counterpoint.export.graph import dump_graph
from counterpoint.export.records import ClaimRecord, claims, documents, work_of
from counterpoint.kg.base import GraphStore
from counterpoint.kg.namespaces import Iris


@dataclass
class ExportResult:
    text: str
    warnings: list[str] = field(default_factory=list)


def export(
    store: GraphStore, iris: Iris, fmt: str, doc_id: str | None = None, with_claims: bool = False
) -> ExportResult:
    """Render the corpus (or one document) in `fmt`. With `with_claims`, citation entries carry
    the document's claims (thesis first) as notes."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    if with_claims and fmt not in CITATION_FORMATS:
        raise UsageError(f"--claims applies to {', '.join(CITATION_FORMATS)}, not {fmt}")
    if fmt in GRAPH_FORMATS:
        graphs = None
        if doc_id is not None:
            documents(store, doc_id)  # unknown id -> UsageError
            graphs = [iris.doc_graph(doc_id)]
        return ExportResult(dump_graph(store, fmt, graphs))
    docs = documents(store, doc_id)
    warnings: list[str] = []
    records: list[ClaimRecord] = []
    if fmt == "annotations" or with_claims:
        records, rejected = claims(store, docs)
        warnings += [f"claim {c}: quote does not match its document; left out" for c in rejected]
    if fmt == "annotations":
        by_id = {d.doc_id: d for d in docs}
        items = [claim_annotation(c, by_id[c.doc_id], iris) for c in records]
        label = f"Claims of {doc_id}" if doc_id else "Claims of the Counterpoint corpus"
        text = json.dumps(annotation_collection(items, label), ensure_ascii=False, indent=2)
        return ExportResult(text + "\n", warnings)
    works = []
    for d in docs:
        mine = sorted((c for c in records if c.doc_id == d.doc_id), key=lambda c: not c.thesis)
        notes = tuple(f"{'Thesis' if c.thesis else 'Claim'}: {c.text}" for c in mine)
        works.append(work_of(d, notes))
    return ExportResult(render_citations(works, fmt), warnings)
