"""SPARQL figures: queries on the bundled graph and on a generated 1M-triple argument graph,
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
    "COUNT ... GROUP BY": P + "SELECT ?s (COUNT(?c) AS ?n) WHERE { ?c cp:status ?s } GROUP BY ?s",
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


def _generated_triples(target: int) -> list[tuple[str, str, object]]:
    """A synthetic argument graph: claims with text, essay and status, attack/support links.
    Objects are IRIs (str) or literals (tuple of lexical form and datatype IRI)."""
    rng = random.Random(7)
    b, sc, aif = "https://b.example/", "https://schema.org/", "http://www.arg.dundee.ac.uk/aif#"
    cp, xsd = "https://w3id.org/counterpoint/ns#", "http://www.w3.org/2001/XMLSchema#"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    conf = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#confidence"
    out: list[tuple[str, str, object]] = []
    n_claims = target // 10  # ten triples per claim and its outgoing link
    for i in range(n_claims):
        c, link = f"{b}claim/{i}", f"{b}link/{i}"
        text = " ".join(rng.choice(WORDS) for _ in range(12))
        status = rng.choice(("standing", "defeated", "undecided"))
        kind = "CA-node" if rng.random() < 0.4 else "RA-node"
        out += [
            (c, rdf_type, f"{aif}I-node"),
            (c, rdf_type, f"{sc}Claim"),
            (c, f"{aif}claimText", (text, f"{xsd}string")),
            (c, f"{sc}appearance", f"{b}doc/{i % 1000}"),
            (c, f"{cp}status", (status, f"{xsd}string")),
            (c, f"{cp}isThesis", ("true" if i % 20 == 0 else "false", f"{xsd}boolean")),
            (link, rdf_type, f"{aif}{kind}"),
            (link, f"{aif}Premise", c),
            (link, f"{aif}Conclusion", f"{b}claim/{rng.randrange(n_claims)}"),
            (link, conf, (f"0.{rng.randrange(10, 99)}", f"{xsd}decimal")),
        ]
    return out


def _load_oxigraph(path: Path, triples: list[tuple[str, str, object]]):  # type: ignore[no-untyped-def]
    """Bulk-load as N-Triples (parsed in Rust: much faster than building Python terms)."""
    import pyoxigraph as ox

    def term(o: object) -> str:
        return f'"{o[0]}"^^<{o[1]}>' if isinstance(o, tuple) else f"<{o}>"

    data = "".join(f"<{s}> <{p}> {term(o)} .\n" for s, p, o in triples).encode()
    store = ox.Store(str(path))
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    return store


def _load_rdflib(triples: list[tuple[str, str, object]]):  # type: ignore[no-untyped-def]
    from rdflib import Graph, Literal, URIRef

    g = Graph()
    g.addN(
        (
            URIRef(s),
            URIRef(p),
            Literal(o[0], datatype=URIRef(o[1])) if isinstance(o, tuple) else URIRef(str(o)),
            g,
        )
        for s, p, o in triples
    )
    return g


def _bundled_store(tmp: Path):  # type: ignore[no-untyped-def]
    """The bundled corpus ingested for real (documents, claims, links), as users query it."""
    from counterpoint.config import Settings
    from counterpoint.kg.oxigraph_store import OxigraphStore
    from counterpoint.service import Counterpoint

    service = Counterpoint(Settings(workspace=tmp / "ws"))
    results, _ = service.ingest([str(CORPUS)], recursive=True)
    assert all(r.status == "added" for r in results), results
    service.close()
    return OxigraphStore(tmp / "ws" / "graph")


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
    from rdflib import Dataset

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
        triples = _generated_triples(1_000_000)
        report("sparql", "generated graph triples", str(len(triples)))
        t1 = time.perf_counter()
        big = _load_oxigraph(Path(tmp) / "big", triples)
        report("sparql", "1M load: oxigraph on disk (s)", time.perf_counter() - t1, "s")
        t1 = time.perf_counter()
        g = _load_rdflib(triples)
        report("sparql", "1M load: rdflib memory (s)", time.perf_counter() - t1, "s")
        del triples
        _compare("sparql", "1M", big, g, QUERIES, 1)
        report("sparql", "1M section total (s)", time.perf_counter() - t0, "s")
