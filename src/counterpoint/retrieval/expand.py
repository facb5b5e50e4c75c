"""Graph expansion: the argument graph knows which passages answer each other even when they
share no words. From the top hits we follow attack/support links to the chunks quoting the
linked claims, and entity mentions to chunks naming the same entities. Both come back as
rankings that fusion adds with a lower weight than the direct evidence.

The links and mentions are read once per corpus view (on first use) into in-memory maps: a
per-question SPARQL join cost ~0.35 s of a ~0.5 s warm answer, while a lookup in the maps
costs microseconds. Each document's quoted passages and mentions (`DocFacts`) are a function
of its version, so a service keeps them per version (service/view_cache.py): at 10k essays
reading them from every graph took ~60 s of the first question; the links themselves are
always read (one SELECT, ~2 s at 34k links). The view (and with it
this expander) is rebuilt after every change to documents or the links graph, so the maps
never outlive the graph they were read from. Recorded challenges add attack nodes at run
time, but a challenge node quotes no passage, so it never led to a chunk anyway.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from counterpoint.corpus.models import Chunk
from counterpoint.kg.base import GraphStore
from counterpoint.kg.namespaces import sparql_prefixes

# Every passage a node quotes; `inode` says whether the node is typed an I-node in the graph
# that quotes it (only such claims are followed *from* a seed, as before).
_SPANS = """
SELECT ?c ?doc_id ?b ?e ?inode WHERE {
  GRAPH ?g { ?c schema:appearance ?doc ; prov:wasQuotedFrom ?sp .
             ?doc dcterms:identifier ?doc_id . ?sp nif:beginIndex ?b ; nif:endIndex ?e .
             BIND(EXISTS { ?c a aif:I-node } AS ?inode) }
}
"""

_LINKS = """
SELECT DISTINCT ?p ?c WHERE {
  VALUES ?kind { aif:CA-node aif:RA-node }
  GRAPH ?lg { ?l a ?kind ; aif:Premise ?p ; aif:Conclusion ?c }
}
"""

_MENTIONS = """
SELECT ?ent ?doc_id ?b WHERE {
  GRAPH ?g { ?m itsrdf:taIdentRef ?ent ; nif:referenceContext ?ctx ; nif:beginIndex ?b .
             ?ctx dcterms:isPartOf ?doc . ?doc dcterms:identifier ?doc_id . }
}
"""


@dataclass
class _Spans:
    """Sorted (begin, end, item) triples of one document, searchable by begin offset."""

    rows: list[tuple[int, int, str]] = field(default_factory=list)
    begins: list[int] = field(default_factory=list)

    def freeze(self) -> None:
        self.rows.sort()
        self.begins = [b for b, _, _ in self.rows]

    def within(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Rows whose begin lies in [start, end)."""
        lo = bisect.bisect_left(self.begins, start)
        hi = bisect.bisect_left(self.begins, end)
        return self.rows[lo:hi]


@dataclass
class DocFacts:
    """What expansion reads from one document's graph: the passages its nodes quote
    (node, begin, end, whether the node is an I-node) and its entity mentions (entity,
    begin). A function of the document version, so a service may keep it per version
    (service/view_cache.py) instead of reading every graph again."""

    quoted: list[tuple[str, int, int, bool]] = field(default_factory=list)
    mentions: list[tuple[str, int]] = field(default_factory=list)


def read_facts(store: GraphStore, graph: str | None = None) -> dict[str, DocFacts]:
    """doc id -> its facts, from every graph (None: two whole-graph SELECTs) or from the one
    named (the IRI written into the queries: Oxigraph does not narrow `GRAPH ?g` by a
    binding)."""
    prefixes = sparql_prefixes()
    named = "GRAPH ?g" if graph is None else f"GRAPH <{graph}>"
    facts: dict[str, DocFacts] = {}
    for r in store.select(prefixes + _SPANS.replace("GRAPH ?g", named)):
        inode = r.get("inode") in (True, "true", 1)
        facts.setdefault(str(r["doc_id"]), DocFacts()).quoted.append(
            (str(r["c"]), int(r["b"]), int(r["e"]), inode)
        )
    for r in store.select(prefixes + _MENTIONS.replace("GRAPH ?g", named)):
        facts.setdefault(str(r["doc_id"]), DocFacts()).mentions.append((str(r["ent"]), int(r["b"])))
    return facts


@dataclass
class LinkMap:
    """What expansion needs from the graph, read once: claim passages, links, mentions."""

    claims: dict[str, _Spans]  # doc_id → I-node claim spans (item: node)
    quotes: dict[str, list[tuple[str, int]]]  # node → [(doc_id, begin)] of every passage
    neighbours: dict[str, list[str]]  # node → nodes it is linked to, either direction
    mentions: dict[str, _Spans]  # doc_id → mention begins (item: entity)
    mentioned_at: dict[str, list[tuple[str, int]]]  # entity → [(doc_id, begin)]

    @classmethod
    def read(cls, store: GraphStore) -> LinkMap:
        """Everything from the graph (three whole-graph SELECTs)."""
        return cls.build(store, read_facts(store))

    @classmethod
    def build(cls, store: GraphStore, facts: Mapping[str, DocFacts]) -> LinkMap:
        """From each document's facts (however they were read) and the links, which are
        always read from the graph: cross-essay links change without a new version of
        either essay."""
        claims: dict[str, _Spans] = {}
        quotes: dict[str, list[tuple[str, int]]] = {}
        mentions: dict[str, _Spans] = {}
        mentioned_at: dict[str, list[tuple[str, int]]] = {}
        for doc_id, f in facts.items():
            for node, b, e, inode in f.quoted:
                quotes.setdefault(node, []).append((doc_id, b))
                if inode:
                    claims.setdefault(doc_id, _Spans()).rows.append((b, e, node))
            for ent, b in f.mentions:
                mentions.setdefault(doc_id, _Spans()).rows.append((b, b, ent))
                mentioned_at.setdefault(ent, []).append((doc_id, b))
        neighbours: dict[str, list[str]] = {}
        for r in store.select(sparql_prefixes() + _LINKS):
            p, c = str(r["p"]), str(r["c"])
            neighbours.setdefault(p, []).append(c)
            neighbours.setdefault(c, []).append(p)
        for spans in (*claims.values(), *mentions.values()):
            spans.freeze()
        for places in (*quotes.values(), *mentioned_at.values()):
            places.sort()
        return cls(claims, quotes, neighbours, mentions, mentioned_at)


class GraphExpander:
    """Maps claim and mention offsets back to the chunks that contain them."""

    def __init__(
        self,
        store: GraphStore,
        chunks: dict[str, Chunk],
        read_maps: Callable[[], LinkMap] | None = None,
    ) -> None:
        """`read_maps`: how the maps are read on first use (a service passes one that keeps
        each document's facts per version); by default everything from the graph."""
        self.store = store
        self.chunks = chunks
        self._read_maps = read_maps
        self._by_doc: dict[str, list[Chunk]] = {}
        for c in chunks.values():
            self._by_doc.setdefault(c.doc_id, []).append(c)
        for lst in self._by_doc.values():
            lst.sort(key=lambda c: c.start)
        self._starts = {d: [c.start for c in lst] for d, lst in self._by_doc.items()}
        # every chunk in corpus order (document, then offset): a chunk's place in it orders
        # ties as its first mention's (document, offset) would (chunks do not overlap)
        self._order = [c.chunk_id for d in sorted(self._by_doc) for c in self._by_doc[d]]
        self._place = {cid: i for i, cid in enumerate(self._order)}
        self._entity_chunks: dict[str, np.ndarray] = {}

    @cached_property
    def maps(self) -> LinkMap:
        """Read on first expansion, not when the view is built: commands that never search
        never pay for it."""
        if self._read_maps is not None:
            return self._read_maps()
        return LinkMap.read(self.store)

    def chunk_at(self, doc_id: str, offset: int) -> str | None:
        starts = self._starts.get(doc_id)
        if not starts:
            return None
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return None
        chunk = self._by_doc[doc_id][i]
        return chunk.chunk_id if chunk.start <= offset < chunk.end else None

    def linked(self, seeds: list[str]) -> list[str]:
        """Chunks quoting claims that attack, support or are attacked/supported by a claim
        quoted (wholly) in a seed chunk; seeds themselves are left out. Order: by seed, then
        by the linked passage's place in the corpus."""
        maps = self.maps
        out: list[str] = []
        for cid in seeds:
            chunk = self.chunks.get(cid)
            spans = maps.claims.get(chunk.doc_id) if chunk is not None else None
            if chunk is None or spans is None:
                continue
            places: set[tuple[str, int]] = set()
            for _, end, node in spans.within(chunk.start, chunk.end + 1):
                if end > chunk.end:
                    continue
                for other in maps.neighbours.get(node, []):
                    places.update(maps.quotes.get(other, []))
            for doc_id, begin in sorted(places):
                found = self.chunk_at(doc_id, begin)
                if found and found not in seeds and found not in out:
                    out.append(found)
        return out

    def entities(self, seeds: list[str], limit: int = 20) -> list[str]:
        """Chunks sharing entities with the seeds, most shared entities first (ties in
        corpus order). Each entity's chunks are found once per view (`_chunks_of_entity`)
        and counted together in one array: walking every mention of the seeds' entities per
        question took 0.5 s at 10k essays (a common entity is mentioned ~10k times)."""
        maps = self.maps
        ents: set[str] = set()
        for cid in seeds:
            chunk = self.chunks.get(cid)
            spans = maps.mentions.get(chunk.doc_id) if chunk is not None else None
            if chunk is not None and spans is not None:
                ents.update(ent for _, _, ent in spans.within(chunk.start, chunk.end))
        if not ents:
            return []
        hits = [self._chunks_of_entity(ent) for ent in sorted(ents)]
        shared = np.bincount(np.concatenate(hits), minlength=len(self._order))
        for cid in seeds:
            if cid in self._place:
                shared[self._place[cid]] = 0
        found = np.flatnonzero(shared)
        ranked = found[np.lexsort((found, -shared[found]))][:limit]
        return [self._order[i] for i in ranked]

    def _chunks_of_entity(self, ent: str) -> np.ndarray:
        """The places (in `_order`) of the chunks mentioning this entity, each once."""
        got = self._entity_chunks.get(ent)
        if got is None:
            places = {
                self._place[found]
                for doc_id, begin in self.maps.mentioned_at.get(ent, [])
                if (found := self.chunk_at(doc_id, begin)) is not None
            }
            got = self._entity_chunks[ent] = np.array(sorted(places), dtype=np.int64)
        return got
