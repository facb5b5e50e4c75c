"""The links graphs, brought up to date per change instead of rebuilt for the corpus.

Cross-essay links are a function of their two essays alone (kg/extract/responses.py), so they
live in one named graph per ordered pair of essays that has any (`<links>/pair/<a>/<b>`, with
the pair's CiTO roll-up and the run that made them): adding, updating or removing an essay
rewrites the pairs it is part of, and every other pair keeps its graph untouched. Claim status
(grounded semantics) and gradual strength (DF-QuAD) are recomputed from the stored claims and
links (no embedding, no search), and written only for the essays whose values changed, one
named graph per essay (`<links>/status/<d>`). `<links>` itself only says which layout the
workspace uses; a workspace written before (links in `<links>`) is rebuilt whole once.

What an update reads of each essay version (its claims, the sentence before each claim, its
mean claim vector) is kept between updates in the link cache (kg/extract/link_cache.py), so a
change reads the graph only for the changed essays, and compares them only with the essays
their mean vectors relate them to.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from rdflib import RDF, Literal, URIRef

from counterpoint.config import ExtractSettings
from counterpoint.corpus.models import Document
from counterpoint.crashpoints import crash_point
from counterpoint.kg import strength as strength_mod
from counterpoint.kg.argument import essay_stance, grounded_status
from counterpoint.kg.base import GraphStore
from counterpoint.kg.claims import ClaimRecord, load_essay_claims, read_status, stored_strength
from counterpoint.kg.documents import StoredDocument, load_documents, load_text
from counterpoint.kg.extract import links, views
from counterpoint.kg.extract.essay_pairs import essay_vectors, linkable
from counterpoint.kg.extract.link_cache import CACHE_FILE, LinkCache
from counterpoint.kg.extract.llm_links import LinkJudge
from counterpoint.kg.extract.naming import EssayInfo, Naming
from counterpoint.kg.extract.pipeline import STRENGTH_AGENT, _add_judged_links, sentence_contexts
from counterpoint.kg.extract.rdf import add_run, add_strengths
from counterpoint.kg.extract.responses import links_between
from counterpoint.kg.extract.text import body_sentences
from counterpoint.kg.namespaces import CITO, CP, Iris, sparql_prefixes
from counterpoint.kg.ntriples import NTriplesGraph
from counterpoint.retrieval.base import Embed

_DEFAULTS = ExtractSettings()
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


def stored_cross(store: GraphStore, iris: Iris) -> list[tuple[str, links.Link]]:
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
    model: str = "",
    table: Mapping[str, StoredDocument] | None = None,
) -> LinkUpdate:
    """Bring the links graphs up to date after the essays in `changed` were added, updated or
    removed (None: rebuild every pair), in one store transaction. With a judge, cross-essay
    polarity is asked of the LLM once per pair of essays, only for the pairs evaluated.
    `fresh`: claim contexts ingest just computed, {doc: (version, contexts)}."""
    graphs, stats = link_graphs(
        store,
        iris,
        embed,
        judge,
        cfg,
        changed,
        cache_dir,
        fresh=fresh or {},
        model=model,
        table=table,
    )
    crash_point("links:replace")
    clock = time.perf_counter()
    store.replace_graphs(graphs)
    stats.seconds["write"] = time.perf_counter() - clock
    return stats


class _Essays:
    """The stored essays' claims (with their own links), contexts and mean claim vectors,
    read on demand for the essays an update needs: from the link cache for an unchanged
    essay of the version cached, else from the graph (and then cached)."""

    def __init__(
        self,
        store: GraphStore,
        iris: Iris,
        stored: Mapping[str, StoredDocument],
        touched: set[str],
        cache: LinkCache,
        embed: Embed,
    ) -> None:
        self.store, self.iris, self.stored, self.touched = store, iris, stored, touched
        self.cache, self.embed = cache, embed
        self.by_doc: dict[str, list[ClaimRecord]] = {}  # loaded so far (possibly empty)
        self.contexts: dict[str, str] = {}

    def version(self, doc_id: str) -> str:
        return self.stored[doc_id].version

    def load(self, doc_ids: Collection[str]) -> None:
        """Make sure the claims of these essays are in `by_doc`."""
        wanted = sorted(d for d in doc_ids if d not in self.by_doc and d in self.stored)
        known = {
            d: mine
            for d in wanted
            if d not in self.touched and (mine := self.cache.claims(d, self.version(d))) is not None
        }
        graphs = {d: self.iris.doc_graph(d) for d in wanted}
        got: dict[str, list[ClaimRecord]] = {d: [] for d in wanted}
        for r in load_essay_claims(self.store, graphs, known):
            got[r.doc_id].append(r)
        for d in wanted:
            if d not in known:
                self.cache.put_claims(d, self.version(d), got[d])
        self.by_doc.update(got)

    def records(self, doc_ids: Collection[str]) -> list[ClaimRecord]:
        """The claims of these essays, in (essay, start, end) order, as load_claims gives."""
        self.load(doc_ids)
        return [r for d in sorted(doc_ids) for r in self.by_doc.get(d, [])]

    def vectors(self) -> dict[str, np.ndarray]:
        """Essay -> its mean claim vector (`essay_pairs.essay_vectors`), for every stored essay
        with claims: the cached vector of an unchanged essay, else its claims embedded."""
        versions = {d: s.version for d, s in self.stored.items() if d not in self.touched}
        held = self.cache.vectors(versions)
        missing = [d for d in self.stored if d not in held]
        recs = self.records(missing)
        if recs:
            vecs = np.asarray(self.embed([r.text for r in recs]), dtype=np.float32)
            rows_of: dict[str, list[int]] = {}
            for i, r in enumerate(recs):
                rows_of.setdefault(r.doc_id, []).append(i)
            made = essay_vectors(rows_of, vecs)
        else:
            made = {}
        for d in missing:
            held[d] = made.get(d)
            self.cache.put_vector(d, self.version(d), held[d])
        return {d: v for d, v in held.items() if v is not None}

    def gather_contexts(
        self, doc_ids: Collection[str], fresh: Mapping[str, tuple[str, dict[str, str]]]
    ) -> None:
        """The sentence before each claim of these essays into `contexts`: cached for an
        unchanged essay, taken from ingest (`fresh`) for an essay of the version it made
        them from, else computed from the essay's sentence spans."""
        self.load(doc_ids)
        for d in sorted(doc_ids):
            recs, version = self.by_doc.get(d, []), self.version(d)
            if not recs:
                continue
            got = None if d in self.touched else self.cache.contexts(d, version)
            made = fresh.get(d)
            if got is None and made is not None and made[0] == version:
                got = made[1]
                self.cache.put_contexts(d, version, got)
            if got is None or views.VIEWS_MARK not in got or any(r.id not in got for r in recs):
                doc = load_documents(self.store, d, with_spans=True)[0].doc
                got = _contexts(doc, recs)
                self.cache.put_contexts(d, version, got)
            self.contexts.update(got)


def _component(seeds: Collection[str], pairs: Collection[tuple[str, str]]) -> set[str]:
    """The essays connected to `seeds` by cross-essay links (`pairs` of essays): a claim's
    status and strength depend on its part of the argument graph alone, and a part that holds
    a seed lies within these essays."""
    near: dict[str, set[str]] = {}
    for a, b in pairs:
        near.setdefault(a, set()).add(b)
        near.setdefault(b, set()).add(a)
    out, todo = set(seeds), list(seeds)
    while todo:
        for e in near.get(todo.pop(), ()):
            if e not in out:
                out.add(e)
                todo.append(e)
    return out


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
    model: str = "",
    table: Mapping[str, StoredDocument] | None = None,
) -> tuple[dict[str, str], LinkUpdate]:
    """The links graphs to replace (N-Triples by graph name, '' = drop) after the essays in
    `changed` were added, updated or removed, as if the stored documents in `without` were
    already gone: a removal puts these graphs and the removed documents' graphs in ONE
    transaction, so no reader ever sees a link, status or roll-up naming a removed document.
    `fresh` holds claim contexts ingest computed from the essays in memory ({doc: (version,
    contexts)}, see kg/extract/pipeline.enrich): used for a stored essay of that version, they
    spare reading its spans back and segmenting it again (seconds for a long essay).
    `cache_dir` holds the link cache (kg/extract/link_cache.py) made with embedding `model`.
    `table`: the stored documents (text-free) as the caller read them, current for every
    document not in `changed`; those in it are read again (at 10k essays the whole table
    costs 1.7-2.8 s, one document 4 ms).

    An update reads and compares only what the change reaches: every essay's mean claim
    vector (cached) to find the essays related to a changed one, the claims of those, and,
    for status and strength, the claims of the essays linked to a changed one."""
    stats = LinkUpdate()
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        stats.seconds[step] = stats.seconds.get(step, 0.0) + now - clock
        clock = now

    gone = set(without)
    # without texts or chunk counts: an essay's text is read only when a pair needs it
    if table is None or changed is None:
        rows = load_documents(store, with_text=False)
    else:
        rows = [s for d, s in table.items() if d not in changed]
        rows += [s for d in sorted(changed) for s in load_documents(store, d, with_text=False)]
    stored = {s.doc.doc_id: s for s in rows if s.doc.doc_id not in gone}
    if changed is not None:
        changed = set(changed) | gone
    if changed is not None and _old_layout(store, iris):
        changed = None
    touched = set(stored) if changed is None else set(changed)
    present = touched & stored.keys()
    stats.essays, stats.changed = len(stored), len(present)
    cache = LinkCache(cache_dir / CACHE_FILE if cache_dir is not None else None, model)
    try:
        if changed is None:
            cache.keep_only(stored)
        else:
            cache.drop(touched - stored.keys())
        essays = _Essays(store, iris, stored, touched, cache, embed)
        vectors = essays.vectors()
        old_cross = stored_cross(store, iris)
        lap("read")
        new_cross, doc_of, texts = _cross_step(
            essays, vectors, present, changed, cfg, stats, fresh or {}
        )
        cache.save()
        lap("cross links")
        stats.pairs_written = len({(doc_of[x.premise], doc_of[x.conclusion]) for x in new_cross})
        graphs, new_cross = _pair_graphs(
            store, iris, essays, new_cross, doc_of, texts, touched, judge
        )
        lap("pair graphs")
        _status_graphs(graphs, store, iris, essays, old_cross, new_cross, doc_of, changed, stats)
        cache.save()
    finally:
        cache.close()
    lap("status")
    # the layout marker; an empty workspace (every document removed) keeps no graph at all
    marker = NTriplesGraph()
    if stored:
        marker.add((URIRef(iris.links_graph()), RDF.type, CP.LinksGraph))
    graphs[iris.links_graph()] = marker.serialize(format="nt") if stored else ""
    stats.graphs_dropped = sum(1 for v in graphs.values() if not v)
    return graphs, stats


def _cross_step(
    essays: _Essays,
    vectors: dict[str, np.ndarray],
    present: set[str],
    changed: set[str] | None,
    cfg: ExtractSettings,
    stats: LinkUpdate,
    fresh: Mapping[str, tuple[str, dict[str, str]]],
) -> tuple[list[links.Link], dict[str, str], dict[str, str]]:
    """Cross-essay links of the essay pairs with an end in `present`, from the claims of the
    essays those pairs hold (returns the links, and claim -> essay and claim -> text for
    the claims read)."""
    stored = essays.stored
    # the ordered essay pairs compared, for small updates only: each changed essay adds two
    # per stored essay (an ingest of 10k essays into 10k would collect 4 x 10^8 tuples)
    small = changed is not None and len(changed) <= PAIRS_KEPT_UP_TO
    seen = stats.essay_pairs if small else None
    dates = {d: s.doc.meta.date.isoformat() for d, s in stored.items() if s.doc.meta.date}
    infos = [
        EssayInfo(d, s.doc.meta.title, tuple(s.doc.meta.authors), "")
        for d, s in sorted(stored.items())
    ]
    naming = Naming(infos, lambda d: load_text(essays.store, essays.iris, d))
    targets, implicit = linkable(vectors, dates, naming, cfg.links, present, seen)
    involved = set(present) | targets.keys() | implicit.keys()
    involved |= {e for es in (*targets.values(), *implicit.values()) for e in es}
    records = essays.records(involved)
    essays.gather_contexts(involved, fresh)
    claims = [
        links.ResponseClaim(
            r.id,
            r.doc_id,
            r.text,
            dates.get(r.doc_id, ""),
            essays.contexts.get(r.id, ""),
            essays.contexts.get(views.VIEW_KEY + r.id, ""),
        )
        for r in records
    ]
    counts: dict[str, Any] = {}
    cross: list[links.Link] = []
    if claims:
        vecs = np.asarray(essays.embed([c.text for c in claims]), dtype=np.float32)
        found = links_between(claims, vecs, targets, implicit, essays.embed, cfg.links, counts)
        cross = [links.Link(x.premise, x.conclusion, x.kind, x.confidence) for x in found]
    stats.cross_links = len(cross)
    stats.claim_pairs_compared, stats.queries = counts.get("compared", 0), counts.get("queries", 0)
    return cross, {r.id: r.doc_id for r in records}, {r.id: r.text for r in records}


def _pair_graphs(
    store: GraphStore,
    iris: Iris,
    essays: _Essays,
    cross: list[links.Link],
    doc_of: dict[str, str],
    texts: dict[str, str],
    touched: set[str],
    judge: LinkJudge | None,
) -> tuple[dict[str, str], list[links.Link]]:
    """The pair graphs of the new links, and '' (drop) for every links graph of a touched or
    no longer stored essay; and the links as written (a judge may drop or turn some)."""
    stored = essays.stored
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
    judged_all: list[links.Link] = []
    for a, b in sorted(batches):
        g = NTriplesGraph()
        inputs = [stored[a].doc.content_hash, stored[b].doc.content_hash]
        judged = _add_judged_links(g, iris, [batches[(a, b)]], texts, judge, inputs)
        stance = essay_stance([(j.premise, j.conclusion, j.kind) for j in judged], doc_of)
        for citing, relation, cited in stance:
            g.add((URIRef(iris.doc(citing)), CITO[relation], URIRef(iris.doc(cited))))
        judged_all += judged
        graphs[pair_graph(iris, a, b)] = g.serialize(format="nt")
    return graphs, judged_all


def _status_graphs(
    graphs: dict[str, str],
    store: GraphStore,
    iris: Iris,
    essays: _Essays,
    old_cross: list[tuple[str, links.Link]],
    new_cross: list[links.Link],
    cross_doc_of: dict[str, str],
    changed: set[str] | None,
    stats: LinkUpdate,
) -> None:
    """Add to `graphs` the status graphs (claim status and strength, no embedding) of the
    essays whose values changed.

    Only the parts of the argument graph a change reaches are recomputed: those holding a
    claim of a changed essay or an end of a link just dropped (a removed attack changes its
    target's status even when no changed essay is left in that part). They lie within the
    essays cross-essay links connect to those, whose claims alone are read. An essay those
    parts touch is written whole: its other claims keep the values stored for them (their
    parts' inputs did not change); a claim with none stored (a damaged status graph) has its
    part recomputed too."""
    stored, touched = essays.stored, essays.touched
    prefix = f"{iris.links_graph()}/pair/"
    kept = [(g, x) for g, x in old_cross if g not in graphs]
    dropped = [x for g, x in old_cross if g in graphs]
    if changed is None:
        scope = set(stored)
    else:
        pair_of = {g: tuple(g[len(prefix) :].split("/", 1)) for g, _ in kept}
        pairs = {(a, b) for a, b in pair_of.values()}
        pairs |= {(cross_doc_of[x.premise], cross_doc_of[x.conclusion]) for x in new_cross}
        seeds_docs = (touched & stored.keys()) | {
            p for g, _ in old_cross if g in graphs for p in g[len(prefix) :].split("/", 1)
        }
        scope = _component(seeds_docs, pairs) & stored.keys()
    records = essays.records(scope)
    by_doc = {d: essays.by_doc[d] for d in scope if essays.by_doc.get(d)}
    doc_of = {r.id: r.doc_id for r in records}
    cross_now = [x for _, x in kept if x.premise in doc_of and x.conclusion in doc_of]
    cross_now += [x for x in new_cross if x.premise in doc_of and x.conclusion in doc_of]
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
    seeds: set[str] | None = None
    if changed is not None:
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
