"""Graph expansion: the argument graph knows which passages answer each other even when they
share no words. From the top hits we follow attack/support links to the chunks quoting the
linked claims, and entity mentions to chunks naming the same entities. Both come back as
rankings that fusion adds with a lower weight than the direct evidence.
"""

from __future__ import annotations

import bisect
from collections import Counter
from functools import cached_property

from rdflib import Literal

from counterpoint.corpus.models import Chunk
from counterpoint.kg.base import GraphStore
from counterpoint.kg.namespaces import sparql_prefixes

_LINKED = """
SELECT DISTINCT ?doc2 ?b2 ?e2 WHERE {
  VALUES (?doc_id ?cb ?ce) { %SEEDS% }
  GRAPH ?g { ?c a aif:I-node ; schema:appearance ?doc ; prov:wasQuotedFrom ?sp .
             ?doc dcterms:identifier ?doc_id . ?sp nif:beginIndex ?b ; nif:endIndex ?e . }
  FILTER(?b >= ?cb && ?e <= ?ce)
  VALUES ?kind { aif:CA-node aif:RA-node }
  { GRAPH ?lg { ?l a ?kind ; aif:Premise ?c ; aif:Conclusion ?c2 } }
  UNION
  { GRAPH ?lg { ?l a ?kind ; aif:Premise ?c2 ; aif:Conclusion ?c } }
  GRAPH ?g2 { ?c2 schema:appearance ?d2 ; prov:wasQuotedFrom ?sp2 .
              ?d2 dcterms:identifier ?doc2 . ?sp2 nif:beginIndex ?b2 ; nif:endIndex ?e2 . }
}
"""

_ENTITIES = """
SELECT ?ent ?doc2 ?b2 WHERE {
  { SELECT DISTINCT ?ent WHERE {
      VALUES (?doc_id ?cb ?ce) { %SEEDS% }
      GRAPH ?g { ?m itsrdf:taIdentRef ?ent ; nif:referenceContext ?ctx ; nif:beginIndex ?b .
                 ?ctx dcterms:isPartOf ?doc . ?doc dcterms:identifier ?doc_id . }
      FILTER(?b >= ?cb && ?b < ?ce)
  } }
  GRAPH ?g2 { ?m2 itsrdf:taIdentRef ?ent ; nif:referenceContext ?ctx2 ; nif:beginIndex ?b2 .
              ?ctx2 dcterms:isPartOf ?d2 . ?d2 dcterms:identifier ?doc2 . }
}
"""


class GraphExpander:
    """Maps claim and mention offsets back to the chunks that contain them."""

    def __init__(self, store: GraphStore, chunks: dict[str, Chunk]) -> None:
        self.store = store
        self.chunks = chunks
        self._by_doc: dict[str, list[Chunk]] = {}
        for c in chunks.values():
            self._by_doc.setdefault(c.doc_id, []).append(c)
        for lst in self._by_doc.values():
            lst.sort(key=lambda c: c.start)
        self._starts = {d: [c.start for c in lst] for d, lst in self._by_doc.items()}

    @cached_property
    def has_links(self) -> bool:
        """Asked once per corpus view: with no links the per-query SPARQL is skipped."""
        return self.store.ask(
            sparql_prefixes()
            + "ASK { VALUES ?k { aif:CA-node aif:RA-node } GRAPH ?g { ?l a ?k ; aif:Premise ?p } }"
        )

    @cached_property
    def has_mentions(self) -> bool:
        return self.store.ask(sparql_prefixes() + "ASK { GRAPH ?g { ?m itsrdf:taIdentRef ?e } }")

    def chunk_at(self, doc_id: str, offset: int) -> str | None:
        starts = self._starts.get(doc_id)
        if not starts:
            return None
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return None
        chunk = self._by_doc[doc_id][i]
        return chunk.chunk_id if chunk.start <= offset < chunk.end else None

    def _seeds(self, seeds: list[str]) -> str:
        rows = []
        for cid in seeds:
            c = self.chunks.get(cid)
            if c is not None:
                rows.append(f"({Literal(c.doc_id).n3()} {c.start} {c.end})")
        return " ".join(rows)

    def linked(self, seeds: list[str]) -> list[str]:
        """Chunks quoting claims that attack, support or are attacked/supported by a claim
        quoted in a seed chunk; seeds themselves are left out."""
        values = self._seeds(seeds)
        if not values or not self.has_links:
            return []
        rows = self.store.select(sparql_prefixes() + _LINKED.replace("%SEEDS%", values))
        out: list[str] = []
        for r in rows:
            cid = self.chunk_at(r["doc2"], int(r["b2"]))
            if cid and cid not in seeds and cid not in out:
                out.append(cid)
        return out

    def entities(self, seeds: list[str], limit: int = 20) -> list[str]:
        """Chunks sharing entities with the seeds, most shared entities first."""
        values = self._seeds(seeds)
        if not values or not self.has_mentions:
            return []
        rows = self.store.select(sparql_prefixes() + _ENTITIES.replace("%SEEDS%", values))
        shared: Counter[str] = Counter()
        seen: set[tuple[str, str]] = set()
        for r in rows:
            cid = self.chunk_at(r["doc2"], int(r["b2"]))
            if cid and cid not in seeds and (cid, r["ent"]) not in seen:
                seen.add((cid, r["ent"]))
                shared[cid] += 1
        return [cid for cid, _ in shared.most_common(limit)]
