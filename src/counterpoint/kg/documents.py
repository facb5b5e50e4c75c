"""Documents, authors, canonical text and chunks as RDF (schema.org + NIF), and back.

Each document lives in its own named graph, so replacing or removing it touches nothing else.

A large new document is written by the store's bulk loader, which is linear in size but not
atomic (one transaction grows faster than linearly: 10 MB of text is ~1.4M triples). Its graph
then carries a "being written" marker (`cp:loadPending`), committed in a small transaction
before the first bulk-loaded triple and removed in another after the last: every reader here
skips a graph holding it, and the next ingest or `doctor --repair` drops such a graph (a kill
mid-load: `remove_half_written`). The marker is "pending", not "complete", so graphs written
in one transaction, and every workspace from before, need no marker at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from rdflib import RDF, XSD, Literal, URIRef

from counterpoint.corpus.ids import (
    is_http_url,
    origin_of,
    short_hash,
    slugify,
    source_key,
    transliterate,
)
from counterpoint.corpus.models import Chunk, Document, Metadata, Span
from counterpoint.kg import ntriples
from counterpoint.kg.base import GraphStore
from counterpoint.kg.namespaces import CP, DCTERMS, NIF, SCHEMA, Iris, sparql_prefixes
from counterpoint.kg.ntriples import NTriplesGraph

_SPAN_TYPES = {
    "heading": NIF.Title,
    "paragraph": NIF.Paragraph,
    "quotation": CP.Quotation,
    "footnote": CP.Footnote,
    "footnote_marker": CP.FootnoteMarker,
    "caption": CP.Caption,
    "page": CP.Page,
}
# Labels get a predicate per kind: two spans of different kinds can share offsets (and so an
# IRI), e.g. a page holding exactly one paragraph, and must not share a label.
_LABELS = {
    "quotation": CP.attribution,
    "footnote": CP.footnoteNumber,
    "footnote_marker": CP.footnoteNumber,
    "page": CP.pageNumber,
    "caption": CP.captionOf,
}


_TYPE = ntriples.term(RDF.type)
_REFERENCE_CONTEXT = ntriples.term(NIF.referenceContext)
_BEGIN = ntriples.term(NIF.beginIndex)
_END = ntriples.term(NIF.endIndex)
_ANCHOR = ntriples.term(NIF.anchorOf)


def write_span(
    g: NTriplesGraph, iris: Iris, doc: Document, start: int, end: int, rdf_type: str
) -> str:
    """A NIF span whose anchorOf is exactly text[start:end] (the SHACL shape checks it), its
    type given as N-Triples text; returns the span's IRI as N-Triples text. Spans are most of
    a document's triples, so they are written without rdflib terms."""
    node = ntriples.iri(iris.span(doc.doc_id, doc.content_hash, start, end))
    context = ntriples.iri(iris.span(doc.doc_id, doc.content_hash, 0, len(doc.text)))
    g.add_line(node, _TYPE, rdf_type)
    g.add_line(node, _REFERENCE_CONTEXT, context)
    g.add_line(node, _BEGIN, ntriples.offset(start))
    g.add_line(node, _END, ntriples.offset(end))
    g.add_line(node, _ANCHOR, ntriples.quote(doc.text[start:end]))
    return node


def add_span(
    g: NTriplesGraph, iris: Iris, doc: Document, start: int, end: int, rdf_type: URIRef
) -> URIRef:
    """``write_span`` for callers that go on with rdflib terms."""
    return URIRef(write_span(g, iris, doc, start, end, ntriples.term(rdf_type))[1:-1])


def person_slug(name: str) -> str:
    """A person's IRI slug; a name with nothing to slug gets a hash, not a shared default."""
    has_letters = any(ch.isalnum() for ch in transliterate(name))
    return slugify(name) if has_letters else f"person-{short_hash(name)}"


def document_graph(doc: Document, chunks: list[Chunk], iris: Iris, version: str) -> NTriplesGraph:
    """The named graph of one document, written as N-Triples as it is built (kg/ntriples.py)."""
    g = NTriplesGraph()
    add_document(g, doc, chunks, iris, version)
    return g


def add_document(
    g: NTriplesGraph, doc: Document, chunks: list[Chunk], iris: Iris, version: str
) -> None:
    """Article, authors, canonical text, structure and chunks of one document, into `g`."""
    art = URIRef(iris.doc(doc.doc_id))
    meta = doc.meta
    g.add((art, RDF.type, SCHEMA.Article))
    g.add((art, DCTERMS.identifier, Literal(doc.doc_id)))
    g.add((art, SCHEMA.name, Literal(meta.title)))
    g.add((art, CP.contentHash, Literal(doc.content_hash)))
    g.add((art, CP.bodyHash, Literal(doc.body_hash)))
    g.add((art, CP.version, Literal(version)))
    g.add((art, CP.source, Literal(doc.source)))
    # What identity compares (see corpus/identity.py): the essay's URL or its file's path.
    g.add((art, CP.sourceKey, Literal(source_key(meta.url, doc.source))))
    g.add((art, CP.origin, Literal(origin_of(doc.source))))
    if meta.date:
        g.add((art, SCHEMA.datePublished, Literal(meta.date.isoformat(), datatype=XSD.date)))
    if meta.url and is_http_url(meta.url):
        g.add((art, SCHEMA.url, URIRef(meta.url)))
    if meta.publisher:
        g.add((art, SCHEMA.publisher, Literal(meta.publisher)))
    for tag in meta.tags:
        g.add((art, SCHEMA.keywords, Literal(tag)))
    if meta.principal:
        g.add((art, CP.principal, Literal(True)))
    for pos, name in enumerate(meta.authors):
        person = URIRef(iris.person(person_slug(name)))
        g.add((art, SCHEMA.author, person))
        g.add((person, RDF.type, SCHEMA.Person))
        g.add((person, SCHEMA.name, Literal(name)))
        g.add((art, CP.authorOrder, Literal(f"{pos}|{name}")))
    context = URIRef(iris.span(doc.doc_id, doc.content_hash, 0, len(doc.text)))
    g.add((context, RDF.type, NIF.Context))
    g.add_line(ntriples.term(context), ntriples.term(NIF.isString), ntriples.quote(doc.text))
    g.add_line(ntriples.term(context), _BEGIN, ntriples.offset(0))
    g.add_line(ntriples.term(context), _END, ntriples.offset(len(doc.text)))
    g.add((context, DCTERMS.isPartOf, art))
    for note in doc.removed:  # the audit trail of cleaning: "kind: text" per removed block
        g.add((art, CP.removedText, Literal(note)))
    heading_nodes: dict[str, str] = {}
    footnotes: dict[str, str] = {}
    markers: list[tuple[str, str]] = []
    kind_pred = ntriples.term(CP.spanKind)
    labels = {kind: ntriples.term(pred) for kind, pred in _LABELS.items()}
    for span in doc.spans:
        rdf_type = ntriples.term(_SPAN_TYPES.get(span.kind, CP[span.kind.capitalize()]))
        node = write_span(g, iris, doc, span.start, span.end, rdf_type)
        g.add_line(node, kind_pred, ntriples.quote(span.kind))
        if span.label is not None and span.kind in labels:
            g.add_line(node, labels[span.kind], ntriples.quote(span.label))
        if span.kind == "heading":
            heading_nodes[doc.text[span.start : span.end]] = node
        elif span.kind == "footnote" and span.label is not None:
            footnotes[span.label] = node
        elif span.kind == "footnote_marker" and span.label is not None:
            markers.append((span.label, node))
    footnote_pred = ntriples.term(CP.footnote)
    for label, node in markers:  # marker → the footnote body it points to
        if label in footnotes:
            g.add_line(node, footnote_pred, footnotes[label])
    chunk_type = ntriples.term(CP.Chunk)
    structure = ntriples.term(NIF.Structure)
    identifier = ntriples.term(DCTERMS.identifier)
    part_of = ntriples.term(DCTERMS.isPartOf)
    for chunk in chunks:
        node = write_span(g, iris, doc, chunk.start, chunk.end, chunk_type)
        g.add_line(node, _TYPE, structure)
        g.add_line(node, identifier, ntriples.quote(chunk.chunk_id))
        if chunk.section and chunk.section in heading_nodes:
            g.add_line(node, part_of, heading_nodes[chunk.section])


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
    label_pred = " ".join(f'("{k}" <{p}>)' for k, p in _LABELS.items())
    rows = store.select(
        sparql_prefixes()
        + f"""SELECT ?kind ?b ?e ?label WHERE {{ GRAPH <{graph_iri}> {{
              ?s cp:spanKind ?kind ; nif:beginIndex ?b ; nif:endIndex ?e .
              OPTIONAL {{ VALUES (?kind ?p) {{ {label_pred} }} ?s ?p ?label }}
            }} }} ORDER BY ?b DESC(?e) ?kind"""
    )
    return tuple(Span(kind=r["kind"], start=r["b"], end=r["e"], label=r.get("label")) for r in rows)


def write_document_graph(
    store: GraphStore,
    iris: Iris,
    doc_id: str,
    version: str,
    ntriples_text: str,
    *,
    bulk: bool,
    after_part: Callable[[], None],
) -> None:
    """Store a document's graph: replaced in one transaction, or, with `bulk` (a new document
    whose graph is absent), through the bulk loader between the two marker transactions."""
    graph = iris.doc_graph(doc_id)
    if not bulk:
        store.replace_graphs({graph: ntriples_text})
        return
    marker = f"<{iris.doc(doc_id)}> <{CP.loadPending}> {ntriples.quote(version)} .\n"
    store.add_to_graph(graph, marker)
    try:
        store.bulk_add(graph, ntriples_text, after_part)
    except Exception:
        # refused mid-way (a parse error, a full disk): take back what went in, then say why
        store.replace_graphs({graph: ""})
        raise
    store.remove_from_graph(graph, marker)


def half_written(store: GraphStore) -> list[str]:
    """Named graphs being bulk-loaded, or left mid-way by a kill (their marker still there)."""
    rows = store.select(
        sparql_prefixes()
        + "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?doc cp:loadPending ?v } } ORDER BY ?g"
    )
    return [r["g"] for r in rows]


def skip_half_written(store: GraphStore, var: str = "?g") -> str:
    """The filter a reader puts in its `GRAPH ?g { ... }` to skip graphs still being written:
    empty when there are none (nearly always), so the common query pays one index lookup
    here and nothing per row."""
    graphs = half_written(store)
    if not graphs:
        return ""
    return f"FILTER({var} NOT IN ({', '.join(f'<{g}>' for g in graphs)}))"


def other_graphs(store: GraphStore, iris: Iris, doc_ids: Iterable[str]) -> list[str]:
    """Named graphs that are neither these stored documents' own graphs nor derived links
    (`<links>`, its pair and status graphs), nor half-written: the challenges graph, and
    whatever other writers of a shared store added. Readers that take each document's part
    per version (view_cache.read_doc_facts, kg/extract/corpus_claims.py) read these graphs
    as they are, so they see what a whole-graph read sees."""
    own = {iris.doc_graph(d) for d in doc_ids} | set(half_written(store))
    links = iris.links_graph()
    return [g for g in store.named_graphs() if g not in own and not g.startswith(links)]


def remove_half_written(store: GraphStore) -> list[str]:
    """Drop every half-written graph (one transaction): it never was a stored document (only
    a new one is bulk-loaded), so dropping it leaves the corpus as it was before that ingest;
    the journal that ingest left makes the next run rebuild what is derived. Returns them."""
    graphs = half_written(store)
    if graphs:
        store.replace_graphs({g: "" for g in graphs})
    return graphs


def record_source(store: GraphStore, iris: Iris, doc_id: str, key: str, origin: str) -> None:
    """Add cp:sourceKey and cp:origin to a document stored before they were recorded (its
    named graph rewritten whole, in one transaction, with nothing else changed)."""
    graph_iri = iris.doc_graph(doc_id)
    nt = store.construct_ntriples(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
    )
    article = URIRef(iris.doc(doc_id)).n3()
    extra = "".join(
        f"{article} {URIRef(pred).n3()} {Literal(value).n3()} .\n"
        for pred, value in ((CP.sourceKey, key), (CP.origin, origin))
    )
    store.replace_graphs({graph_iri: nt + extra})


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
