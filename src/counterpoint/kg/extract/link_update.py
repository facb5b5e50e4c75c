"""The links graphs, brought up to date per change instead of rebuilt for the corpus.

Cross-essay links are a function of their two essays alone (kg/extract/responses.py), so they
live in one named graph per ordered pair of essays that has any (`<links>/pair/<a>/<b>`, with
the pair's CiTO roll-up and the run that made them): adding, updating or removing an essay
rewrites the pairs it is part of, and every other pair keeps its graph untouched. Claim status
(grounded semantics) and gradual strength (DF-QuAD) are recomputed from the stored claims and
links (no embedding, no search), and written only for the essays whose values changed, one
named graph per essay (`<links>/status/<d>`). `<links>` itself only says which layout the
workspace uses; a workspace written before (links in `<links>`) is rebuilt whole once.

The sentence before each claim (its context, for claims that lean on it) needs the essay's
sentence spans; contexts are kept per essay version in a small JSON file beside the vectors,
so a change reads spans only for the changed essays.
"""

from __future__ import annotations

import json
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, Literal, URIRef

from counterpoint.config import ExtractSettings
from counterpoint.corpus.models import Document
from counterpoint.crashpoints import crash_point
from counterpoint.kg import strength as strength_mod
from counterpoint.kg.argument import essay_stance, grounded_status
from counterpoint.kg.base import GraphStore
from counterpoint.kg.claims import ClaimRecord, load_essay_claims, read_status, stored_strength
from counterpoint.kg.documents import load_documents, load_text
from counterpoint.kg.extract import links
from counterpoint.kg.extract.llm_links import LinkJudge
from counterpoint.kg.extract.pipeline import STRENGTH_AGENT, _add_judged_links, sentence_contexts
from counterpoint.kg.extract.rdf import add_run, add_strengths
from counterpoint.kg.extract.responses import EssayInfo, Naming
from counterpoint.kg.extract.text import body_sentences
from counterpoint.kg.namespaces import CITO, CP, Iris, sparql_prefixes
from counterpoint.kg.ntriples import NTriplesGraph
from counterpoint.retrieval.base import Embed

_DEFAULTS = ExtractSettings()
CONTEXTS_FILE = "link-contexts.json"
PAIRS_KEPT_UP_TO = 64  # changed essays up to which LinkUpdate.essay_pairs is collected


def pair_graph(iris: Iris, a: str, b: str) -> str:
    """Named graph of the links from essay `a`'s claims to essay `b`'s."""
    return f"{iris.links_graph()}/pair/{a}/{b}"


def status_graph(iris: Iris, doc_id: str) -> str:
    """Named graph of the status and strength of one essay's claims."""
    return f"{iris.links_graph()}/status/{doc_id}"


@dataclass
class LinkUpdate:
    """What one update did: essay pairs evaluated, graphs written and dropped, seconds by step."""

    essays: int = 0
    changed: int = 0
    pairs_written: int = 0
    graphs_dropped: int = 0
    status_graphs_written: int = 0
    cross_links: int = 0
    claim_pairs_compared: int = 0  # claim (or context) x claim comparisons made
    queries: int = 0
    # ordered essay pairs compared (collected for updates of up to PAIRS_KEPT_UP_TO essays)
    essay_pairs: set[tuple[str, str]] = field(default_factory=set)
    seconds: dict[str, float] = field(default_factory=dict)


class ContextCache:
    """What the links update reads of each essay version, kept between updates in one JSON
    file ({doc: {version, contexts, claims}}): the sentence before each claim, and the claims
    with the links inside the essay (`load_essay_claims`), all functions of the version alone.
    A cache: a missing, unreadable or malformed entry is read from the graph again."""

    def __init__(self, path: Path | None, data: dict[str, dict[str, object]] | None = None) -> None:
        """`data`, when given, is the file's content already parsed (doctor reads it first)."""
        self.path = path
        self.data: dict[str, dict[str, object]] = {} if data is None else data
        if data is None and path is not None and path.exists():
            try:
                loaded = json.loads(path.read_text("utf-8"))
                self.data = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                self.data = {}
        self.dirty = False

    def _entry(self, doc_id: str, version: str) -> dict[str, object] | None:
        entry = self.data.get(doc_id)
        if not isinstance(entry, dict) or entry.get("version") != version:
            return None
        return entry

    def get(self, doc_id: str, version: str) -> dict[str, str] | None:
        entry = self._entry(doc_id, version)
        contexts = entry.get("contexts") if entry is not None else None
        return contexts if isinstance(contexts, dict) else None

    def put(self, doc_id: str, version: str, contexts: dict[str, str]) -> None:
        entry = self._entry(doc_id, version) or {"version": version}
        self.data[doc_id] = {**entry, "contexts": contexts}
        self.dirty = True

    def claims(self, doc_id: str, version: str) -> list[ClaimRecord] | None:
        """The claims stored with this version of the essay, with the links inside it (no
        status or strength), or None when not cached."""
        entry = self._entry(doc_id, version)
        rows = entry.get("claims") if entry is not None else None
        if not isinstance(rows, list):
            return None
        try:
            return [
                ClaimRecord(
                    str(i),
                    doc_id,
                    str(t),
                    int(b),
                    int(e),
                    bool(th),
                    float(c),
                    str(p),
                    attacks=[str(x) for x in att],
                    supports=[str(x) for x in sup],
                    link_confidence={str(k): float(v) for k, v in conf.items()},
                )
                for i, t, b, e, th, c, p, att, sup, conf in rows
            ]
        except (TypeError, ValueError, AttributeError):
            return None

    def put_claims(self, doc_id: str, version: str, records: list[ClaimRecord]) -> None:
        entry = self._entry(doc_id, version) or {"version": version}
        rows = [
            [
                *(r.id, r.text, r.start, r.end, r.is_thesis, r.confidence, r.provenance),
                *(r.attacks, r.supports, r.link_confidence),
            ]
            for r in records
        ]
        if entry.get("claims") != rows:
            self.data[doc_id] = {**entry, "claims": rows}
            self.dirty = True

    def keep_only(self, doc_ids: Collection[str]) -> None:
        for gone in set(self.data) - set(doc_ids):
            del self.data[gone]
            self.dirty = True

    def save(self) -> None:
        if self.path is not None and self.dirty:
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.data, sort_keys=True), "utf-8")
            tmp.replace(self.path)
            self.dirty = False


def _contexts(doc: Document, records: list[ClaimRecord]) -> dict[str, str]:
    """Claim id -> the sentence before it in its paragraph ('' when none)."""
    return sentence_contexts(body_sentences(doc), ((r.id, r.start) for r in records))


_CROSS = """
SELECT ?g ?kind ?p ?c ?conf WHERE {
  VALUES ?kind { aif:CA-node aif:RA-node }
  GRAPH ?g { ?l a ?kind ; aif:Premise ?p ; aif:Conclusion ?c ; nif:confidence ?conf }
  FILTER(STRSTARTS(STR(?g), "%PREFIX%"))
}
"""


def settle(
    base: dict[str, float], edges: list[strength_mod.Edge], seeds: Collection[str] | None = None
) -> tuple[dict[str, str], dict[str, float]]:
    """Grounded status and DF-QuAD strength of the claims in `base`, computed on each
    connected part of the argument graph separately, for the parts holding a claim of
    `seeds` (every part when None); claims of other parts are left out of both results.

    Per part, because both values of a claim depend on its part alone: the DF-QuAD iteration
    stops when its whole input settles, so run over the corpus at once a claim's rounded
    strength could move when an unrelated essay arrives; and an update recomputes only the
    parts a change reaches (at 33k claims, every part took 1.2 s of a 5 s add-one-essay)."""
    parent = {c: c for c in base}

    def root(c: str) -> str:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    inside = [e for e in edges if e.premise in base and e.conclusion in base]
    for e in inside:
        parent[root(e.premise)] = root(e.conclusion)
    wanted = None if seeds is None else {root(c) for c in seeds if c in base}
    parts: dict[str, list[str]] = {}
    for c in base:
        r = root(c)
        if wanted is None or r in wanted:
            parts.setdefault(r, []).append(c)
    edges_of: dict[str, list[strength_mod.Edge]] = {}
    for e in inside:
        r = root(e.premise)
        if r in parts:
            edges_of.setdefault(r, []).append(e)
    status: dict[str, str] = {}
    strengths: dict[str, float] = {}
    for r, members in parts.items():
        if r not in edges_of:  # no link: strength is the base score, as df_quad gives it
            status.update(dict.fromkeys(members, "standing"))
            strengths.update({c: round(min(max(base[c], 0.0), 1.0), 4) for c in members})
            continue
        part_edges = edges_of[r]
        attacks = [(e.premise, e.conclusion) for e in part_edges if e.kind == "attack"]
        status.update(grounded_status(members, attacks))
        strengths.update(strength_mod.df_quad({c: base[c] for c in members}, part_edges))
    return status, strengths


def _stored_cross(store: GraphStore, iris: Iris) -> list[tuple[str, links.Link]]:
    """(pair graph, link) for every cross-essay link stored in a pair graph."""
    prefix = iris.claim("")
    rows = store.select(
        sparql_prefixes() + _CROSS.replace("%PREFIX%", pair_graph(iris, "", "")[:-1])
    )
    out = []
    for r in rows:
        kind = "attack" if str(r["kind"]).endswith("CA-node") else "support"
        p, c = str(r["p"]).removeprefix(prefix), str(r["c"]).removeprefix(prefix)
        out.append((str(r["g"]), links.Link(p, c, kind, float(r["conf"]))))
    return out


def _old_layout(store: GraphStore, iris: Iris) -> bool:
    """Anything but the layout marker in `<links>` itself (links, statuses and strengths of
    the whole corpus, as written before pair graphs): rebuild whole once."""
    return store.ask(
        f"ASK {{ GRAPH <{iris.links_graph()}> {{ ?s ?p ?o "
        "FILTER(?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>) } }"
    )


def update_links(
    store: GraphStore,
    iris: Iris,
    embed: Embed,
    judge: LinkJudge | None = None,
    cfg: ExtractSettings = _DEFAULTS,
    changed: Collection[str] | None = None,
    cache_dir: Path | None = None,
    fresh: Mapping[str, tuple[str, dict[str, str]]] | None = None,
) -> LinkUpdate:
    """Bring the links graphs up to date after the essays in `changed` were added, updated or
    removed (None: rebuild every pair), in one store transaction. With a judge, cross-essay
    polarity is asked of the LLM once per pair of essays, only for the pairs evaluated.
    `fresh`: claim contexts ingest just computed, {doc: (version, contexts)}."""
    graphs, stats = link_graphs(
        store, iris, embed, judge, cfg, changed, cache_dir, fresh=fresh or {}
    )
    crash_point("links:replace")
    clock = time.perf_counter()
    store.replace_graphs(graphs)
    stats.seconds["write"] = time.perf_counter() - clock
    return stats


def link_graphs(
    store: GraphStore,
    iris: Iris,
    embed: Embed,
    judge: LinkJudge | None = None,
    cfg: ExtractSettings = _DEFAULTS,
    changed: Collection[str] | None = None,
    cache_dir: Path | None = None,
    without: Collection[str] = (),
    fresh: Mapping[str, tuple[str, dict[str, str]]] | None = None,
) -> tuple[dict[str, str], LinkUpdate]:
    """The links graphs to replace (N-Triples by graph name, '' = drop) after the essays in
    `changed` were added, updated or removed, as if the stored documents in `without` were
    already gone: a removal puts these graphs and the removed documents' graphs in ONE
    transaction, so no reader ever sees a link, status or roll-up naming a removed document.
    `fresh` holds claim contexts ingest computed from the essays in memory ({doc: (version,
    contexts)}, see kg/extract/pipeline.enrich): used for a stored essay of that version, they
    spare reading its spans back and segmenting it again (seconds for a long essay)."""
    stats = LinkUpdate()
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        stats.seconds[step] = stats.seconds.get(step, 0.0) + now - clock
        clock = now

    gone = set(without)
    # without texts or chunk counts: an essay's text is read only when a pair needs it
    stored = {
        s.doc.doc_id: s for s in load_documents(store, with_text=False) if s.doc.doc_id not in gone
    }
    if changed is not None:
        changed = set(changed) | gone
    if changed is not None and _old_layout(store, iris):
        changed = None
    touched = set(stored) if changed is None else set(changed)
    present = touched & stored.keys()
    stats.essays, stats.changed = len(stored), len(present)
    cache = ContextCache(cache_dir / CONTEXTS_FILE if cache_dir is not None else None)
    cache.keep_only(stored)
    # the claims of an essay not changed now, of the version cached, are not read again
    known = {
        d: mine
        for d, s in stored.items()
        if d not in touched and (mine := cache.claims(d, s.version)) is not None
    }
    doc_graphs = {d: iris.doc_graph(d) for d in stored}
    records = load_essay_claims(store, doc_graphs, known)
    old_cross = _stored_cross(store, iris)
    lap("read")

    by_doc: dict[str, list[ClaimRecord]] = {}
    for r in records:
        by_doc.setdefault(r.doc_id, []).append(r)
    for d, s in stored.items():
        if d not in known:  # those came from the cache
            cache.put_claims(d, s.version, by_doc.get(d, []))
    contexts: dict[str, str] = {}
    for d, recs in by_doc.items():
        version = stored[d].version
        got = None if d in present else cache.get(d, version)
        made = (fresh or {}).get(d)
        if got is None and made is not None and made[0] == version:
            got = made[1]
            cache.put(d, version, got)
        if got is None or any(r.id not in got for r in recs):
            doc = load_documents(store, d, with_spans=True)[0].doc
            got = _contexts(doc, recs)
            cache.put(d, version, got)
        contexts.update(got)
    cache.save()
    lap("contexts")

    claims = []
    for r in records:
        meta = stored[r.doc_id].doc.meta
        date = meta.date.isoformat() if meta.date else ""
        claims.append(links.ResponseClaim(r.id, r.doc_id, r.text, date, contexts.get(r.id, "")))
    essays = [
        EssayInfo(d, s.doc.meta.title, tuple(s.doc.meta.authors), "")
        for d, s in sorted(stored.items())
    ]
    # the ordered essay pairs compared, for small updates only: each changed essay adds two
    # per stored essay (an ingest of 10k essays into 10k would collect 4 x 10^8 tuples)
    small = changed is not None and len(changed) <= PAIRS_KEPT_UP_TO
    counts: dict[str, Any] = {"essay_pairs": stats.essay_pairs} if small else {}
    naming = Naming(essays, lambda d: load_text(store, iris, d))
    cross = links.cross_essay_links(claims, embed, naming, cfg.links, present, counts)
    stats.cross_links = len(cross)
    stats.claim_pairs_compared, stats.queries = counts.get("compared", 0), counts.get("queries", 0)
    lap("cross links")

    doc_of = {r.id: r.doc_id for r in records}
    texts = {r.id: r.text for r in records}
    batches: dict[tuple[str, str], list[links.Link]] = {}
    for x in cross:
        batches.setdefault((doc_of[x.premise], doc_of[x.conclusion]), []).append(x)
    graphs: dict[str, str] = {}
    prefix = f"{iris.links_graph()}/"
    for name in store.named_graphs():
        if not name.startswith(prefix):
            continue
        parts = name[len(prefix) :].split("/")
        if any(p in touched or p not in stored for p in parts[1:]):
            graphs[name] = ""
    kept = [x for g, x in old_cross if g not in graphs]
    new_cross: list[links.Link] = []
    for a, b in sorted(batches):
        g = NTriplesGraph()
        inputs = [stored[a].doc.content_hash, stored[b].doc.content_hash]
        judged = _add_judged_links(g, iris, [batches[(a, b)]], texts, judge, inputs)
        stance = essay_stance([(j.premise, j.conclusion, j.kind) for j in judged], doc_of)
        for citing, relation, cited in stance:
            g.add((URIRef(iris.doc(citing)), CITO[relation], URIRef(iris.doc(cited))))
        new_cross += judged
        graphs[pair_graph(iris, a, b)] = g.serialize(format="nt")
    stats.pairs_written = len(batches)
    lap("pair graphs")

    # status and strength (no embedding), written for the essays whose values changed
    cross_now = [x for x in kept if x.premise in doc_of and x.conclusion in doc_of] + new_cross
    within = [
        (r.id, t, kind, r.link_confidence.get(t, 1.0))
        for r in records
        for kind, targets in (("attack", r.attacks), ("support", r.supports))
        for t in targets
        if doc_of.get(t) == r.doc_id
    ]
    edges = [strength_mod.Edge(p, c, kind, w) for p, c, kind, w in within]
    edges += [strength_mod.Edge(x.premise, x.conclusion, x.kind, x.confidence) for x in cross_now]
    base = {r.id: r.confidence for r in records}
    # Only the parts of the argument graph a change reaches are recomputed: those holding a
    # claim of a changed essay or an end of a link just dropped (a removed attack changes
    # its target's status even when no changed essay is left in that part). An essay those
    # parts touch is written whole: its other claims keep the values stored for them (their
    # parts' inputs did not change); a claim with none stored (a damaged status graph) has
    # its part recomputed too.
    seeds: set[str] | None = None
    if changed is not None:
        dropped = [x for g, x in old_cross if g in graphs]
        seeds = {r.id for r in records if r.doc_id in touched}
        seeds |= {c for x in dropped for c in (x.premise, x.conclusion)}
    status, strengths = settle(base, edges, seeds)
    reached = {doc_of[c] for c in status} | (touched & by_doc.keys())
    before: dict[str, tuple[str | None, float | None]] = {}
    if changed is not None:
        before = read_status(store, iris, [status_graph(iris, d) for d in reached - touched])
        while True:
            none = {
                r.id
                for d in reached
                for r in by_doc[d]
                if r.id not in status and before.get(r.id, (None, None))[0] is None
            }
            if not none:
                break
            more = settle(base, edges, none)
            status.update(more[0])
            strengths.update(more[1])
            new_docs = {doc_of[c] for c in more[0]} - reached
            reached |= new_docs
            more_graphs = [status_graph(iris, d) for d in new_docs - touched]
            before.update(read_status(store, iris, more_graphs))
        for d in reached:
            for r in by_doc[d]:
                if r.id not in status:
                    was, value = before[r.id]
                    was_strength = stored_strength(was, value, r.confidence)
                    # the loop above recomputed every claim with nothing stored
                    assert was is not None and was_strength is not None
                    status[r.id], strengths[r.id] = was, was_strength
    linked = {e.premise for e in edges if e.conclusion in base} & base.keys()
    linked |= {e.conclusion for e in edges if e.premise in base} & base.keys()
    lap("status")
    for d in sorted(reached):
        recs = by_doc[d]
        if d not in touched and changed is not None:
            held = [before.get(r.id, (None, None)) for r in recs]
            if all(
                st == status[r.id] and stored_strength(st, sn, r.confidence) == strengths[r.id]
                for r, (st, sn) in zip(recs, held, strict=True)
            ):
                continue
        g = NTriplesGraph()
        for r in recs:
            g.add((URIRef(iris.claim(r.id)), CP.status, Literal(status[r.id])))
        run = add_run(g, iris, STRENGTH_AGENT, strength_mod.VERSION, [stored[d].doc.content_hash])
        # a strength node only where a link moves the value off the base score: a claim no
        # link reaches has its base score as strength, which readers give it (kg/claims.py)
        ids = {r.id for r in recs} & linked
        add_strengths(
            g,
            iris,
            {c: base[c] for c in ids},
            {c: strengths[c] for c in ids},
            strength_mod.SEMANTICS,
            run,
        )
        graphs[status_graph(iris, d)] = g.serialize(format="nt")
        stats.status_graphs_written += 1
    # the layout marker; an empty workspace (every document removed) keeps no graph at all
    marker = NTriplesGraph()
    if stored:
        marker.add((URIRef(iris.links_graph()), RDF.type, CP.LinksGraph))
    graphs[iris.links_graph()] = marker.serialize(format="nt") if stored else ""
    stats.graphs_dropped = sum(1 for v in graphs.values() if not v)
    lap("status graphs")
    return graphs, stats
