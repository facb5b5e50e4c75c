"""SHACL validation of stored graphs against the shapes shipped with the package."""

from __future__ import annotations

from importlib import resources

from rdflib import Graph

from counterpoint.kg.base import GraphStore


def shapes_graph() -> Graph:
    text = resources.files("counterpoint.kg").joinpath("shapes.ttl").read_text("utf-8")
    return Graph().parse(data=text, format="turtle")


def graph_of(store: GraphStore, graph_iri: str) -> Graph:
    nt = store.construct_ntriples(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
    )
    return Graph().parse(data=nt, format="nt")


def validate(data: Graph) -> tuple[bool, str]:
    """(conforms, report text). Imports pyshacl lazily: only validation needs it."""
    from pyshacl import validate as shacl_validate

    conforms, _, report = shacl_validate(data, shacl_graph=shapes_graph(), advanced=True)
    return bool(conforms), str(report)
