"""SHACL validation of stored graphs against the shapes shipped with the package.

SHACL-SPARQL constraints (``sh:sparql``) are evaluated here in bulk, one query per
constraint over the whole data graph, instead of by pyshacl once per focus node: rdflib
re-parses the query text for every focus node (about 0.1 s each with pyparsing), which made
one essay's graph take 15-20 s to validate. The result is the same set of violations: the
constraint's SELECT runs with ``$this`` unbound and its rows are kept only for the shape's
focus nodes. Everything else (node and property shapes) still goes through pyshacl.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from rdflib import RDF, Graph, Namespace
from rdflib.term import Node

from counterpoint.kg.base import GraphStore

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class SparqlConstraint:
    """One ``sh:sparql`` constraint lifted out of its shape, ready to run once."""

    shape: Node
    message: str
    query: str


def shapes_graph() -> Graph:
    text = resources.files("counterpoint.kg").joinpath("shapes.ttl").read_text("utf-8")
    return Graph().parse(data=text, format="turtle")


def graph_of(store: GraphStore, graph_iri: str) -> Graph:
    nt = store.construct_ntriples(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
    )
    return Graph().parse(data=nt, format="nt")


def _prefix_block(shapes: Graph, constraint: Node) -> str:
    """The ``PREFIX`` lines declared through ``sh:prefixes`` (SHACL 5.2.1)."""
    lines = []
    for owner in shapes.objects(constraint, SH.prefixes):
        for decl in shapes.objects(owner, SH.declare):
            prefix = shapes.value(decl, SH.prefix)
            namespace = shapes.value(decl, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(lines)


def _remove_node(shapes: Graph, node: Node) -> None:
    """Drop a blank node's description (its nested lists are small; one level suffices)."""
    for _, _, obj in list(shapes.triples((node, None, None))):
        shapes.remove((node, None, obj))


def lift_sparql_constraints(shapes: Graph) -> list[SparqlConstraint]:
    """Remove every ``sh:sparql`` constraint from ``shapes`` and return them for bulk runs."""
    lifted = []
    for shape, _, constraint in list(shapes.triples((None, SH.sparql, None))):
        select = shapes.value(constraint, SH.select)
        if select is None:
            continue
        message = str(shapes.value(constraint, SH.message) or "SPARQL constraint violated")
        query = f"{_prefix_block(shapes, constraint)}\n{select}"
        lifted.append(SparqlConstraint(shape, message, query))
        shapes.remove((shape, SH.sparql, constraint))
        _remove_node(shapes, constraint)
    return lifted


def focus_nodes(shapes: Graph, shape: Node, data: Graph) -> set[Node]:
    """The shape's focus nodes in ``data`` for the target kinds our shapes use."""
    nodes: set[Node] = set()
    for cls in shapes.objects(shape, SH.targetClass):
        nodes.update(data.subjects(RDF.type, cls))
    for pred in shapes.objects(shape, SH.targetSubjectsOf):
        nodes.update(data.subjects(pred, None))
    for pred in shapes.objects(shape, SH.targetObjectsOf):
        nodes.update(o for o in data.objects(None, pred))
    nodes.update(shapes.objects(shape, SH.targetNode))
    return nodes


def _sparql_violations(shapes: Graph, lifted: list[SparqlConstraint], data: Graph) -> list[str]:
    lines = []
    for constraint in lifted:
        focus = focus_nodes(shapes, constraint.shape, data)
        for row in data.query(constraint.query):
            this = row["this"]  # type: ignore[index, call-overload]
            if this in focus:
                lines.append(f"Constraint Violation in SPARQLConstraint: {constraint.message}")
                lines.append(f"\tFocus Node: {this}")
    return lines


def validate(data: Graph) -> tuple[bool, str]:
    """(conforms, report text). Imports pyshacl lazily: only validation needs it."""
    from pyshacl import validate as shacl_validate

    shapes = shapes_graph()
    lifted = lift_sparql_constraints(shapes)
    conforms, _, report = shacl_validate(data, shacl_graph=shapes, advanced=True)
    extra = _sparql_violations(shapes, lifted, data)
    if extra:
        # pyshacl's header says "Conforms: True" when only a lifted constraint failed.
        text = str(report).replace("Conforms: True", "Conforms: False", 1)
        return False, "\n".join([text, *extra])
    return bool(conforms), str(report)
