"""The guard in front of every engine: parse the user's query first and refuse anything that
could change data, make the server fetch a URL, or pick its own dataset.

Two independent checks, because the parser we check with (rdflib's) is not the engine that runs
the query (Oxigraph, or a remote server): a parse-tree walk, and a lexical scan of the query with
strings, IRIs and comments blanked out, so a keyword the engines would read as SERVICE or FROM is
refused even if rdflib read it differently.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from counterpoint.errors import UsageError

MAX_QUERY_CHARS = 100_000
# rdflib's parser recurses a few dozen frames per nested group; past this depth Python's
# recursion limit would surface as a bogus "syntax error", so the depth is a stated limit.
MAX_NESTING = 24

_FORMS = {
    "SelectQuery": "select",
    "AskQuery": "ask",
    "ConstructQuery": "construct",
    "DescribeQuery": "describe",
}
# Strings (long and short), IRIs and comments: blanked before the lexical scan.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    re.DOTALL,
)
_BARE_WORD = r"(?<![\w:?$@-]){word}(?![\w:-])"
_FORBIDDEN_WORDS = {
    "SERVICE": "SERVICE is refused: a query may not make the server fetch another endpoint",
    "FROM": "FROM / FROM NAMED are refused: queries run over the whole Counterpoint graph",
}


# rdflib's SPARQL grammar is pyparsing, which learns each parse action's arity on its first
# calls by trial and error, unguarded: two threads parsing at once in a fresh process race on
# it and can leave the grammar calling its actions with the wrong arguments for good (every
# later query a "syntax error"; found by the concurrency suite). Parses take turns; the
# caller's time limit (runner._guard_within) still bounds how long a query waits.
_PARSE_LOCK = threading.Lock()


class QueryRefused(UsageError):
    """The query was refused before it reached any engine; nothing ran and nothing changed."""


@dataclass(frozen=True)
class GuardedQuery:
    """A query that passed the guard, with its form (select/ask/construct/describe)."""

    text: str
    form: str


def _walk(node: Any) -> Any:
    """Every CompValue/ParseResults node under `node` (rdflib's parse tree)."""
    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple) or type(item).__name__ == "ParseResults":
            stack.extend(list(item))


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]


def _lexical_check(text: str) -> None:
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    blanked = _OPAQUE.sub(" ", expandUnicodeEscapes(text))
    upper = blanked.upper()
    for word, why in _FORBIDDEN_WORDS.items():
        if re.search(_BARE_WORD.format(word=word), upper):
            raise QueryRefused(why)


def _too_deep(depth: int) -> str:
    return (
        f"the SPARQL query nests brackets {depth} levels deep, too deep for the checker "
        f"(at most {MAX_NESTING} levels are accepted); flatten it (e.g. fewer nested parentheses)"
    )


def nesting_depth(text: str) -> int:
    """Deepest nesting of (), {} and [] outside strings, IRIs and comments (linear time)."""
    depth = deepest = 0
    for ch in _OPAQUE.sub(" ", text):
        if ch in "({[":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")}]":
            depth = max(0, depth - 1)
    return deepest


def guard_query(text: str) -> GuardedQuery:
    """Return the query if it is a read-only SELECT/ASK/CONSTRUCT/DESCRIBE over our data, else
    raise QueryRefused with one line saying why."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    if not text or not text.strip():
        raise QueryRefused("the SPARQL query is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryRefused(f"the SPARQL query is longer than {MAX_QUERY_CHARS} characters")
    depth = nesting_depth(text)
    if depth > MAX_NESTING:
        raise QueryRefused(_too_deep(depth))
    try:
        with _PARSE_LOCK:
            tree = parseQuery(text)
    except RecursionError:
        raise QueryRefused(_too_deep(depth)) from None
    except ParseException as exc:
        try:
            with _PARSE_LOCK:
                parseUpdate(text)
        except Exception:
            raise QueryRefused(f"SPARQL syntax error: {_one_line(exc)}") from None
        raise QueryRefused(
            "SPARQL updates (INSERT/DELETE/LOAD/CLEAR/DROP/CREATE/ADD/MOVE/COPY) are refused: "
            "user SPARQL is read-only"
        ) from None
    except Exception as exc:  # rdflib raises assorted errors on odd input
        raise QueryRefused(f"SPARQL syntax error: {_one_line(exc)}") from None
    query = tree[1]
    form = _FORMS.get(getattr(query, "name", ""))
    if form is None:
        raise QueryRefused("only SELECT, ASK, CONSTRUCT and DESCRIBE queries are allowed")
    for node in _walk(tree):
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            raise QueryRefused(_FORBIDDEN_WORDS["SERVICE"])
        if name == "DatasetClause":
            raise QueryRefused(_FORBIDDEN_WORDS["FROM"])
    _lexical_check(text)
    return GuardedQuery(text=text, form=form)
