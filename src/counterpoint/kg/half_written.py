"""Storing a document's graph, and the "being written" marker that guards a bulk load.

A large new document is written by the store's bulk loader, which is linear in size but not
atomic (one transaction grows faster than linearly: 10 MB of text is ~1.4M triples). Its graph
then carries a "being written" marker (`cp:loadPending`), committed in a small transaction
before the first bulk-loaded triple and removed in another after the last: every reader
skips a graph holding it (`skip_half_written`, `half_written`), and the next ingest or
`doctor --repair` drops such a graph (a kill mid-load: `remove_half_written`). The marker is
"pending", not "complete", so graphs written in one transaction, and every workspace from
before, need no marker at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from counterpoint.kg import ntriples
from counterpoint.kg.base import GraphStore
from counterpoint.kg.namespaces import CP, Iris, sparql_prefixes


def write_document_graph(
    store: GraphStore,
    iris: Iris,
    doc_id: str,
    version: str,
    ntriples_text: str,
    *,
    bulk: bool,
    after_part: Callable[[], None],
) -> None:
    """Store a document's graph: replaced in one transaction, or, with `bulk` (a new document
    whose graph is absent), through the bulk loader between the two marker transactions."""
    graph = iris.doc_graph(doc_id)
    if not bulk:
        store.replace_graphs({graph: ntriples_text})
        return
    marker = f"<{iris.doc(doc_id)}> <{CP.loadPending}> {ntriples.quote(version)} .\n"
    store.add_to_graph(graph, marker)
    try:
        store.bulk_add(graph, ntriples_text, after_part)
    except Exception:
        # refused mid-way (a parse error, a full disk): take back what went in, then say why
        store.replace_graphs({graph: ""})
        raise
    store.remove_from_graph(graph, marker)


def half_written(store: GraphStore) -> list[str]:
    """Named graphs being bulk-loaded, or left mid-way by a kill (their marker still there)."""
    rows = store.select(
        sparql_prefixes()
        + "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?doc cp:loadPending ?v } } ORDER BY ?g"
    )
    return [r["g"] for r in rows]


def skip_half_written(store: GraphStore, var: str = "?g") -> str:
    """The filter a reader puts in its `GRAPH ?g { ... }` to skip graphs still being written:
    empty when there are none (nearly always), so the common query pays one index lookup
    here and nothing per row."""
    graphs = half_written(store)
    if not graphs:
        return ""
    return f"FILTER({var} NOT IN ({', '.join(f'<{g}>' for g in graphs)}))"


def other_graphs(store: GraphStore, iris: Iris, doc_ids: Iterable[str]) -> list[str]:
    """Named graphs that are neither these stored documents' own graphs nor derived links
    (`<links>`, its pair and status graphs), nor half-written: the challenges graph, and
    whatever other writers of a shared store added. Readers that take each document's part
    per version (view_cache.read_doc_facts, kg/extract/corpus_claims.py) read these graphs
    as they are, so they see what a whole-graph read sees."""
    own = {iris.doc_graph(d) for d in doc_ids} | set(half_written(store))
    links = iris.links_graph()
    return [g for g in store.named_graphs() if g not in own and not g.startswith(links)]


def remove_half_written(store: GraphStore) -> list[str]:
    """Drop every half-written graph (one transaction): it never was a stored document (only
    a new one is bulk-loaded), so dropping it leaves the corpus as it was before that ingest;
    the journal that ingest left makes the next run rebuild what is derived. Returns them."""
    graphs = half_written(store)
    if graphs:
        store.replace_graphs({g: "" for g in graphs})
    return graphs
