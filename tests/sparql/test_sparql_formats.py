"""Every W3C results format we write reads back, term for term, in a W3C parser."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from counterpoint.errors import CounterpointError
from counterpoint.kg.sparql import QueryResult, serialize

XSD = "http://www.w3.org/2001/XMLSchema#"
NASTY = 'a "quote", <tag> & tab\there\nnewline \\ back, comma'
ROWS = [
    {
        "s": {"type": "uri", "value": "https://example.org/post?tags=a,b"},
        "text": {"type": "literal", "value": NASTY},
        "n": {"type": "literal", "value": "42", "datatype": XSD + "integer"},
        "conf": {"type": "literal", "value": "0.75", "datatype": XSD + "decimal"},
        "label": {"type": "literal", "value": "moat", "xml:lang": "en"},
        "odd": {"type": "literal", "value": "x1", "datatype": "https://example.org/dt"},
    },
    {"s": {"type": "bnode", "value": "b0"}, "text": {"type": "literal", "value": ""}},
    {},
]
RESULT = QueryResult(kind="select", vars=["s", "text", "n", "conf", "label", "odd"], rows=ROWS)


def _as_json_terms(solutions: ox.QuerySolutions) -> list[dict[str, dict[str, str]]]:
    """pyoxigraph's reading of a results document, written back as W3C JSON terms."""
    data = json.loads(solutions.serialize(format=ox.QueryResultsFormat.JSON))
    return list(data["results"]["bindings"])


@pytest.mark.parametrize(
    ("fmt", "w3c"),
    [
        ("json", ox.QueryResultsFormat.JSON),
        ("xml", ox.QueryResultsFormat.XML),
        ("tsv", ox.QueryResultsFormat.TSV),
    ],
)
def test_select_results_round_trip_through_pyoxigraph(fmt: str, w3c: ox.QueryResultsFormat) -> None:
    solutions = ox.parse_query_results(serialize(RESULT, fmt), format=w3c)
    assert isinstance(solutions, ox.QuerySolutions)
    assert [v.value for v in solutions.variables] == RESULT.vars
    back = _as_json_terms(solutions)
    # blank node labels are the parser's own; everything else is kept exactly
    assert back[1]["s"]["type"] == "bnode" and back[1]["text"] == ROWS[1]["text"]
    assert [back[0], back[2]] == [ROWS[0], ROWS[2]]


def test_csv_keeps_values_and_quotes_iris_with_commas() -> None:
    text = serialize(RESULT, "csv")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == RESULT.vars
    assert rows[1] == ["https://example.org/post?tags=a,b", NASTY, "42", "0.75", "moat", "x1"]
    assert rows[2] == ["_:b0", "", "", "", "", ""]
    assert rows[3] == [""] * 6


def test_pyoxigraph_csv_would_split_an_iri_with_a_comma() -> None:
    """Why CSV is written with the csv module: if this starts failing, pyoxigraph's CSV
    writer quotes such IRIs and could replace ours."""
    one = QueryResult(kind="select", vars=["s"], rows=[{"s": ROWS[0]["s"]}])
    solutions = ox.parse_query_results(serialize(one, "json"), format=ox.QueryResultsFormat.JSON)
    written = solutions.serialize(format=ox.QueryResultsFormat.CSV).decode()
    assert list(csv.reader(io.StringIO(written, newline="")))[1] == [
        "https://example.org/post?tags=a",
        "b",
    ]
    assert list(csv.reader(io.StringIO(serialize(one, "csv"), newline="")))[1] == [
        "https://example.org/post?tags=a,b"
    ]


@pytest.mark.parametrize("answer", [True, False])
def test_ask_results_round_trip(answer: bool) -> None:
    result = QueryResult(kind="ask", boolean=answer)
    for fmt, w3c in (("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML)):
        parsed = ox.parse_query_results(serialize(result, fmt), format=w3c)
        assert isinstance(parsed, ox.QueryBoolean) and bool(parsed) is answer
    word = "true\n" if answer else "false\n"
    assert (
        serialize(result, "tsv") == serialize(result, "csv") == serialize(result, "table") == word
    )


def test_a_term_pyoxigraph_cannot_read_is_one_line_error() -> None:
    bad = QueryResult(kind="select", vars=["s"], rows=[{"s": {"type": "uri", "value": "a b"}}])
    with pytest.raises(CounterpointError, match="cannot be written as xml") as caught:
        serialize(bad, "xml")
    assert "\n" not in str(caught.value)
