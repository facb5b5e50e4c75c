"""The bulk SHACL-SPARQL evaluation in kg/validate.py must report exactly what pyshacl reports
when it runs the same constraint once per focus node (the slow path it replaces)."""

from __future__ import annotations

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH

from counterpoint.kg.namespaces import NIF
from counterpoint.kg.validate import lift_sparql_constraints, shapes_graph, validate

TEXT = "Brand moats matter. Models commoditise. Distribution wins."


def _spans(broken: set[int]) -> Graph:
    """A context and three sentence spans; the ones in ``broken`` carry a wrong anchor."""
    g = Graph()
    ctx = URIRef("https://example.org/doc#char=0,57")
    g.add((ctx, RDF.type, NIF.Context))
    g.add((ctx, NIF.isString, Literal(TEXT)))
    starts = [0, 20, 40]
    for n, start in enumerate(starts):
        end = TEXT.index(".", start) + 1
        span = URIRef(f"https://example.org/doc#char={start},{end}")
        g.add((span, NIF.referenceContext, ctx))
        g.add((span, NIF.beginIndex, Literal(start)))
        g.add((span, NIF.endIndex, Literal(end)))
        g.add((span, NIF.anchorOf, Literal("wrong" if n in broken else TEXT[start:end])))
    return g


def _focus_nodes_of(report_graph: Graph) -> set[str]:
    return {str(n) for n in report_graph.objects(None, SH.focusNode)}


def test_bulk_sparql_constraints_match_pyshacl_per_node() -> None:
    for broken in (set(), {1}, {0, 2}):
        data = _spans(broken)
        _, reference, _ = shacl_validate(data, shacl_graph=shapes_graph(), advanced=True)
        conforms, report = validate(data)
        expected = _focus_nodes_of(reference)  # type: ignore[arg-type]
        assert conforms == (not expected)
        assert {
            line.split("Focus Node: ")[1] for line in report.splitlines() if "Focus Node: " in line
        } >= expected
        assert len(expected) == len(broken)
        assert ("anchorOf != text[begin:end]" in report) == bool(broken)


def test_lifting_removes_the_constraint_from_the_shapes() -> None:
    shapes = shapes_graph()
    lifted = lift_sparql_constraints(shapes)
    assert lifted, "shapes.ttl declares the anchor constraint"
    assert not list(shapes.triples((None, SH.sparql, None)))
    assert all("PREFIX nif:" in c.query for c in lifted)
