"""Reading claims and their links back from the graph (the contract between the argument
graph that ingest writes and everything that reads it: CLI, answers, challenges, exports).

RDF pattern (see docs/vocabulary.md):
  <claim> a aif:I-node, schema:Claim ; dcterms:identifier "cl-…" ; aif:claimText "…" ;
          schema:appearance <doc> ; prov:wasQuotedFrom <NIF span> ; cp:isThesis bool ;
          nif:confidence decimal ; prov:wasGeneratedBy <run> (→ prov:wasAssociatedWith <agent>).
  <link>  a aif:CA-node (attack) | aif:RA-node (support) ; aif:Premise <a> ; aif:Conclusion <b>.
  Claim status lives in its essay's status graph (<links>/status/<doc>, kg/extract/link_status.py):
  <claim> cp:status "standing|defeated|undecided",
  and, for a claim some link reaches, its gradual strength: <claim> cp:hasStrength <s> .
  <s> a cp:Strength ; rdf:value decimal ; cp:baseScore decimal ; cp:semantics "DF-QuAD" ;
  prov:wasGeneratedBy <run> (kg/strength.py). A claim no link reaches keeps its base score
  (nif:confidence) as strength, which is what DF-QuAD gives it: no node is written for it (six
  triples for each of most claims), and `load_claims` reads it as that base score.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from counterpoint.corpus.ids import slugify
from counterpoint.kg.base import GraphStore
from counterpoint.kg.half_written import skip_half_written
from counterpoint.kg.namespaces import Iris, sparql_prefixes


@dataclass
class ClaimRecord:
    id: str
    doc_id: str
    text: str
    start: int
    end: int
    is_thesis: bool
    confidence: float
    provenance: str
    status: str = "undecided"
    attacks: list[str] = field(default_factory=list)
    supports: list[str] = field(default_factory=list)
    strength: float | None = None  # DF-QuAD strength in [0, 1]; None before links are built
    link_confidence: dict[str, float] = field(default_factory=dict)  # target id -> confidence

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "is_thesis": self.is_thesis,
            "status": self.status,
            "attacks": sorted(self.attacks),
            "supports": sorted(self.supports),
            "confidence": self.confidence,
            "strength": self.strength,
            "provenance": self.provenance,
        }


# Status and strength are read apart and joined here, and the rows sorted here too: inside
# this query (two OPTIONALs over other graphs and an ORDER BY) they doubled its cost, which grew
# faster than the number of claims (6.8 s of CPU for the 31k claims of a 10 MB essay, 3.5 s apart).
_CLAIMS = """
SELECT ?c ?id ?doc_id ?text ?b ?e ?thesis ?conf ?run WHERE {
  GRAPH ?g {
    ?c a aif:I-node ; dcterms:identifier ?id ; aif:claimText ?text ; schema:appearance ?doc ;
       prov:wasQuotedFrom ?span ; nif:confidence ?conf .
    ?doc dcterms:identifier ?doc_id .
    ?span nif:beginIndex ?b ; nif:endIndex ?e .
    OPTIONAL { ?c cp:isThesis ?thesis }
    OPTIONAL { ?c prov:wasGeneratedBy ?run }
    %FILTER%
  }
}
"""

# Claim status and strength, in whichever graph holds them (the essay's status graph);
# %SCOPE% narrows them to one document's claims when only those are read.
_STATUS = "SELECT ?lg ?c ?status WHERE { %SCOPE% GRAPH ?lg { ?c cp:status ?status } }"
_STRENGTH = """SELECT ?lg ?c ?strength WHERE { %SCOPE% GRAPH ?lg {
  ?c cp:hasStrength ?sn . ?sn <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> ?strength
} }"""
_SCOPE = "GRAPH ?dg { ?c schema:appearance ?doc . ?doc dcterms:identifier %ID% }"

# Above this many documents to read, `load_essay_claims` reads every claim in one pass
# (2.5 s at 33k claims) rather than one query per document's graph (~10 ms each).
MAX_BOUND_GRAPHS = 64

# The agents of extraction runs, read apart from the claims: joined inside the claims query
# (an OPTIONAL over every prov:wasGeneratedBy, mentions' included) it doubled that query's cost.
_RUNS = """
SELECT ?run ?agent ?version WHERE { GRAPH ?g {
  ?run prov:wasAssociatedWith ?ag . ?ag schema:name ?agent ; schema:softwareVersion ?version
} }
"""

_LINKS = """
SELECT ?kind ?premise ?conclusion ?lconf WHERE {
  VALUES ?kind { aif:CA-node aif:RA-node }
  GRAPH ?g { ?l a ?kind ; aif:Premise ?p ; aif:Conclusion ?c .
             OPTIONAL { ?l nif:confidence ?lconf } }
  GRAPH ?g1 { ?p dcterms:identifier ?premise }
  GRAPH ?g2 { ?c a aif:I-node ; dcterms:identifier ?conclusion }
}
"""


# The links inside one essay (premise and conclusion in the essay's own graph), in every
# graph or, with ?g replaced by an IRI, in that one.
_LINKS_IN = """
SELECT ?kind ?premise ?conclusion ?lconf WHERE {
  VALUES ?kind { aif:CA-node aif:RA-node }
  GRAPH ?g { ?l a ?kind ; aif:Premise ?p ; aif:Conclusion ?c .
             OPTIONAL { ?l nif:confidence ?lconf }
             ?p dcterms:identifier ?premise . ?c a aif:I-node ; dcterms:identifier ?conclusion }
}
"""

# Status and strength of the claims in one essay's status graph (%GRAPH%: its IRI, or ?lg
# for every graph).
_STATUS_IN = """
SELECT * WHERE {
  GRAPH %GRAPH% {
    { ?c cp:status ?status }
    UNION
    { ?c cp:hasStrength ?sn . ?sn <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> ?strength }
  }
}
"""


def _strength(row: dict[str, Any]) -> float | None:
    return stored_strength(row.get("status"), row.get("strength"), float(row["conf"]))


def stored_strength(status: str | None, value: float | None, confidence: float) -> float | None:
    """A claim's strength as stored: its strength node's value; for a claim with a status
    but no strength node (no link reaches it, so DF-QuAD leaves it at its base score, and
    link_status writes no node for it), its base score as DF-QuAD gives it; None while the
    links are not built."""
    if value is not None:
        return float(value)
    if status is None:
        return None
    return round(min(max(confidence, 0.0), 1.0), 4)


def load_claims(
    store: GraphStore, doc_id: str | None = None, thesis_only: bool = False
) -> list[ClaimRecord]:
    filters = []
    if doc_id:
        filters.append(f'FILTER(?doc_id = "{slugify(doc_id)}")')
    if thesis_only:
        filters.append("FILTER(BOUND(?thesis) && ?thesis)")
    filters.append(skip_half_written(store))
    iri: dict[str, str] = {}
    claims = _base_records(store, "\n".join(filters), iri=iri)
    scope = _SCOPE.replace("%ID%", f'"{slugify(doc_id)}"') if doc_id else ""
    _add_links_and_status(store, claims, iri.__getitem__, scope)
    return list(claims.values())


def load_essay_claims(
    store: GraphStore,
    graphs: Mapping[str, str],
    known: Mapping[str, Sequence[ClaimRecord]],
) -> list[ClaimRecord]:
    """The claims of the documents in `graphs` ({doc id: its named graph}) with the links
    inside their own essay (attacks, supports, link confidences), as `load_claims` reads
    them and in its order, without status or strength (`read_status`). For a document in
    `known` its records are taken over as they are: the caller vouches that they were read
    from this same document version (link_essays keeps them per version), so only the other
    documents are read, by queries bound to their graphs. Why: reading every claim back took
    2.5 s of a 4 s add-one-essay at 33k claims."""
    wanted = [d for d in graphs if d not in known]
    claims: dict[str, ClaimRecord] = {}
    for d in graphs:
        for r in known.get(d, ()):
            claims[r.id] = r
    read: dict[str, ClaimRecord] = {}
    links: list[dict[str, Any]] = []
    if len(wanted) > MAX_BOUND_GRAPHS:  # most are missing: one pass, filtered here
        keep = set(wanted)
        read = _base_records(store, skip_half_written(store))
        read = {k: r for k, r in read.items() if r.doc_id in keep}
        links = store.select(sparql_prefixes() + _LINKS_IN)
    else:
        # one query per graph, named in it: Oxigraph does not narrow `GRAPH ?g` by a VALUES
        # binding (1.7 s for one essay's claims at 33k claims, 8 ms with the IRI written in)
        for d in wanted:
            read.update(_base_records(store, "", graphs[d]))
            links += store.select(sparql_prefixes() + _LINKS_IN.replace("?g", f"<{graphs[d]}>"))
    if read:
        _add_links(read, links)
        claims.update(read)
    return sorted(claims.values(), key=lambda r: (r.doc_id, r.start, r.end))


def read_status(
    store: GraphStore, iris: Iris, status_graphs: Collection[str]
) -> dict[str, tuple[str | None, float | None]]:
    """Claim id -> (status, strength node's value) as stored in these status graphs (one per
    essay, named by kg/extract/link_status.status_graph; None where missing; see `_strength`
    for what a reader makes of it)."""
    if not status_graphs:
        return {}
    prefix = iris.claim("")
    status: dict[str, str] = {}
    strength: dict[str, float] = {}
    graphs = set(status_graphs)
    if len(graphs) > MAX_BOUND_GRAPHS:
        # one pass over every status graph, filtered here, as two plain queries: the UNION
        # of `_STATUS_IN` over `GRAPH ?lg` took ~4x as long (10k essays: ~12 s against ~3 s)
        rows = []
        for query in (_STATUS, _STRENGTH):
            got = store.select(sparql_prefixes() + query.replace("%SCOPE%", ""))
            rows += [r for r in got if str(r["lg"]) in graphs]
    else:  # one query per graph, named in it (see load_essay_claims)
        rows = []
        for g in sorted(graphs):
            rows += store.select(sparql_prefixes() + _STATUS_IN.replace("%GRAPH%", f"<{g}>"))
    for r in rows:
        c = str(r["c"]).removeprefix(prefix)
        if r.get("status") is not None:
            status.setdefault(c, str(r["status"]))
        if r.get("strength") is not None:
            strength.setdefault(c, float(r["strength"]))
    return {c: (status.get(c), strength.get(c)) for c in status.keys() | strength.keys()}


def _add_links(claims: dict[str, ClaimRecord], rows: list[dict[str, Any]]) -> None:
    for r in rows:
        premise = claims.get(r["premise"])
        if premise is None:
            continue
        target = premise.attacks if r["kind"].endswith("CA-node") else premise.supports
        if r["conclusion"] not in target:
            target.append(r["conclusion"])
        if r.get("lconf") is not None:
            premise.link_confidence[r["conclusion"]] = float(r["lconf"])


def _base_records(
    store: GraphStore, filters: str, graph: str | None = None, iri: dict[str, str] | None = None
) -> dict[str, ClaimRecord]:
    """Claim id -> its record with the claim's own fields (no status, strength or links),
    in (document, start, end) order, from every graph or from `graph` alone; `iri` (when
    given) receives each claim's IRI."""
    named = "?g" if graph is None else f"<{graph}>"
    query = _CLAIMS.replace("%FILTER%", filters).replace("GRAPH ?g", f"GRAPH {named}")
    rows = store.select(sparql_prefixes() + query)
    rows.sort(key=lambda r: (r["doc_id"], r["b"], r["e"]))
    runs = _RUNS.replace("GRAPH ?g", f"GRAPH {named}")
    agents = {
        r["run"]: f"{r['agent']} {r['version']}" for r in store.select(sparql_prefixes() + runs)
    }
    claims: dict[str, ClaimRecord] = {}
    for r in rows:
        if r["id"] in claims:
            continue
        if iri is not None:
            iri[r["id"]] = r["c"]
        claims[r["id"]] = ClaimRecord(
            id=r["id"],
            doc_id=r["doc_id"],
            text=r["text"],
            start=r["b"],
            end=r["e"],
            is_thesis=bool(r.get("thesis")),
            confidence=float(r["conf"]),
            provenance=agents.get(r.get("run"), "unknown"),
        )
    return claims


def _add_links_and_status(
    store: GraphStore,
    claims: dict[str, ClaimRecord],
    iri_of: Callable[[str], str],
    scope: str = "",
) -> None:
    """Fill in status, strength (kg/extract/link_status.py writes them) and links in place;
    `iri_of` gives a claim's IRI from its id, `scope` narrows the status and strength
    queries to one document's claims."""
    if not claims:
        return
    status: dict[str, str] = {}
    for r in store.select(sparql_prefixes() + _STATUS.replace("%SCOPE%", scope)):
        status.setdefault(r["c"], r["status"])
    strength: dict[str, float] = {}
    for r in store.select(sparql_prefixes() + _STRENGTH.replace("%SCOPE%", scope)):
        strength.setdefault(r["c"], r["strength"])
    for c in claims.values():
        iri = iri_of(c.id)
        row: dict[str, Any] = {
            "status": status.get(iri),
            "strength": strength.get(iri),
            "conf": c.confidence,
        }
        c.status = row["status"] or "undecided"
        c.strength = _strength(row)
    _add_links(claims, store.select(sparql_prefixes() + _LINKS))


def count_claims(store: GraphStore, iris: Iris, doc_id: str) -> int:
    """How many claims the document's own named graph holds (for `ingest` and `docs` rows)."""
    graph = iris.doc_graph(doc_id)
    rows = store.select(
        sparql_prefixes()
        + f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?c a aif:I-node }} }}"
    )
    return int(rows[0]["n"]) if rows else 0
