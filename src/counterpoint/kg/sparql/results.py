"""Query results as the W3C SPARQL 1.1 formats (JSON, CSV, TSV), a text table, or Turtle.

Results are kept as W3C JSON terms (`{"type": "uri"|"literal"|"bnode", "value", ...}`) from the
engine onwards, so every output format is a direct rendering of the standard one.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from counterpoint.errors import UsageError
from counterpoint.kg.namespaces import PREFIXES

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


def _tsv_term(term: Term) -> str:
    value = term["value"]
    if term["type"] == "uri":
        return f"<{value}>"
    if term["type"] == "bnode":
        return f"_:{value}"
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if "xml:lang" in term:
        return f'"{escaped}"@{term["xml:lang"]}'
    if "datatype" in term:
        return f'"{escaped}"^^<{term["datatype"]}>'
    return f'"{escaped}"'


def _csv_term(term: Term) -> str:
    return f"_:{term['value']}" if term["type"] == "bnode" else term["value"]


def _short(term: Term) -> str:
    value = term["value"]
    if term["type"] == "uri":
        for prefix, iri in PREFIXES.items():
            if value.startswith(iri) and value != iri:
                return f"{prefix}:{value[len(iri) :]}"
        return f"<{value}>"
    if term["type"] == "bnode":
        return f"_:{value}"
    value = " ".join(value.split())
    return value if len(value) <= _CELL else value[: _CELL - 1] + "…"


_SRX = "http://www.w3.org/2005/sparql-results#"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _xml(result: QueryResult) -> str:
    """The W3C SPARQL Query Results XML Format, built with ElementTree (escaping included)."""
    from xml.etree import ElementTree as ET

    ET.register_namespace("", _SRX)
    root = ET.Element(f"{{{_SRX}}}sparql")
    head = ET.SubElement(root, f"{{{_SRX}}}head")
    if result.kind == "ask":
        ET.SubElement(root, f"{{{_SRX}}}boolean").text = "true" if result.boolean else "false"
    else:
        for var in result.vars:
            ET.SubElement(head, f"{{{_SRX}}}variable", name=var)
        results = ET.SubElement(root, f"{{{_SRX}}}results")
        for row in result.rows:
            node = ET.SubElement(results, f"{{{_SRX}}}result")
            for var in result.vars:
                if var not in row:
                    continue
                term = row[var]
                binding = ET.SubElement(node, f"{{{_SRX}}}binding", name=var)
                kind = {"uri": "uri", "bnode": "bnode"}.get(term["type"], "literal")
                value = ET.SubElement(binding, f"{{{_SRX}}}{kind}")
                value.text = term["value"]
                if "xml:lang" in term:
                    value.set(_XML_LANG, term["xml:lang"])
                elif "datatype" in term:
                    value.set("datatype", term["datatype"])
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _graph(result: QueryResult, fmt: str) -> str:
    from rdflib import Graph

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
    if fmt == "xml":
        return _xml(result)
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)})
        return "true\n" if result.boolean else "false\n"
    if fmt == "json":
        data = {"head": {"vars": result.vars}, "results": {"bindings": result.rows}}
        return json.dumps(data, ensure_ascii=False, indent=1)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(result.vars)
        for row in result.rows:
            writer.writerow([_csv_term(row[v]) if v in row else "" for v in result.vars])
        return buf.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.vars)]
        lines += [
            "\t".join(_tsv_term(row[v]) if v in row else "" for v in result.vars)
            for row in result.rows
        ]
        return "\n".join(lines) + "\n"
    return _table(result)


def _table(result: QueryResult) -> str:
    cells = [[_short(r[v]) if v in r else "" for v in result.vars] for r in result.rows]
    widths = [max([len(v), *(len(c[i]) for c in cells)]) for i, v in enumerate(result.vars)]
    line = "  ".join(v.ljust(w) for v, w in zip(result.vars, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    n = len(result.rows)
    note = ", truncated at the row limit" if result.truncated else ""
    out.append(f"({n} row{'s' if n != 1 else ''}{note})")
    return "\n".join(out) + "\n"
