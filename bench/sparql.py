"""Issue 7 figures: SPARQL on the bundled graph and on a generated 1M-triple argument graph,
embedded Oxigraph vs rdflib's in-memory store, plus the guard's and the worker's overhead."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import CORPUS, percentiles, report, timed

P = (
    "PREFIX schema: <https://schema.org/> PREFIX aif: <http://www.arg.dundee.ac.uk/aif#> "
    "PREFIX cp: <https://w3id.org/counterpoint/ns#> "
    "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> "
)
QUERIES = {
    "COUNT ... GROUP BY": P + "SELECT ?doc (COUNT(?c) AS ?n) WHERE { ?c schema:appearance ?doc ; "
    "cp:status ?s } GROUP BY ?doc ORDER BY DESC(?n) LIMIT 10",
    "FILTER(CONTAINS) scan": P + "SELECT (COUNT(?c) AS ?n) WHERE { ?c aif:claimText ?t "
    'FILTER(CONTAINS(?t, "moat")) }',
    "3-hop path": P + "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { "
    "?a schema:appearance <https://b.example/doc/7> . "
    "?a ^aif:Premise/aif:Conclusion/^aif:Premise/aif:Conclusion/^aif:Premise/aif:Conclusion ?d }",
}
BUNDLED = {
    "COUNT ... GROUP BY": P + "SELECT ?t (COUNT(?s) AS ?n) WHERE { GRAPH ?g { ?s a ?t } } "
    "GROUP BY ?t ORDER BY DESC(?n)",
    "FILTER(CONTAINS) scan": P + "SELECT (COUNT(?s) AS ?n) WHERE { GRAPH ?g { ?s nif:anchorOf ?t "
    'FILTER(CONTAINS(LCASE(?t), "moat")) } }',
    "3-hop path": P + "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?c a cp:Chunk ; "
    "nif:referenceContext/<http://purl.org/dc/terms/isPartOf>/schema:author/schema:name ?a } }",
}
WORDS = [
    "brand",
    "moat",
    "model",
    "open",
    "weights",
    "distribution",
    "users",
    "lab",
    "margin",
    "price",
    "scale",
    "data",
    "compute",
    "trust",
    "switching",
    "cost",
    "network",
    "effect",
    "quality",
    "lagging",
    "indicator",
]


def _generated_ntriples(target: int) -> tuple[str, int]:
    """A synthetic argument graph: docs, claims with text and status, attack/support links."""
    rng = random.Random(7)
    b = "https://b.example/"
    sc, aif, cp = (
        "https://schema.org/",
        "http://www.arg.dundee.ac.uk/aif#",
        ("https://w3id.org/counterpoint/ns#"),
    )
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    lines: list[str] = []
    n_claims = target // 10  # ten triples per claim and its outgoing link
    for i in range(n_claims):
        c = f"<{b}claim/{i}>"
        text = " ".join(rng.choice(WORDS) for _ in range(12))
        lines += [
            f"{c} {rdf_type} <{aif}I-node> .",
            f"{c} {rdf_type} <{sc}Claim> .",
            f'{c} <{aif}claimText> "{text}" .',
            f"{c} <{sc}appearance> <{b}doc/{i % 1000}> .",
            f'{c} <{cp}status> "{rng.choice(("standing", "defeated", "undecided"))}" .',
            f'{c} <{cp}isThesis> "{"true" if i % 20 == 0 else "false"}"'
            "^^<http://www.w3.org/2001/XMLSchema#boolean> .",
        ]
        link = f"<{b}link/{i}>"
        kind = "CA-node" if rng.random() < 0.4 else "RA-node"
        lines += [
            f"{link} {rdf_type} <{aif}{kind}> .",
            f"{link} <{aif}Premise> {c} .",
            f"{link} <{aif}Conclusion> <{b}claim/{rng.randrange(n_claims)}> .",
            f"{link} <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#confidence> "
            f'"0.{rng.randrange(10, 99)}"^^<http://www.w3.org/2001/XMLSchema#decimal> .',
        ]
    return "\n".join(lines) + "\n", len(lines)


def _bundled_store(tmp: Path):  # type: ignore[no-untyped-def]
    from counterpoint.corpus.chunk import chunk_document
    from counterpoint.corpus.loaders import iter_paths, load_file
    from counterpoint.corpus.pipeline import make_document
    from counterpoint.kg.documents import document_graph
    from counterpoint.kg.namespaces import Iris
    from counterpoint.kg.oxigraph_store import OxigraphStore

    iris = Iris("https://counterpoint.example.org/")
    store = OxigraphStore(tmp / "graph")
    graphs = {}
    for path in iter_paths([str(CORPUS)], recursive=True):
        doc = make_document(load_file(path, 20_000_000))
        g = document_graph(doc, chunk_document(doc), iris, "bench")
        graphs[iris.doc_graph(doc.doc_id)] = g.serialize(format="nt")
    store.replace_graphs(graphs)
    return store


def _compare(section: str, label: str, ox_store, rdflib_graph, queries, rdflib_repeat: int) -> None:  # type: ignore[no-untyped-def]
    for name, query in queries.items():
        ox_rows = list(ox_store.query(query))
        rd_rows = list(rdflib_graph.query(query))
        assert len(ox_rows) == len(rd_rows), (name, len(ox_rows), len(rd_rows))
        ox_ms = statistics.median(timed(lambda q=query: list(ox_store.query(q)), 3))
        rd_ms = statistics.median(timed(lambda q=query: list(rdflib_graph.query(q)), rdflib_repeat))
        report(section, f"{label} {name}: oxigraph (ms)", ox_ms, "ms")
        report(section, f"{label} {name}: rdflib memory (ms)", rd_ms, "ms")
        report(section, f"{label} {name}: speed-up", rd_ms / max(ox_ms, 1e-6), "x")


def run() -> None:
    import pyoxigraph as ox
    from rdflib import Dataset, Graph

    from counterpoint.kg.sparql import guard_query, run_query
    from counterpoint.kg.sparql.examples import example_queries

    with tempfile.TemporaryDirectory() as tmp:
        store = _bundled_store(Path(tmp))
        ds = Dataset()
        ds.parse(
            data=ox.serialize(store.raw, format=ox.RdfFormat.N_QUADS).decode(), format="nquads"
        )
        report("sparql", "bundled graph quads", str(len(store.raw)))
        _compare("sparql", "bundled", store.raw, ds, BUNDLED, 3)
        guard_ms = [
            statistics.median(timed(lambda q=q: guard_query(q), 5))
            for q in example_queries().values()
        ]
        report(
            "sparql",
            "guard (parse + checks) per query, median (ms)",
            statistics.median(guard_ms),
            "ms",
        )
        report("sparql", "guard per query, max over examples (ms)", max(guard_ms), "ms")
        ask = "ASK { ?s ?p ?o }"
        direct = statistics.median(timed(lambda: store.raw.query(ask), 5))
        full = timed(lambda: run_query(store, ask, 10, 100), 5)
        p50, p95 = percentiles(full)
        report("sparql", "user query end to end (guard+worker), p50 (ms)", p50, "ms")
        report("sparql", "user query end to end, p95 (ms)", p95, "ms")
        report("sparql", "same ASK straight on the store (ms)", direct, "ms")
        store.close()

        t0 = time.perf_counter()
        data, n = _generated_ntriples(1_000_000)
        report("sparql", "generated graph triples", str(n))
        big = ox.Store(str(Path(tmp) / "big"))
        t1 = time.perf_counter()
        big.bulk_load(data.encode(), format=ox.RdfFormat.N_TRIPLES)
        report("sparql", "1M load: oxigraph on disk (s)", time.perf_counter() - t1, "s")
        t1 = time.perf_counter()
        g = Graph()
        g.parse(data=data, format="nt")
        report("sparql", "1M load: rdflib memory (s)", time.perf_counter() - t1, "s")
        _compare("sparql", "1M", big, g, QUERIES, 1)
        report("sparql", "1M section total (s)", time.perf_counter() - t0, "s")
