"""Documents, authors, canonical text, spans and chunks read back from their named graphs.

What kg/documents_write.py wrote, as `StoredDocument`s and `Chunk`s, plus the small reads of
one stored document (its text, chunk count, removed blocks, graphs, version). The readers of
what is stored leave out a graph still being bulk-loaded (kg/half_written.py). The queries
are shaped by measurements at 10k essays (flat reads joined here by graph; one document read
from its own graph, found first by its identifier): the figures are beside them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from counterpoint.corpus.ids import (
    is_http_url,
    slugify,
)
from counterpoint.corpus.models import Chunk, Document, Metadata, Span
from counterpoint.kg.base import GraphStore
from counterpoint.kg.documents_write import SPAN_LABELS
from counterpoint.kg.half_written import half_written, skip_half_written
from counterpoint.kg.namespaces import Iris, sparql_prefixes


@dataclass(frozen=True)
class StoredDocument:
    """What the store knows of a document: enough to cite it and to verify quotes."""

    doc: Document
    version: str
    n_chunks: int
    # None for documents ingested before these were recorded: identity derives them then.
    source_key: str | None = None
    origin: str | None = None
    body_hash: str | None = None
    # the named graph it was read from (None when made otherwise)
    graph: str | None = None


_DOCS_QUERY = (
    sparql_prefixes()
    + """
SELECT ?g ?id ?title ?date ?url ?publisher ?hash ?version ?source ?text ?key ?origin ?body
       ?principal (GROUP_CONCAT(DISTINCT ?author_order; SEPARATOR="\\u001f") AS ?authors)
       (COUNT(DISTINCT ?chunk) AS ?n_chunks)
WHERE { GRAPH ?g {
  ?doc a schema:Article ; dcterms:identifier ?id ; schema:name ?title ;
       cp:contentHash ?hash ; cp:version ?version ; cp:source ?source .
  ?ctx a nif:Context ; dcterms:isPartOf ?doc ; nif:isString ?text .
  OPTIONAL { ?doc schema:datePublished ?date }
  OPTIONAL { ?doc schema:url ?url }
  OPTIONAL { ?doc schema:publisher ?publisher }
  OPTIONAL { ?doc cp:authorOrder ?author_order }
  OPTIONAL { ?chunk a cp:Chunk ; nif:referenceContext ?ctx }
  OPTIONAL { ?doc cp:sourceKey ?key }
  OPTIONAL { ?doc cp:origin ?origin }
  OPTIONAL { ?doc cp:bodyHash ?body }
  OPTIONAL { ?doc cp:principal ?principal }
  %FILTER%
} }
GROUP BY ?g ?id ?title ?date ?url ?publisher ?hash ?version ?source ?text ?key ?origin ?body
         ?principal
ORDER BY ?id
"""
)


def _spans_of(store: GraphStore, graph_iri: str) -> tuple[Span, ...]:
    label_pred = " ".join(f'("{k}" <{p}>)' for k, p in SPAN_LABELS.items())
    rows = store.select(
        sparql_prefixes()
        + f"""SELECT ?kind ?b ?e ?label WHERE {{ GRAPH <{graph_iri}> {{
              ?s cp:spanKind ?kind ; nif:beginIndex ?b ; nif:endIndex ?e .
              OPTIONAL {{ VALUES (?kind ?p) {{ {label_pred} }} ?s ?p ?label }}
            }} }} ORDER BY ?b DESC(?e) ?kind"""
    )
    return tuple(Span(kind=r["kind"], start=r["b"], end=r["e"], label=r.get("label")) for r in rows)


def load_removed(store: GraphStore, iris: Iris, doc_id: str) -> tuple[str, ...]:
    """What cleaning removed from a document ("kind: text" lines), kept for audits."""
    rows = store.select(
        sparql_prefixes()
        + f"""SELECT ?r WHERE {{ GRAPH <{iris.doc_graph(slugify(doc_id))}> {{
              ?doc a schema:Article ; cp:removedText ?r }} }}"""
    )
    return tuple(sorted(r["r"] for r in rows))


def count_chunks(store: GraphStore, iris: Iris, doc_id: str) -> int:
    """How many chunks one stored document has (read from its own graph)."""
    rows = store.select(
        sparql_prefixes() + f"SELECT (COUNT(?c) AS ?n) WHERE {{ GRAPH <{iris.doc_graph(doc_id)}> "
        "{ ?c a cp:Chunk } }"
    )
    return int(rows[0]["n"]) if rows else 0


def load_text(store: GraphStore, iris: Iris, doc_id: str) -> str:
    """One stored document's canonical text ('' when not stored)."""
    rows = store.select(
        sparql_prefixes() + f"SELECT ?text WHERE {{ GRAPH <{iris.doc_graph(doc_id)}> "
        "{ ?ctx a nif:Context ; nif:isString ?text } }"
    )
    return str(rows[0]["text"]) if rows else ""


def _authors(joined: str | None) -> tuple[str, ...]:
    """Authors in their stored order, from the "order|name" values GROUP_CONCAT joined."""
    ordered = sorted(
        (a.split("|", 1) for a in (joined or "").split("\x1f") if a), key=lambda p: int(p[0])
    )
    return tuple(name for _, name in ordered)


# The table of stored documents without texts: no chunk count, no GROUP BY (authors are read
# apart, `_AUTHORS`) and no ORDER BY (rows sorted here). Each of those cost about as much as
# the rest: 2.8 s -> ~1 s at 10k essays, paid by every ingest and links update.
_TABLE_QUERY = (
    sparql_prefixes()
    + """
SELECT ?g ?id ?title ?date ?url ?publisher ?hash ?version ?source ?key ?origin ?body ?principal
WHERE { GRAPH ?g {
  ?doc a schema:Article ; dcterms:identifier ?id ; schema:name ?title ;
       cp:contentHash ?hash ; cp:version ?version ; cp:source ?source .
  OPTIONAL { ?doc schema:datePublished ?date }
  OPTIONAL { ?doc schema:url ?url }
  OPTIONAL { ?doc schema:publisher ?publisher }
  OPTIONAL { ?doc cp:sourceKey ?key }
  OPTIONAL { ?doc cp:origin ?origin }
  OPTIONAL { ?doc cp:bodyHash ?body }
  OPTIONAL { ?doc cp:principal ?principal }
  %FILTER%
} }
"""
)
_AUTHORS = (
    sparql_prefixes() + "SELECT ?g ?author_order WHERE { GRAPH ?g { ?doc a schema:Article ; "
    "cp:authorOrder ?author_order %FILTER% } }"
)


def _table_rows(store: GraphStore, graph: str | None) -> list[dict[str, Any]]:
    """The text-free table's rows (all documents, or the one in `graph`), with "authors" as
    the full query gives them, in identifier order."""
    if graph is None:
        where = skip_half_written(store)
        rows = store.select(_TABLE_QUERY.replace("%FILTER%", where))
        authors = store.select(_AUTHORS.replace("%FILTER%", where))
    else:
        bound = f"WHERE {{ BIND(<{graph}> AS ?g) GRAPH <{graph}> {{"
        rows = store.select(
            _TABLE_QUERY.replace("%FILTER%", "").replace("WHERE { GRAPH ?g {", bound)
        )
        authors = store.select(
            _AUTHORS.replace("%FILTER%", "").replace("WHERE { GRAPH ?g {", bound)
        )
    by_graph: dict[str, set[str]] = {}
    for a in authors:
        by_graph.setdefault(str(a["g"]), set()).add(a["author_order"])
    for r in rows:
        r["authors"] = "\x1f".join(by_graph.get(str(r["g"]), ()))
    rows.sort(key=lambda r: r["id"])
    return rows


_TEXTS = (
    sparql_prefixes()
    + "SELECT ?g ?text WHERE { GRAPH ?g { ?ctx a nif:Context ; nif:isString ?text } }"
)
_CHUNK_COUNTS = (
    sparql_prefixes()
    + "SELECT ?g (COUNT(?c) AS ?n) WHERE { GRAPH ?g { ?c a cp:Chunk } } GROUP BY ?g"
)


def _with_texts(store: GraphStore, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The table's rows with each document's text and chunk count, read by graph in two
    flat queries (texts 0.3 s, counts 0.1 s at 10k essays: the one query that joined them
    to the table, grouped and ordered, took 5.6 s); a document without a text (a damaged
    graph) is left out, as that query's join left it out."""
    texts = {str(r["g"]): r["text"] for r in store.select(_TEXTS)}
    counts = {str(r["g"]): int(r["n"]) for r in store.select(_CHUNK_COUNTS)}
    out = []
    for r in rows:
        g = str(r["g"])
        if g in texts:
            out.append({**r, "text": texts[g], "n_chunks": counts.get(g, 0)})
    return out


def graphs_of(store: GraphStore, doc_id: str) -> list[str]:
    """The named graph(s) holding this document (not half-written), found by its identifier
    first: a query that filters every document by identifier made Oxigraph read them all
    (175 ms at 1k essays against 2 ms; 1.1 s at 10k for one document's chunks)."""
    found = store.select(
        sparql_prefixes() + "SELECT ?g WHERE { GRAPH ?g { ?doc a schema:Article ; "
        f'dcterms:identifier "{slugify(doc_id)}" }} }}'
    )
    return sorted({str(r["g"]) for r in found} - set(half_written(store)))


_VERSIONS = (
    sparql_prefixes()
    + "SELECT ?g ?version WHERE { GRAPH ?g { ?doc cp:version ?version %FILTER% } }"
)


def stored_versions(store: GraphStore) -> dict[str, str]:
    """{graph: version} of every stored document (not half-written): the lightest read that
    says what is stored (0.45-0.7 s at 10k essays, the text-free table 4.8 s, under load)."""
    rows = store.select(_VERSIONS.replace("%FILTER%", skip_half_written(store)))
    return {str(r["g"]): str(r["version"]) for r in rows}


def load_graph_documents(store: GraphStore, graph: str) -> list[StoredDocument]:
    """The document stored in this named graph, with its text and chunk count ([] when the
    graph holds none, or no text)."""
    where = f"WHERE {{ BIND(<{graph}> AS ?g) GRAPH <{graph}> {{"
    rows = store.select(_DOCS_QUERY.replace("%FILTER%", "").replace("WHERE { GRAPH ?g {", where))
    return [_stored_of(store, r, False) for r in rows]


def load_documents(
    store: GraphStore, doc_id: str | None = None, with_spans: bool = False, with_text: bool = True
) -> list[StoredDocument]:
    """Read documents back from the store; the canonical text comes from nif:isString.
    `with_text=False` leaves every text empty and every chunk count 0 (ingest's table of what
    is stored needs neither: at 10k essays they cost seconds per ingest command).
    One document is read from its own graph, named in the query (found first by its
    identifier): a FILTER on the identifier made Oxigraph read every document (175 ms at 1k
    essays against 2 ms), which each per-document refresh paid."""
    if doc_id:
        rows = []
        for g in graphs_of(store, doc_id):
            if not with_text:
                rows += _table_rows(store, g)
                continue
            where = f"WHERE {{ BIND(<{g}> AS ?g) GRAPH <{g}> {{"
            rows += store.select(
                _DOCS_QUERY.replace("%FILTER%", "").replace("WHERE { GRAPH ?g {", where)
            )
    else:
        rows = _table_rows(store, None)
        if with_text:
            rows = _with_texts(store, rows)
    return [_stored_of(store, r, with_spans) for r in rows]


def _stored_of(store: GraphStore, r: dict[str, Any], with_spans: bool) -> StoredDocument:
    """A table row as the stored document it describes."""
    meta = Metadata(
        title=r["title"],
        authors=_authors(r["authors"]),
        date=dt.date.fromisoformat(r["date"]) if r.get("date") else None,
        # A URL stored before only http(s) was accepted is never handed on as a link.
        url=r.get("url") if is_http_url(r.get("url")) else None,
        publisher=r.get("publisher"),
        principal=bool(r.get("principal")),
    )
    doc = Document(
        doc_id=r["id"],
        meta=meta,
        text=r.get("text") or "",
        content_hash=r["hash"],
        source=r["source"],
        spans=_spans_of(store, r["g"]) if with_spans else (),
    )
    return StoredDocument(
        doc=doc,
        version=r["version"],
        n_chunks=int(r.get("n_chunks") or 0),
        source_key=r.get("key"),
        origin=r.get("origin"),
        body_hash=r.get("body"),
        graph=str(r["g"]),
    )


# A chunk of a document (?doc) and the fields a Chunk needs; both readers below share it
_CHUNK_PATTERN = """?ctx dcterms:isPartOf ?doc .
          ?c a cp:Chunk ; nif:referenceContext ?ctx ; dcterms:identifier ?cid ;
             nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?anchor .
          OPTIONAL { ?c dcterms:isPartOf ?h . ?h nif:anchorOf ?section }"""


def _chunk(row: dict[str, Any], doc_id: str) -> Chunk:
    return Chunk(
        chunk_id=row["cid"],
        doc_id=doc_id,
        start=row["b"],
        end=row["e"],
        text=row["anchor"],
        section=row.get("section"),
    )


# The corpus's chunks as three flat reads joined here by graph: the one query that joined
# chunk, context and document in each graph took 19-20 s for 106k chunks at load 3-4, these
# 12-13 s (each pattern joined is a store lookup per chunk). A chunk's text is its
# document's text[start:end], which its stored anchor is by construction (the SHACL shape
# checks it), so the anchors are not read.
_DOC_GRAPHS = (
    sparql_prefixes()
    + "SELECT ?g ?doc_id WHERE { GRAPH ?g { ?doc a schema:Article ; dcterms:identifier ?doc_id } }"
)
_CHUNK_ROWS = (
    sparql_prefixes() + "SELECT ?g ?c ?cid ?b ?e WHERE { GRAPH ?g { "
    "?c a cp:Chunk ; dcterms:identifier ?cid ; nif:beginIndex ?b ; nif:endIndex ?e } }"
)
_CHUNK_SECTIONS = (
    sparql_prefixes() + "SELECT ?g ?c ?section WHERE { GRAPH ?g { "
    "?c dcterms:isPartOf ?h . ?h nif:anchorOf ?section } }"
)


def load_all_chunks(store: GraphStore, docs: Mapping[str, Document]) -> dict[str, list[Chunk]]:
    """Every chunk of these documents (with their texts), each document's in text order, in
    one pass over the store. One query per document (`load_chunks`) costs time in proportion
    to the whole store (1.1 ms per document at 30 essays, 6.2 ms at 300), so reading a corpus
    that way is quadratic: about half an hour at 10k essays. Graphs of other documents (e.g.
    one still being bulk-loaded) are left out."""
    wanted = {slugify(d): d for d in docs}
    doc_of: dict[str, str] = {}
    for r in store.select(_DOC_GRAPHS):
        doc_id = wanted.get(r["doc_id"])
        if doc_id is not None:
            doc_of[str(r["g"])] = doc_id
    sections: dict[tuple[str, str], str] = {}
    for r in store.select(_CHUNK_SECTIONS):
        key = (str(r["g"]), str(r["c"]))
        if str(r["g"]) in doc_of and (key not in sections or r["section"] < sections[key]):
            sections[key] = r["section"]
    out: dict[str, list[Chunk]] = {d: [] for d in wanted.values()}
    for r in store.select(_CHUNK_ROWS):
        g = str(r["g"])
        doc_id = doc_of.get(g)
        if doc_id is None:
            continue
        b, e = r["b"], r["e"]
        section = sections.get((g, str(r["c"])))
        text = docs[doc_id].text[b:e]
        out[doc_id].append(Chunk(r["cid"], doc_id, b, e, text, section))
    for chunks in out.values():
        chunks.sort(key=lambda c: c.start)
    return out


def load_chunks(store: GraphStore, doc_id: str) -> list[Chunk]:
    """One document's chunks in text order (a single document's refresh; a whole corpus is
    read with `load_all_chunks`), from its own graph (see `graphs_of`: 1.1 s -> ms at 10k)."""
    rows = []
    for g in graphs_of(store, doc_id):
        rows += _graph_chunk_rows(store, g, doc_id)
    rows.sort(key=lambda r: r["b"])
    return [_chunk(r, doc_id) for r in rows]


def load_graph_chunks(store: GraphStore, graph: str, doc: Document) -> list[Chunk]:
    """The chunks of `doc` stored in this named graph, in text order, each chunk's text
    sliced from the document's text (its stored anchor, as in `load_all_chunks`)."""
    rows = sorted(_graph_chunk_rows(store, graph, doc.doc_id), key=lambda r: r["b"])
    return [replace(_chunk(r, doc.doc_id), text=doc.text[r["b"] : r["e"]]) for r in rows]


def _graph_chunk_rows(store: GraphStore, graph: str, doc_id: str) -> list[dict[str, Any]]:
    return store.select(
        sparql_prefixes()
        + f"SELECT ?cid ?b ?e ?anchor ?section WHERE {{ GRAPH <{graph}> {{\n"
        + f'          ?doc dcterms:identifier "{slugify(doc_id)}" . {_CHUNK_PATTERN}\n'
        + "        } }"
    )
