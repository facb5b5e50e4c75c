"""Reading entity mentions back from the graph (the `entities` command's JSON shape)."""

from __future__ import annotations

from typing import Any

from counterpoint.corpus.ids import slugify
from counterpoint.kg.base import GraphStore
from counterpoint.kg.half_written import skip_half_written
from counterpoint.kg.namespaces import sparql_prefixes

_QUERY = """
SELECT DISTINCT ?slug ?label ?class ?wd ?doc_id ?b ?e ?anchor WHERE {
  GRAPH ?g {
    ?ent a cp:Entity ; dcterms:identifier ?slug ; rdfs:label ?label ; a ?class .
    FILTER(?class != cp:Entity)
    OPTIONAL { ?ent owl:sameAs ?wd }
    ?m itsrdf:taIdentRef ?ref ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?anchor ;
       nif:referenceContext ?ctx .
    FILTER(?ref = ?ent || ?ref = ?wd)
    ?ctx dcterms:isPartOf ?doc . ?doc dcterms:identifier ?doc_id .
    %FILTER%
  }
} ORDER BY ?label ?doc_id ?b
"""
_TYPES = {"Organization", "Person", "Product", "Protocol", "Concept", "Thing"}


def load_entities(store: GraphStore, doc_id: str | None = None) -> list[dict[str, Any]]:
    filt = f'FILTER(?doc_id = "{slugify(doc_id)}")' if doc_id else ""
    filt += skip_half_written(store)
    query = sparql_prefixes() + "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
    rows = store.select(query + _QUERY.replace("%FILTER%", filt))
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        kind = r["class"].rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        if kind not in _TYPES:
            continue
        ent = out.setdefault(
            r["slug"], {"id": r["slug"], "label": r["label"], "type": kind, "mentions": []}
        )
        if r.get("wd"):
            ent["wikidata"] = r["wd"].rsplit("/", 1)[-1]
        mention = {"doc_id": r["doc_id"], "start": r["b"], "end": r["e"], "text": r["anchor"]}
        if mention not in ent["mentions"]:
            ent["mentions"].append(mention)
    return sorted(out.values(), key=lambda e: (-len(e["mentions"]), e["label"]))


_PERSONS = """
SELECT DISTINCT ?label WHERE {
  GRAPH ?g { ?ent a cp:Entity , schema:Person ; rdfs:label ?label . %FILTER% }
}
"""


def person_names(store: GraphStore) -> list[str]:
    """The labels of the entities typed as persons, in label order: what answering needs of
    the entities (`load_entities` joins every mention to its entity, for the `entities`
    command: its first question at 10k essays spent over ten minutes in that join). An
    entity node is written only with its mentions, so each label here has some."""
    rows = store.select(sparql_prefixes() + _PERSONS.replace("%FILTER%", skip_half_written(store)))
    return sorted({str(r["label"]) for r in rows})
