"""A removal drops the document and rewrites the links graph in one transaction: a reader with
its own snapshot of the store (a SPARQL worker) never sees a cross-essay link to a document
that is gone (found by the concurrency suite's SPARQL probe)."""

from __future__ import annotations

from typing import Any

from counterpoint.service import Counterpoint
from helpers import SEED_ID

# Any graph of the links layout (`<links>` or one under it: a pair graph, a status graph):
# a CiTO roll-up naming a missing document, or a link or status naming a claim that no
# document graph holds any more.
DANGLING = """
PREFIX schema: <https://schema.org/>
PREFIX aif: <http://www.arg.dundee.ac.uk/aif#>
SELECT DISTINCT ?x WHERE {
  {
    GRAPH ?l { ?a ?rel ?b . FILTER(STRSTARTS(STR(?rel), "http://purl.org/spar/cito/")) }
    VALUES ?end { 1 2 } BIND(IF(?end = 1, ?a, ?b) AS ?x)
    FILTER NOT EXISTS { GRAPH ?h { ?x a schema:Article } }
  } UNION {
    GRAPH ?l { { ?n aif:Premise ?x } UNION { ?n aif:Conclusion ?x } UNION
               { ?x <https://w3id.org/counterpoint/ns#status> ?s } }
    FILTER NOT EXISTS { GRAPH ?h { ?x ?p ?o } FILTER(!STRSTARTS(STR(?h), "%LINKS%")) }
  }
  FILTER(STRSTARTS(STR(?l), "%LINKS%"))
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
        states.append(store.select(dangling))

    dangling = DANGLING.replace("%LINKS%", service.iris.links_graph())
    assert store.select(dangling) == [], "nothing dangles before the removal"
    in_links = store.select(
        "SELECT ?a WHERE { GRAPH ?g { ?a ?p <" + seed + "> "
        'FILTER(STRSTARTS(STR(?p), "http://purl.org/spar/cito/")) } '
        'FILTER(STRSTARTS(STR(?g), "' + service.iris.links_graph() + '")) }'
    )
    assert in_links, "the probe's graphs hold the roll-ups that cite the seed"
    store.replace_graphs = replace_and_look  # type: ignore[method-assign]
    service.remove([SEED_ID])
    assert states, "the removal wrote nothing"
    assert all(found == [] for found in states), states
