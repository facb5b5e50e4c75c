"""Triples written straight to N-Triples text, for the graphs ingest builds and stores.

A document's named graph used to be built in an rdflib ``Graph`` and then serialized: for a
1 MB essay that was ~170,000 ``Graph.add`` calls (rdflib indexes every triple three ways) and
a serializer pass, about half of the whole extraction time, for a graph that is only ever
written out once. ``NTriplesGraph`` keeps the two methods ingest uses (``add`` and
``serialize(format="nt")``) and turns each triple into its N-Triples line at once, with the
same lexical forms and escaping as rdflib's own N-Triples serializer, so the stored triples are
unchanged (tests/kg/test_ntriples.py parses the output back and compares it with rdflib's).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

# What rdflib's URIRef.n3() refuses to write (rdflib.term._invalid_uri_chars).
_INVALID_IRI = re.compile(r'[<>" {}|\\^`]')
_NNI = "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"


class TripleSink(Protocol):
    """Where graph builders put triples: an rdflib ``Graph`` or an ``NTriplesGraph``."""

    def add(self, triple: tuple[Node, Node, Node]) -> object: ...


def quote(lexical: str) -> str:
    """A string as an N-Triples quoted literal: the escapes rdflib's serializer uses (the only
    characters N-Triples forbids raw in a string are the quote, backslash, LF and CR)."""
    escaped = lexical.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
    return '"' + escaped.replace("\r", "\\r") + '"'


def iri(value: str) -> str:
    """An IRI in angle brackets; one rdflib would refuse to serialize is refused here too."""
    if _INVALID_IRI.search(value):
        raise ValueError(f"{value!r} is not a valid IRI")
    return f"<{value}>"


def literal(lexical: str, datatype: str | None = None, lang: str | None = None) -> str:
    """A literal from its lexical form, with a datatype IRI or a language tag (not both)."""
    if lang:
        if datatype:
            raise ValueError("a literal cannot have both a datatype and a language")
        return f"{quote(lexical)}@{lang}"
    if datatype:
        return f"{quote(lexical)}^^<{datatype}>"
    return quote(lexical)


def typed(value: bool | int | float | Decimal, datatype: str) -> str:
    """A typed literal from a Python value, with rdflib's lexical form (``str`` of the value,
    booleans as ``true``/``false``; tests/kg/test_ntriples.py holds it to rdflib's)."""
    lexical = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return f"{quote(lexical)}^^<{datatype}>"


def offset(value: int) -> str:
    """An xsd:nonNegativeInteger (a character offset), as rdflib writes it."""
    return f'"{value}"^^<{_NNI}>'


def term(node: Node) -> str:
    """An rdflib term in N-Triples (a literal keeps the lexical form rdflib gave it)."""
    kind = type(node)  # exact types first: isinstance goes through rdflib's ABCs, slowly
    if kind is URIRef:
        return iri(str(node))
    if kind is Literal:
        return literal(str(node), node.datatype, node.language)  # type: ignore[attr-defined]
    if isinstance(node, Literal):
        return literal(str(node), node.datatype, node.language)
    if isinstance(node, URIRef):
        return iri(str(node))
    if isinstance(node, BNode):
        return f"_:{node}"
    raise TypeError(f"cannot write {type(node).__name__} as N-Triples")


class NTriplesGraph:
    """A write-only graph: triples become N-Triples lines as they are added (duplicates kept
    once, as in an rdflib graph)."""

    def __init__(self) -> None:
        self._lines: dict[str, None] = {}

    def add(self, triple: tuple[Node, Node, Node]) -> NTriplesGraph:
        s, p, o = triple
        self._lines[f"{term(s)} {term(p)} {term(o)} .\n"] = None
        return self

    def add_line(self, subject: str, predicate: str, obj: str) -> None:
        """A triple whose terms are already N-Triples text (see ``iri`` and ``literal``)."""
        self._lines[f"{subject} {predicate} {obj} .\n"] = None

    def __len__(self) -> int:
        return len(self._lines)

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines)

    def serialize(self, format: str = "nt") -> str:
        if format not in ("nt", "nt11", "ntriples"):
            raise ValueError(f"NTriplesGraph writes N-Triples only, not {format!r}")
        return "".join(self._lines)

    def to_rdflib(self) -> Graph:
        """The triples parsed back into an rdflib graph (tests, small graphs)."""
        return Graph().parse(data=self.serialize(), format="nt")
