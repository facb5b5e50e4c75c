"""The links graphs, brought up to date per change instead of rebuilt for the corpus.

Cross-essay links are a function of their two essays alone (kg/extract/responses.py), so they
live in one named graph per ordered pair of essays that has any (`<links>/pair/<a>/<b>`, with
the pair's CiTO roll-up and the run that made them): adding, updating or removing an essay
rewrites the pairs it is part of, and every other pair keeps its graph untouched. Claim status
and strength follow in one named graph per essay (kg/extract/link_status.py), written only for
the essays whose values changed. `<links>` itself only says which layout the workspace uses; a
workspace written before (links in `<links>`) is rebuilt whole once.

This module runs an update: which essays a change reaches, their cross-essay links, the pair
graphs, then the status graphs; the essays' claims, contexts and vectors are read through
kg/extract/link_essays.py.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from rdflib import RDF, URIRef

from counterpoint.config import ExtractSettings
from counterpoint.crashpoints import crash_point
from counterpoint.kg.argument import essay_stance
from counterpoint.kg.base import GraphStore
from counterpoint.kg.documents_read import StoredDocument, load_documents, load_text
from counterpoint.kg.extract import links, views
from counterpoint.kg.extract.essay_pairs import linkable
from counterpoint.kg.extract.link_cache import CACHE_FILE, LinkCache
from counterpoint.kg.extract.link_essays import Essays
from counterpoint.kg.extract.link_status import status_graphs
from counterpoint.kg.extract.llm_links import LinkJudge
from counterpoint.kg.extract.naming import EssayInfo, Naming
from counterpoint.kg.extract.pipeline import _add_judged_links
from counterpoint.kg.extract.responses import links_between
from counterpoint.kg.namespaces import CITO, CP, Iris, sparql_prefixes
from counterpoint.kg.ntriples import NTriplesGraph
from counterpoint.retrieval.base import Embed

_DEFAULTS = ExtractSettings()
PAIRS_KEPT_UP_TO = 64  # changed essays up to which LinkUpdate.essay_pairs is collected


def pair_graph(iris: Iris, a: str, b: str) -> str:
    """Named graph of the links from essay `a`'s claims to essay `b`'s."""
    return f"{iris.links_graph()}/pair/{a}/{b}"


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


_CROSS = """
SELECT ?g ?kind ?p ?c ?conf WHERE {
  VALUES ?kind { aif:CA-node aif:RA-node }
  GRAPH ?g { ?l a ?kind ; aif:Premise ?p ; aif:Conclusion ?c ; nif:confidence ?conf }
  FILTER(STRSTARTS(STR(?g), "%PREFIX%"))
}
"""


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
        essays = Essays(store, iris, stored, touched, cache, embed)
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
        status_graphs(graphs, store, iris, essays, old_cross, new_cross, doc_of, changed, stats)
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
    essays: Essays,
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
            r.is_thesis,
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
    essays: Essays,
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
