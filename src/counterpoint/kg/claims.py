"""Reading claims and their links back from the graph (the contract between the argument
graph that ingest writes and everything that reads it: CLI, answers, challenges, exports).

RDF pattern (see docs/vocabulary.md):
  <claim> a aif:I-node, schema:Claim ; dcterms:identifier "cl-…" ; aif:claimText "…" ;
          schema:appearance <doc> ; prov:wasQuotedFrom <NIF span> ; cp:isThesis bool ;
          nif:confidence decimal ; prov:wasGeneratedBy <run> (→ prov:wasAssociatedWith <agent>).
  <link>  a aif:CA-node (attack) | aif:RA-node (support) ; aif:Premise <a> ; aif:Conclusion <b>.
  Claim status lives in its essay's status graph (<links>/status/<doc>, kg/extract/link_update.py):
  <claim> cp:status "standing|defeated|undecided",
  and, for a claim some link reaches, its gradual strength: <claim> cp:hasStrength <s> .
  <s> a cp:Strength ; rdf:value decimal ; cp:baseScore decimal ; cp:semantics "DF-QuAD" ;
  prov:wasGeneratedBy <run> (kg/strength.py). A claim no link reaches keeps its base score
  (nif:confidence) as strength, which is what DF-QuAD gives it: no node is written for it (six
  triples for each of most claims), and `load_claims` reads it as that base score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from counterpoint.corpus.ids import slugify
from counterpoint.kg.base import GraphStore
from counterpoint.kg.documents import skip_half_written
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
_STATUS = "SELECT ?c ?status WHERE { %SCOPE% GRAPH ?lg { ?c cp:status ?status } }"
_STRENGTH = """SELECT ?c ?strength WHERE { %SCOPE% GRAPH ?sg {
  ?c cp:hasStrength ?sn . ?sn <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> ?strength
} }"""
_SCOPE = "GRAPH ?dg { ?c schema:appearance ?doc . ?doc dcterms:identifier %ID% }"

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


def _strength(row: dict[str, Any]) -> float | None:
    """The stored strength; for a claim with a status but no strength node (no link reaches
    it, so DF-QuAD leaves it at its base score, and link_update writes no node for it), its
    base score as DF-QuAD gives it; None while the links are not built."""
    if row.get("strength") is not None:
        return float(row["strength"])
    if row.get("status") is None:
        return None
    return round(min(max(float(row["conf"]), 0.0), 1.0), 4)


def load_claims(
    store: GraphStore, doc_id: str | None = None, thesis_only: bool = False
) -> list[ClaimRecord]:
    filters = []
    if doc_id:
        filters.append(f'FILTER(?doc_id = "{slugify(doc_id)}")')
    if thesis_only:
        filters.append("FILTER(BOUND(?thesis) && ?thesis)")
    filters.append(skip_half_written(store))
    rows = store.select(sparql_prefixes() + _CLAIMS.replace("%FILTER%", "\n".join(filters)))
    rows.sort(key=lambda r: (r["doc_id"], r["b"], r["e"]))
    agents = {
        r["run"]: f"{r['agent']} {r['version']}" for r in store.select(sparql_prefixes() + _RUNS)
    }
    scope = _SCOPE.replace("%ID%", f'"{slugify(doc_id)}"') if doc_id else ""
    status: dict[str, str] = {}
    for r in store.select(sparql_prefixes() + _STATUS.replace("%SCOPE%", scope)):
        status.setdefault(r["c"], r["status"])
    strength: dict[str, float] = {}
    for r in store.select(sparql_prefixes() + _STRENGTH.replace("%SCOPE%", scope)):
        strength.setdefault(r["c"], r["strength"])
    claims: dict[str, ClaimRecord] = {}
    for r in rows:
        if r["id"] in claims:
            continue
        r["status"], r["strength"] = status.get(r["c"]), strength.get(r["c"])
        prov = agents.get(r.get("run"), "unknown")
        claims[r["id"]] = ClaimRecord(
            id=r["id"],
            doc_id=r["doc_id"],
            text=r["text"],
            start=r["b"],
            end=r["e"],
            is_thesis=bool(r.get("thesis")),
            confidence=float(r["conf"]),
            provenance=prov,
            status=r.get("status") or "undecided",
            strength=_strength(r),
        )
    for r in store.select(sparql_prefixes() + _LINKS):
        premise = claims.get(r["premise"])
        if premise is None:
            continue
        target = premise.attacks if r["kind"].endswith("CA-node") else premise.supports
        if r["conclusion"] not in target:
            target.append(r["conclusion"])
        if r.get("lconf") is not None:
            premise.link_confidence[r["conclusion"]] = float(r["lconf"])
    return list(claims.values())


def count_claims(store: GraphStore, iris: Iris, doc_id: str) -> int:
    """How many claims the document's own named graph holds (for `ingest` and `docs` rows)."""
    graph = iris.doc_graph(doc_id)
    rows = store.select(
        sparql_prefixes()
        + f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?c a aif:I-node }} }}"
    )
    return int(rows[0]["n"]) if rows else 0
