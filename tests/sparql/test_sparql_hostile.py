"""Hostile queries: refused before any engine sees them, stopped at the deadline, capped at the
row limit; nothing connects to a loopback listener and the data is byte-for-byte unchanged."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from counterpoint.errors import UsageError
from counterpoint.kg.sparql import QueryRefused, QueryTimeout, run_query

UPDATES = [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "insert data { graph <urn:g> { <urn:a> <urn:b> <urn:c> } }",
    "DELETE DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:{port}/data.ttl>",
    "LOAD SILENT <http://127.0.0.1:{port}/x> INTO GRAPH <urn:g>",
    "CLEAR ALL",
    "CLEAR DEFAULT",
    "DROP ALL",
    "DROP SILENT GRAPH <https://counterpoint.example.org/graph/links>",
    "CREATE GRAPH <urn:new>",
    "ADD DEFAULT TO <urn:g>",
    "MOVE <urn:a> TO <urn:b>",
    "COPY DEFAULT TO <urn:g>",
    "PREFIX x: <urn:x> DROP ALL",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    "DROP ALL ; SELECT * WHERE { ?s ?p ?o }",
]
REACHING_OUT = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
    "select * where { ?x ?y ?z OPTIONAL { service <http://127.0.0.1:{port}/> { ?x ?q ?r } } }",
    "SELECT * WHERE { BIND(<http://127.0.0.1:{port}/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:{port}/> { ?s ?p ?o } }",
    "SELECT * FROM <http://127.0.0.1:{port}/data.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://127.0.0.1:{port}/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "ASK FROM <http://127.0.0.1:{port}/> { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } FROM <http://127.0.0.1:{port}/> WHERE { ?s ?p ?o }",
    "DESCRIBE <urn:x> FROM <http://127.0.0.1:{port}/>",
]


@pytest.fixture
def listener() -> Iterator[tuple[int, socket.socket]]:
    """A loopback socket that records whether anything tried to connect to it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    yield sock.getsockname()[1], sock
    sock.close()


def _nobody_connected(sock: socket.socket) -> bool:
    try:
        conn, _ = sock.accept()
    except BlockingIOError:
        return True
    conn.close()
    return False


def _dump(store) -> bytes:  # type: ignore[no-untyped-def]
    return ox.serialize(store.raw, format=ox.RdfFormat.N_QUADS)


@pytest.mark.parametrize("query", UPDATES)
def test_updates_are_refused_and_change_nothing(argument_store, listener, query: str) -> None:  # type: ignore[no-untyped-def]
    port, sock = listener
    before = _dump(argument_store)
    with pytest.raises(QueryRefused) as err:
        run_query(argument_store, query.replace("{port}", str(port)), 5, 100)
    assert "\n" not in str(err.value)
    assert err.value.exit_code == 2
    assert _dump(argument_store) == before
    assert _nobody_connected(sock)


@pytest.mark.parametrize("query", REACHING_OUT)
def test_service_and_from_never_connect(argument_store, listener, query: str) -> None:  # type: ignore[no-untyped-def]
    port, sock = listener
    before = _dump(argument_store)
    with pytest.raises(QueryRefused, match=r"SERVICE|FROM"):
        run_query(argument_store, query.replace("{port}", str(port)), 5, 100)
    time.sleep(0.05)
    assert _nobody_connected(sock)
    assert _dump(argument_store) == before


def test_keywords_inside_strings_iris_and_names_are_fine(argument_store) -> None:  # type: ignore[no-untyped-def]
    query = (
        "PREFIX from: <urn:from:> SELECT ?service WHERE { "
        '?service ?p "DROP ALL; SERVICE <x> FROM <y>" } # SERVICE in a comment'
    )
    assert run_query(argument_store, query, 5, 10).rows == []


def test_cartesian_product_stops_at_the_timeout(argument_store) -> None:  # type: ignore[no-untyped-def]
    before = _dump(argument_store)
    query = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    )
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="1 s timeout"):
        run_query(argument_store, query, 1, 100)
    assert time.monotonic() - started < 5
    assert _dump(argument_store) == before


def test_regex_bomb_finishes_or_stops_at_the_timeout(argument_store) -> None:  # type: ignore[no-untyped-def]
    query = (
        "SELECT ?s WHERE { ?s ?p ?o . ?x ?y ?z . ?u ?v ?w "
        'FILTER(REGEX(CONCAT(STR(?o), STR(?z), STR(?w)), "^(a+)+(b|c|d+)*$")) }'
    )
    started = time.monotonic()
    try:
        result = run_query(argument_store, query, 2, 100)
        assert result.rows == []
    except QueryTimeout:
        pass
    assert time.monotonic() - started < 6


def test_huge_limit_is_capped_at_the_row_limit(argument_store) -> None:  # type: ignore[no-untyped-def]
    result = run_query(argument_store, "SELECT * WHERE { ?s ?p ?o } LIMIT 999999999999999", 10, 25)
    assert len(result.rows) == 25 and result.truncated
    graph = run_query(argument_store, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 99999999", 10, 7)
    assert len([ln for ln in graph.ntriples.splitlines() if ln.strip()]) == 7
    assert graph.truncated


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty"),
        ("SELEKT * WHERE { ?s ?p ?o }", "syntax error"),
        ("SELECT * WHERE { ?s ?p ?o " + "x" * 100_001, "longer than"),
    ],
)
def test_bad_queries_are_one_line_usage_errors(argument_store, query: str, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match=message) as err:
        run_query(argument_store, query, 5, 10)
    assert "\n" not in str(err.value)


def test_engine_errors_are_one_line(argument_store) -> None:  # type: ignore[no-untyped-def]
    # rdflib accepts this, Oxigraph refuses it: the error must still be one clean line
    with pytest.raises(UsageError) as err:
        run_query(argument_store, "SELECT * WHERE { ?s ?p ?o } LIMIT 1 OFFSET 1 LIMIT 2", 5, 10)
    assert "\n" not in str(err.value)


def test_memory_hungry_sort_is_stopped_by_the_worker_cap(argument_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from counterpoint.kg.sparql import runner

    monkeypatch.setattr(runner, "WORKER_MEMORY_BYTES", 512 * 1024**2)
    before = _dump(argument_store)
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?f ?i"
    with pytest.raises(UsageError, match="memory") as err:
        run_query(argument_store, query, 20, 10)
    assert "\n" not in str(err.value)
    assert run_query(argument_store, "ASK { ?s ?p ?o }", 20, 10).boolean is True
    assert _dump(argument_store) == before


def test_result_formats_escape_hostile_values(argument_store) -> None:  # type: ignore[no-untyped-def]
    import io

    from rdflib import Variable
    from rdflib.plugins.sparql.results.jsonresults import JSONResultParser
    from rdflib.plugins.sparql.results.tsvresults import TSVResultParser
    from rdflib.plugins.sparql.results.xmlresults import XMLResultParser

    from counterpoint.kg.sparql import serialize

    nasty = 'a "quote", <tag> & tab\there\nnewline \\ back'
    query = (
        f"SELECT ?x ?n ?l WHERE {{ BIND({json_literal(nasty)} AS ?x) BIND(42 AS ?n) "
        'BIND("moat"@en AS ?l) }'
    )
    result = run_query(argument_store, query, 5, 10)
    for fmt, parser in (
        ("json", JSONResultParser),
        ("xml", XMLResultParser),
        ("tsv", TSVResultParser),
    ):
        text = serialize(result, fmt)
        stream = io.BytesIO(text.encode()) if fmt == "xml" else io.StringIO(text)
        row = parser().parse(stream).bindings[0]
        assert str(row[Variable("x")]) == nasty, fmt
        assert row[Variable("n")].toPython() == 42, fmt
        assert row[Variable("l")].language == "en", fmt


def json_literal(value: str) -> str:
    import json

    return json.dumps(value)
