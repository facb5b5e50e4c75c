"""The knowledge graph on a real Oxigraph server: the store protocol, a whole service (ingest,
ask, re-ingest, remove) and user queries behave as with the embedded store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claim_graphs import argument_graphs
from counterpoint.config import Settings
from counterpoint.kg.oxigraph_store import OxigraphStore
from counterpoint.kg.remote_store import RemoteSparqlStore
from counterpoint.kg.sparql import QueryRefused, QueryTimeout, run_query
from counterpoint.kg.sparql.examples import example_queries
from counterpoint.service import Counterpoint
from helpers import CORPUS
from servers import oxigraph_serve


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """A real `oxigraph serve` (from the `oxigraph` PyPI package) on a free loopback port."""
    with oxigraph_serve(tmp_path / "oxigraph-server") as url:
        yield url


def test_store_protocol_matches_the_embedded_store(oxigraph_server, iris, argument_store) -> None:  # type: ignore[no-untyped-def]
    remote = RemoteSparqlStore(oxigraph_server)
    try:
        graphs = argument_graphs(iris)
        remote.replace_graphs(graphs)
        assert remote.named_graphs() == argument_store.named_graphs() == sorted(graphs)
        query = (
            "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> "
            "SELECT ?s ?b ?e ?a WHERE { GRAPH ?g { ?s nif:beginIndex ?b ; nif:endIndex ?e ; "
            "nif:anchorOf ?a } } ORDER BY ?s"
        )
        rows = remote.select(query)
        assert rows == argument_store.select(query)
        assert rows and all(isinstance(r["b"], int) for r in rows)
        ask = f"ASK {{ GRAPH <{iris.links_graph()}> {{ ?s ?p ?o }} }}"
        assert remote.ask(ask) is True
        construct = (
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iris.links_graph()}> {{ ?s ?p ?o }} }}"
        )
        lines = lambda text: sorted(ln for ln in text.splitlines() if ln.strip())  # noqa: E731
        assert lines(remote.construct_ntriples(construct)) == lines(
            argument_store.construct_ntriples(construct)
        )
        assert lines(remote.graph_ntriples(iris.links_graph())) == lines(
            argument_store.construct_ntriples(construct)
        )
        # replacing one graph with nothing drops it; others are untouched
        remote.replace_graphs({iris.links_graph(): ""})
        assert remote.ask(ask) is False
        assert remote.graph_ntriples(iris.links_graph()) == ""
        assert len(remote.named_graphs()) == len(graphs) - 1
    finally:
        remote.close()


def test_one_failed_update_changes_nothing(oxigraph_server, iris) -> None:  # type: ignore[no-untyped-def]
    remote = RemoteSparqlStore(oxigraph_server)
    try:
        graphs = argument_graphs(iris)
        remote.replace_graphs(graphs)
        before = remote.named_graphs()
        broken = {iris.links_graph(): "", iris.doc_graph("distribution"): "<not a triple"}
        with pytest.raises(Exception, match="HTTP 400"):
            remote.replace_graphs(broken)
        assert remote.named_graphs() == before  # the DROP of the links graph did not happen
    finally:
        remote.close()


@pytest.mark.slow
def test_service_on_a_remote_store(oxigraph_server, tmp_path, embedder, service) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(workspace=tmp_path / "remote-ws", store=f"sparql+{oxigraph_server}/")
    remote = Counterpoint(settings, embedder=embedder)
    try:
        results, _ = remote.ingest([str(CORPUS)], recursive=True)
        assert results and {r.status for r in results} == {"added"}
        embedded = {s.doc.doc_id: s for s in service.stored_documents()}
        stored = {s.doc.doc_id: s for s in remote.stored_documents()}
        assert stored.keys() == embedded.keys()
        for doc_id, s in stored.items():
            assert s.doc.text == embedded[doc_id].doc.text
            assert s.doc.meta == embedded[doc_id].doc.meta
            assert s.n_chunks == embedded[doc_id].n_chunks
        question = "What does the essay argue about brand moats?"
        mine, theirs = remote.ask(question), service.ask(question)
        assert mine.grounded and mine.answer == theirs.answer
        for c in mine.citations:
            assert remote.view.docs[c.doc_id].text[c.start : c.end] == c.quote
        again, _ = remote.ingest([str(CORPUS)], recursive=True)
        assert len(again) == len(results) and {r.status for r in again} == {"unchanged"}
        remote.remove(list(stored))
        assert remote.stored_documents() == []
        assert remote.store.named_graphs() == []
    finally:
        remote.close()


def test_user_queries_on_the_remote_store(oxigraph_server, iris, argument_store) -> None:  # type: ignore[no-untyped-def]
    remote = RemoteSparqlStore(oxigraph_server)
    try:
        remote.replace_graphs(argument_graphs(iris))
        for name, query in example_queries().items():
            mine = run_query(remote, query, 20, 1000)
            theirs = run_query(argument_store, query, 20, 1000)
            assert mine.kind == theirs.kind, name
            if mine.kind == "graph":
                triples = {ln for ln in mine.ntriples.splitlines() if ln.strip()}
                assert triples and triples == {
                    ln for ln in theirs.ntriples.splitlines() if ln.strip()
                }, name
            else:
                assert mine.values() == theirs.values(), name
                assert mine.boolean == theirs.boolean, name
        capped = run_query(remote, "SELECT * WHERE { ?s ?p ?o }", 20, 5)
        assert len(capped.rows) == 5 and capped.truncated
        with pytest.raises(QueryRefused):
            run_query(
                remote,
                f"SELECT * WHERE {{ SERVICE <{oxigraph_server}/query> {{ ?s ?p ?o }} }}",
                5,
                5,
            )
        with pytest.raises(QueryTimeout):
            run_query(
                remote,
                "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                1,
                5,
            )
    finally:
        remote.close()


def test_embedded_and_memory_store_run_user_queries_alike(argument_store, iris) -> None:  # type: ignore[no-untyped-def]
    memory = OxigraphStore(None)
    try:
        memory.replace_graphs(argument_graphs(iris))
        for query in example_queries().values():
            assert (
                run_query(memory, query, 20, 100).values()
                == run_query(argument_store, query, 20, 100).values()
            )
        with pytest.raises(QueryTimeout):
            run_query(
                memory,
                "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
                0.5,
                5,
            )
    finally:
        memory.close()
