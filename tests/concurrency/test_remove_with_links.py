"""A removal drops the document and rewrites the links graph in one transaction: a reader with
its own snapshot of the store (a SPARQL worker) never sees a cross-essay link to a document
that is gone (found by the concurrency suite's SPARQL probe)."""

from __future__ import annotations

from typing import Any

from counterpoint.service import Counterpoint
from helpers import SEED_ID

DANGLING = """
PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?x WHERE {
  GRAPH ?l { ?l a <https://w3id.org/counterpoint/ns#LinksGraph> . ?a ?rel ?b .
             FILTER(STRSTARTS(STR(?rel), "http://purl.org/spar/cito/")) }
  VALUES ?end { 1 2 } BIND(IF(?end = 1, ?a, ?b) AS ?x)
  FILTER NOT EXISTS { GRAPH ?h { ?x a schema:Article } }
}"""


def test_no_state_of_a_removal_has_a_link_to_a_missing_document(service: Counterpoint) -> None:
    store = service.store
    seed = service.iris.doc(SEED_ID)
    linked = store.select(
        "SELECT ?a WHERE { GRAPH ?g { ?a ?p <" + seed + "> "
        'FILTER(STRSTARTS(STR(?p), "http://purl.org/spar/cito/")) } }'
    )
    assert linked, "the seed essay should be cited by another essay's links"
    states: list[list[Any]] = []
    plain = store.replace_graphs

    def replace_and_look(graphs: dict[str, str]) -> None:
        plain(graphs)
        states.append(store.select(DANGLING))

    store.replace_graphs = replace_and_look  # type: ignore[method-assign]
    service.remove([SEED_ID])
    assert states, "the removal wrote nothing"
    assert all(found == [] for found in states), states
