"""Documents, authors, canonical text, structure and chunks written as RDF (schema.org + NIF).

Each document lives in its own named graph, so replacing or removing it touches nothing else.
The graph is built as N-Triples text while it is made (kg/ntriples.py): spans are most of a
document's triples. How a built graph reaches the store (one transaction, or the bulk loader
behind a marker) is kg/half_written.py's; reading it back is kg/documents_read.py's.
"""

from __future__ import annotations

from rdflib import RDF, XSD, Literal, URIRef

from counterpoint.corpus.ids import (
    is_http_url,
    origin_of,
    short_hash,
    slugify,
    source_key,
    transliterate,
)
from counterpoint.corpus.models import Chunk, Document
from counterpoint.kg import ntriples
from counterpoint.kg.base import GraphStore
from counterpoint.kg.namespaces import CP, DCTERMS, NIF, SCHEMA, Iris
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
SPAN_LABELS = {
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
    labels = {kind: ntriples.term(pred) for kind, pred in SPAN_LABELS.items()}
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
