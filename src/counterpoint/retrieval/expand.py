"""Graph expansion: the argument graph knows which passages answer each other even when they
share no words. From the top hits we follow attack/support links to the chunks quoting the
linked claims, and entity mentions to chunks naming the same entities. Both come back as
rankings that fusion adds with a lower weight than the direct evidence.
"""

from __future__ import annotations

import bisect
from collections import Counter
from functools import cached_property

from counterpoint.corpus.models import Chunk
from counterpoint.kg.base import GraphStore
from counterpoint.kg.namespaces import sparql_prefixes

# Both queries run once per corpus view (the graph only changes at ingest and remove); each
# question is then a dictionary walk. Per-question SPARQL cost ~8 ms, 50x the raw searches.
_ALL_LINKS = """
SELECT DISTINCT ?doc1 ?b1 ?e1 ?doc2 ?b2 ?e2 WHERE {
  VALUES ?kind { aif:CA-node aif:RA-node }
  GRAPH ?lg { ?l a ?kind ; aif:Premise ?c1 ; aif:Conclusion ?c2 }
  GRAPH ?g1 { ?c1 schema:appearance ?d1 ; prov:wasQuotedFrom ?sp1 .
              ?d1 dcterms:identifier ?doc1 . ?sp1 nif:beginIndex ?b1 ; nif:endIndex ?e1 . }
  GRAPH ?g2 { ?c2 schema:appearance ?d2 ; prov:wasQuotedFrom ?sp2 .
              ?d2 dcterms:identifier ?doc2 . ?sp2 nif:beginIndex ?b2 ; nif:endIndex ?e2 . }
}
"""

_ALL_MENTIONS = """
SELECT DISTINCT ?ent ?doc ?b WHERE {
  GRAPH ?g { ?m itsrdf:taIdentRef ?ent ; nif:referenceContext ?ctx ; nif:beginIndex ?b .
             ?ctx dcterms:isPartOf ?d . ?d dcterms:identifier ?doc . }
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

    def chunk_at(self, doc_id: str, offset: int, end: int | None = None) -> str | None:
        """The chunk holding offset (and, when given, the whole span up to `end`)."""
        starts = self._starts.get(doc_id)
        if not starts:
            return None
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return None
        chunk = self._by_doc[doc_id][i]
        if not chunk.start <= offset < chunk.end:
            return None
        if end is not None and end > chunk.end:
            return None
        return chunk.chunk_id

    @cached_property
    def _neighbours(self) -> dict[str, list[str]]:
        """chunk -> chunks quoting a claim linked (either direction) to a claim it quotes."""
        out: dict[str, list[str]] = {}
        for r in self.store.select(sparql_prefixes() + _ALL_LINKS):
            a = self.chunk_at(r["doc1"], int(r["b1"]), int(r["e1"]))
            b = self.chunk_at(r["doc2"], int(r["b2"]), int(r["e2"]))
            if a and b and a != b:
                for x, y in ((a, b), (b, a)):
                    if y not in out.setdefault(x, []):
                        out[x].append(y)
        return {k: sorted(v) for k, v in out.items()}

    @cached_property
    def _mentions(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """(chunk -> entities it mentions, entity -> chunks mentioning it)."""
        by_chunk: dict[str, set[str]] = {}
        by_entity: dict[str, set[str]] = {}
        for r in self.store.select(sparql_prefixes() + _ALL_MENTIONS):
            cid = self.chunk_at(r["doc"], int(r["b"]))
            if cid:
                by_chunk.setdefault(cid, set()).add(r["ent"])
                by_entity.setdefault(r["ent"], set()).add(cid)
        return by_chunk, by_entity

    def linked(self, seeds: list[str]) -> list[str]:
        """Chunks quoting claims that attack, support or are attacked/supported by a claim
        quoted in a seed chunk; seeds themselves are left out."""
        out: list[str] = []
        for seed in seeds:
            for cid in self._neighbours.get(seed, []):
                if cid not in seeds and cid not in out:
                    out.append(cid)
        return out

    def entities(self, seeds: list[str], limit: int = 20) -> list[str]:
        """Chunks sharing entities with the seeds, most shared entities first."""
        by_chunk, by_entity = self._mentions
        wanted = set().union(*(by_chunk.get(s, set()) for s in seeds)) if seeds else set()
        shared: Counter[str] = Counter()
        for ent in sorted(wanted):
            for cid in sorted(by_entity[ent]):
                if cid not in seeds:
                    shared[cid] += 1
        return [cid for cid, _ in shared.most_common(limit)]
