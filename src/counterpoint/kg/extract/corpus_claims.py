"""Every claim of the corpus with its links, status and strength, as `kg/claims.load_claims`
gives them, read per essay version instead of by whole-graph joins.

Challenge mode reads every claim once per corpus view. At 10k essays (327k claims)
`load_claims` took ~80 s: its claims query alone ~59 s (eight patterns joined per claim) and
the links query ~13 s (premise and conclusion looked up across graphs). The parts are
already kept elsewhere: each essay version's claims with the links inside the essay are in
the link cache (kg/extract/link_cache.py, written by every links update), cross-essay links
live in one graph per pair of essays and are read in one SELECT without joins, and status and
strength in one graph per essay. So this reads the cache in one pass, the graph only for
versions the cache does not hold, then the pair graphs and the status graphs, and any graph
that is no document's own (kg/half_written.other_graphs) as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from counterpoint.kg.base import GraphStore
from counterpoint.kg.claims import ClaimRecord, load_essay_claims, read_status, stored_strength
from counterpoint.kg.extract.link_cache import LinkCache
from counterpoint.kg.extract.link_status import status_graph
from counterpoint.kg.extract.link_update import stored_cross
from counterpoint.kg.half_written import other_graphs
from counterpoint.kg.namespaces import Iris


def read_corpus_claims(
    store: GraphStore, iris: Iris, versions: Mapping[str, str], cache_path: Path
) -> list[ClaimRecord]:
    """The claims of the essays of `versions` ({doc id: version}, as the view holds them),
    in (essay, start, end) order, with every link whose premise is among them, their status
    and strength. The link cache is only read (a writer keeps it)."""
    cache = LinkCache.reader(cache_path)
    try:
        held = cache.all_claims(versions)
    finally:
        cache.close()
    graphs = {d: iris.doc_graph(d) for d in versions}
    records = load_essay_claims(store, graphs, held)  # reads only the essays not held
    others = other_graphs(store, iris, versions)
    for graph in others:  # claims other writers put in graphs of their own, as they are
        records += load_essay_claims(store, {graph: graph}, {})
    by_id: dict[str, ClaimRecord] = {}
    for r in records:
        by_id.setdefault(r.id, r)
    records = sorted(by_id.values(), key=lambda r: (r.doc_id, r.start, r.end))
    for _, link in stored_cross(store, iris):
        premise = by_id.get(link.premise)
        if premise is None or link.conclusion not in by_id:
            continue
        into = premise.attacks if link.kind == "attack" else premise.supports
        if link.conclusion not in into:
            into.append(link.conclusion)
        premise.link_confidence[link.conclusion] = link.confidence
    stored = read_status(store, iris, [*(status_graph(iris, d) for d in versions), *others])
    for r in records:
        status, value = stored.get(r.id, (None, None))
        r.status = status or "undecided"
        r.strength = stored_strength(status, value, r.confidence)
    return records
