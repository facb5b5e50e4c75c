"""Web Annotations expand with the vendored W3C context to the oa: triples they claim, every
selector matches the canonical text; graph dumps parse back with their named graphs."""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from claim_graphs import CLAIMS, STATUS, documents
from counterpoint.answer.models import Answer, Citation
from counterpoint.export.annotations import (
    ANNO_CONTEXT,
    anno_context,
    annotation_collection,
    answer_annotations,
)
from counterpoint.export.run import export

OA = Namespace("http://www.w3.org/ns/oa#")
NNI = URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")
AS = Namespace("http://www.w3.org/ns/activitystreams#")


def _keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for v in node.values() for k in _keys(v)}
    if isinstance(node, list):
        return {k for v in node for k in _keys(v)}
    return set()


def _expand(doc: dict[str, Any]) -> Graph:
    assert doc["@context"] == ANNO_CONTEXT
    context = anno_context()["@context"]
    unknown = _keys(doc) - set(context) - {"@context"}
    assert not unknown, f"keys outside the W3C context: {unknown}"
    inline = {**doc, "@context": context}
    return Graph().parse(data=json.dumps(inline), format="json-ld")


def test_claim_annotations_follow_the_w3c_model(argument_store, iris) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(export(argument_store, iris, "annotations").text)
    g = _expand(doc)
    texts = {d.doc_id: d for d in documents().values()}
    annotations = list(g.subjects(RDF.type, OA.Annotation))
    assert len(annotations) == len(CLAIMS)
    for ann in annotations:
        claim_id = str(g.value(ann, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
        doc_id = CLAIMS[claim_id][0]
        assert ann == URIRef(iris.claim(claim_id))
        target = g.value(ann, OA.hasTarget)
        assert g.value(target, OA.hasSource) == URIRef(texts[doc_id].meta.url)
        quote = next(
            s for s in g.objects(target, OA.hasSelector) if (s, RDF.type, OA.TextQuoteSelector) in g
        )
        pos = next(
            s
            for s in g.objects(target, OA.hasSelector)
            if (s, RDF.type, OA.TextPositionSelector) in g
        )
        start, end = g.value(pos, OA.start), g.value(pos, OA.end)
        assert start.datatype == NNI
        text = texts[doc_id].text
        s, e = int(start), int(end)
        assert str(g.value(quote, OA.exact)) == text[s:e]
        assert text[:s].endswith(str(g.value(quote, OA.prefix)))
        assert text[e:].startswith(str(g.value(quote, OA.suffix)))
        values = {str(v) for b in g.objects(ann, OA.hasBody) for v in g.objects(b, RDF.value)}
        assert any(f"status: {STATUS[claim_id]}" in v for v in values)
    brand = URIRef(iris.claim("cl-brand"))
    linked = {g.value(b, OA.hasSource) for b in g.objects(brand, OA.hasBody)}
    assert URIRef(iris.claim("cl-lagging")) in linked  # attacked by
    assert URIRef(iris.claim("cl-commoditise")) in linked  # supported by
    assert (brand, OA.motivatedBy, OA.classifying) in g
    page = g.value(None, RDF.type, AS.OrderedCollectionPage)
    assert page is not None
    total = g.value(g.value(None, AS.first, page), AS.totalItems)
    assert total == Literal(len(CLAIMS), datatype=NNI)


def test_answer_citation_annotations_skip_unverified_quotes(iris) -> None:  # type: ignore[no-untyped-def]
    docs = documents()
    doc = docs["distribution"]
    good = Citation(
        1,
        doc.doc_id,
        doc.meta.title,
        doc.meta.authors,
        None,
        doc.meta.url,
        "c0",
        0,
        12,
        doc.text[0:12],
    )
    bad = Citation(
        2,
        doc.doc_id,
        doc.meta.title,
        doc.meta.authors,
        None,
        doc.meta.url,
        "c0",
        0,
        12,
        "Not the text",
    )
    answer = Answer(question="Who wins?", answer="[1][2]", grounded=True, citations=[good, bad])
    items = answer_annotations(answer, docs, iris)
    assert len(items) == 1
    g = _expand(annotation_collection(items, "answer"))
    quote = g.value(None, RDF.type, OA.TextQuoteSelector)
    assert str(g.value(quote, OA.exact)) == "Distribution"


def test_trig_keeps_named_graphs_and_turtle_merges(argument_store, iris) -> None:  # type: ignore[no-untyped-def]
    trig = export(argument_store, iris, "trig").text
    quads = list(ox.parse(trig.encode(), format=ox.RdfFormat.TRIG))
    assert {q.graph_name.value for q in quads} == set(argument_store.named_graphs())
    assert len(quads) == len(argument_store.raw)
    jsonld = export(argument_store, iris, "jsonld").text
    back = list(ox.parse(jsonld.encode(), format=ox.RdfFormat.JSON_LD))
    assert set(back) == set(quads)
    turtle = export(argument_store, iris, "turtle").text
    triples = {q.triple for q in ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE)}
    assert triples == {q.triple for q in quads}
    one = export(argument_store, iris, "trig", doc_id="distribution").text
    graphs = {q.graph_name.value for q in ox.parse(one.encode(), format=ox.RdfFormat.TRIG)}
    assert graphs == {iris.doc_graph("distribution")}
