"""The /sparql endpoint of `counterpoint serve`, driven by SPARQLWrapper and plain HTTP against
the real server on a loopback port."""

from __future__ import annotations

import csv
import io
import socket
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest

from claim_graphs import argument_graphs
from counterpoint.service import Counterpoint
from servers import serve_app

SEED_ID = "open-source-ai-business-models-brand-moats"
THESES = (
    "PREFIX cp: <https://w3id.org/counterpoint/ns#> PREFIX dcterms: <http://purl.org/dc/terms/> "
    "SELECT ?id WHERE { ?c cp:isThesis true ; dcterms:identifier ?id } ORDER BY ?id"
)
HAND_MADE_THESES = ["cl-brand", "cl-distribution", "cl-lagging"]


def stored_theses(service: Counterpoint) -> list[str]:
    """Ground truth straight from the store (bundled corpus claims + the hand-made ones)."""
    rows = service.store.select(
        "PREFIX cp: <https://w3id.org/counterpoint/ns#> "
        "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?id WHERE { GRAPH ?g { "
        "?c cp:isThesis true ; dcterms:identifier ?id } } ORDER BY ?id"
    )
    ids = [r["id"] for r in rows]
    assert set(HAND_MADE_THESES) <= set(ids)
    return ids


@pytest.fixture
def endpoint(service: Counterpoint) -> Iterator[str]:
    service.store.replace_graphs(argument_graphs(service.iris))
    service.settings = service.settings.model_copy(
        update={"sparql_timeout_s": 1.5, "sparql_row_limit": 40}
    )
    with serve_app(service) as url:
        yield f"{url}/sparql"


@pytest.mark.slow
def test_sparqlwrapper_select_ask_construct(endpoint: str, service: Counterpoint) -> None:
    from SPARQLWrapper import GET, JSON, POST, TURTLE, SPARQLWrapper

    for method in (GET, POST):
        client = SPARQLWrapper(endpoint)
        client.setMethod(method)
        client.setQuery(THESES)
        client.setReturnFormat(JSON)
        rows = client.query().convert()["results"]["bindings"]
        assert [r["id"]["value"] for r in rows] == stored_theses(service)
    default = SPARQLWrapper(endpoint)  # SPARQLWrapper's default: XML results
    default.setQuery(THESES)
    document = default.query().convert()
    values = [n.firstChild.data for n in document.getElementsByTagName("literal")]
    assert values == stored_theses(service)
    client = SPARQLWrapper(endpoint)
    client.setQuery(f'ASK {{ ?d <http://purl.org/dc/terms/identifier> "{SEED_ID}" }}')
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client = SPARQLWrapper(endpoint)
    brand = service.iris.doc("brand-moats")
    client.setQuery(
        "CONSTRUCT { ?a <http://purl.org/spar/cito/disagreesWith> ?b } "
        f"WHERE {{ ?a <http://purl.org/spar/cito/disagreesWith> ?b FILTER(?b = <{brand}>) }}"
    )
    client.setReturnFormat(TURTLE)
    body = client.query().convert()
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    assert len(triples) == 2
    assert {t.object.value for t in triples} == {service.iris.doc("brand-moats")}


@pytest.mark.slow
def test_protocol_forms_and_content_negotiation(endpoint: str, service: Counterpoint) -> None:
    theses = stored_theses(service)
    direct = httpx.post(
        endpoint,
        content=THESES,
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert direct.status_code == 200 and direct.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(direct.text)))[1:] == [[t] for t in theses]
    form = httpx.post(
        endpoint, data={"query": THESES}, headers={"Accept": "text/tab-separated-values"}
    )
    assert form.status_code == 200
    assert form.text.splitlines() == ["?id", *(f'"{t}"' for t in theses)]
    browser = httpx.get(
        endpoint,
        params={"query": THESES, "format": "table"},
        headers={"Accept": "text/html,*/*;q=0.8"},
    )
    assert browser.status_code == 200 and "cl-lagging" in browser.text
    page = httpx.get(endpoint, headers={"Accept": "text/html"})
    assert page.status_code == 200 and "<form" in page.text
    capped = httpx.get(
        endpoint,
        params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 99999999"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert len(capped.json()["results"]["bindings"]) == 40
    assert capped.headers["x-truncated"] == "true"


@pytest.mark.slow
def test_refusals_are_one_line_400s_and_change_nothing(
    endpoint: str, service: Counterpoint
) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    before = len(service.store.raw)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    hostile = [
        ("get", {"query": "DROP ALL"}, None),
        (
            "get",
            {"query": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"},
            None,
        ),
        ("get", {"query": f"SELECT * FROM <http://127.0.0.1:{port}/> WHERE {{ ?s ?p ?o }}"}, None),
        ("get", {"query": THESES, "default-graph-uri": f"http://127.0.0.1:{port}/"}, None),
        ("post", {"update": "DROP ALL"}, None),
        ("post", None, ("application/sparql-update", "DROP ALL")),
        ("post", None, ("application/sparql-query", "CLEAR ALL")),
        (
            "get",
            {
                "query": "SELECT (COUNT(*) AS ?n) "
                "WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
            },
            None,
        ),
    ]
    for method, params, raw in hostile:
        if method == "get":
            response = httpx.get(endpoint, params=params, timeout=30)
        elif raw is None:
            response = httpx.post(endpoint, data=params, timeout=30)
        else:
            response = httpx.post(endpoint, content=raw[1], headers={"Content-Type": raw[0]})
        assert response.status_code == 400, (params, raw, response.text)
        assert response.text.startswith("error: ") and response.text.count("\n") == 1
    assert "timeout" in response.text
    client = SPARQLWrapper(endpoint)
    client.setQuery("DELETE WHERE { ?s ?p ?o }")
    client.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed):
        client.query()
    with pytest.raises(BlockingIOError):
        listener.accept()
    listener.close()
    assert len(service.store.raw) == before
