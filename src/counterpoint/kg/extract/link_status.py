"""Claim status and strength of the links graphs, recomputed per part of the argument graph.

Claim status (grounded semantics) and gradual strength (DF-QuAD) are recomputed from the
stored claims and links (no embedding, no search), and written only for the essays whose
values changed, one named graph per essay (`<links>/status/<d>`). Both values of a claim
depend on its connected part of the argument graph alone, so an update (kg/extract/
link_update.py) recomputes only the parts its change reaches.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from counterpoint.kg import strength as strength_mod
from counterpoint.kg.argument import grounded_status
from counterpoint.kg.base import GraphStore
from counterpoint.kg.claims import read_status, stored_strength
from counterpoint.kg.extract import links
from counterpoint.kg.extract.link_essays import Essays
from counterpoint.kg.extract.pipeline import STRENGTH_AGENT
from counterpoint.kg.extract.rdf import add_run, add_strengths
from counterpoint.kg.namespaces import CP, Iris
from counterpoint.kg.ntriples import NTriplesGraph

if TYPE_CHECKING:  # link_update imports this module
    from counterpoint.kg.extract.link_update import LinkUpdate


def status_graph(iris: Iris, doc_id: str) -> str:
    """Named graph of the status and strength of one essay's claims."""
    return f"{iris.links_graph()}/status/{doc_id}"


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


def status_graphs(
    graphs: dict[str, str],
    store: GraphStore,
    iris: Iris,
    essays: Essays,
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
