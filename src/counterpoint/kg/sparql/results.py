"""Query results as the W3C SPARQL 1.1 formats (JSON, XML, CSV, TSV), a text table, or Turtle.

Results are kept as W3C JSON terms (`{"type": "uri"|"literal"|"bnode", "value", ...}`) from the
engine onwards (the worker process and a remote endpoint both hand back that JSON), so JSON is
written as is, and pyoxigraph reads it back and writes XML and TSV with its own W3C
serializers. CSV goes through the csv module instead: pyoxigraph 0.5 writes an IRI holding a
comma unquoted in CSV, which splits the cell (a test pins this).

Nothing here imports rdflib or pyoxigraph at module level, so the CLI can read FORMATS cheaply.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from counterpoint.errors import CounterpointError, UsageError

Term = dict[str, str]
FORMATS = ("table", "json", "xml", "csv", "tsv", "turtle")
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "rdfxml": "application/rdf+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "ntriples": "application/n-triples",
    "table": "text/plain; charset=utf-8",
}
_CELL = 60


@dataclass
class QueryResult:
    """One query's answer: rows (select), a boolean (ask) or N-Triples (construct/describe)."""

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[dict[str, Term]] = field(default_factory=list)
    boolean: bool | None = None
    ntriples: str = ""
    truncated: bool = False

    def values(self) -> list[dict[str, str | None]]:
        """Rows as plain strings (None where unbound): handy for tests and the UI table."""
        return [{v: (r[v]["value"] if v in r else None) for v in self.vars} for r in self.rows]


def _csv_term(term: Term) -> str:
    return f"_:{term['value']}" if term["type"] == "bnode" else term["value"]


def _short(term: Term, prefixes: dict[str, str]) -> str:
    value = term["value"]
    if term["type"] == "uri":
        for prefix, iri in prefixes.items():
            if value.startswith(iri) and value != iri:
                return f"{prefix}:{value[len(iri) :]}"
        return f"<{value}>"
    if term["type"] == "bnode":
        return f"_:{value}"
    value = " ".join(value.split())
    return value if len(value) <= _CELL else value[: _CELL - 1] + "…"


def _json(result: QueryResult) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)})
    data = {"head": {"vars": result.vars}, "results": {"bindings": result.rows}}
    return json.dumps(data, ensure_ascii=False, indent=1)


def _by_pyoxigraph(result: QueryResult, fmt: str) -> str:
    """XML or TSV, written by pyoxigraph's W3C serializer from our JSON form."""
    import pyoxigraph as ox

    target = {"xml": ox.QueryResultsFormat.XML, "tsv": ox.QueryResultsFormat.TSV}[fmt]
    try:  # the parser streams: a bad term surfaces while serializing
        parsed = ox.parse_query_results(_json(result), format=ox.QueryResultsFormat.JSON)
        text = (parsed.serialize(format=target) or b"").decode("utf-8")
    except (SyntaxError, ValueError) as exc:
        raise CounterpointError(
            f"query results cannot be written as {fmt}: {' '.join(str(exc).split())}"
        ) from None
    return text if text.endswith("\n") else text + "\n"


def _csv(result: QueryResult) -> str:
    """W3C CSV: values only (blank nodes as _:label), RFC 4180 quoting, CRLF line ends."""
    if result.kind == "ask":
        return "true\n" if result.boolean else "false\n"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow([_csv_term(row[v]) if v in row else "" for v in result.vars])
    return buf.getvalue()


def _graph(result: QueryResult, fmt: str) -> str:
    from rdflib import Graph

    from counterpoint.kg.namespaces import PREFIXES

    g = Graph()
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri)
    g.parse(data=result.ntriples, format="nt")
    return g.serialize(format={"json": "json-ld", "xml": "xml"}.get(fmt, "turtle"))


def serialize(result: QueryResult, fmt: str) -> str:
    """Render a result in one of FORMATS; CONSTRUCT/DESCRIBE give Turtle (or JSON-LD, RDF/XML)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown SPARQL results format {fmt!r}: use one of {', '.join(FORMATS)}")
    if result.kind == "graph":
        if fmt in ("csv", "tsv"):
            raise UsageError(f"CONSTRUCT/DESCRIBE results cannot be {fmt}: use turtle or json")
        return _graph(result, fmt)
    if fmt == "json":
        return _json(result)
    if fmt in ("xml", "tsv"):
        return _by_pyoxigraph(result, fmt)
    if fmt == "csv":
        return _csv(result)
    if result.kind == "ask":  # the table of an ASK is its answer
        return "true\n" if result.boolean else "false\n"
    return _table(result)


def _table(result: QueryResult) -> str:
    from counterpoint.kg.namespaces import PREFIXES

    cells = [[_short(r[v], PREFIXES) if v in r else "" for v in result.vars] for r in result.rows]
    widths = [max([len(v), *(len(c[i]) for c in cells)]) for i, v in enumerate(result.vars)]
    line = "  ".join(v.ljust(w) for v, w in zip(result.vars, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    n = len(result.rows)
    note = ", truncated at the row limit" if result.truncated else ""
    out.append(f"({n} row{'s' if n != 1 else ''}{note})")
    return "\n".join(out) + "\n"
