"""Runs one user query against an on-disk Oxigraph store, in a process the caller can kill.

A standalone script (stdlib + pyoxigraph only, started with `python -I`), so it starts in tens
of milliseconds. Reads {"path", "query", "limit"} as JSON on stdin; writes one JSON object on
stdout: {"kind": "select", "vars", "rows", "truncated"} with W3C JSON terms,
{"kind": "ask", "boolean"}, or {"kind": "graph", "ntriples", "truncated"}; or {"error": "..."}.
The store is opened read-only, so even a query that slipped past the guard cannot write.
"""

from __future__ import annotations

import json
import sys
from typing import Any

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# A graph holding this is a document still being bulk-loaded, or half-written by a kill
# (kg/half_written.py): user queries never see it.
_LOAD_PENDING = "https://w3id.org/counterpoint/ns#loadPending"


def term_json(term: Any) -> dict[str, str]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG):
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}


def open_read_only(path: str, attempts: int = 8) -> Any:
    """Open read-only, retrying while a writer in another process rotates its files (RocksDB
    may delete the MANIFEST a reader is about to open; the next attempt reads the new one)."""
    import time

    import pyoxigraph as ox

    for attempt in range(attempts):
        try:
            return ox.Store.read_only(path)
        except (OSError, RuntimeError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def dataset(store: Any) -> dict[str, Any]:
    """The query's dataset: every graph (the default graph the union of them all), less any
    graph still being written. One index lookup when, as nearly always, there is none."""
    import pyoxigraph as ox

    marker = ox.NamedNode(_LOAD_PENDING)
    pending = {q.graph_name for q in store.quads_for_pattern(None, marker, None)}
    if not pending:
        return {"use_default_graph_as_union": True}
    named = [g for g in store.named_graphs() if g not in pending]
    return {"default_graph": [ox.DefaultGraph(), *named], "named_graphs": named}


def run(path: str | None, query: str, limit: int, store: Any = None) -> dict[str, Any]:
    import pyoxigraph as ox

    if store is None:
        store = open_read_only(str(path))
    result = store.query(query, **dataset(store))
    if isinstance(result, ox.QueryBoolean):
        return {"kind": "ask", "boolean": bool(result)}
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows: list[dict[str, Any]] = []
        truncated = False
        for solution in result:
            if len(rows) >= limit:
                truncated = True
                break
            rows.append({n: term_json(solution[n]) for n in names if solution[n] is not None})
        return {"kind": "select", "vars": names, "rows": rows, "truncated": truncated}
    triples: list[ox.Triple] = []
    truncated = False
    for triple in result:
        if len(triples) >= limit:
            truncated = True
            break
        triples.append(triple)
    data = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
    return {"kind": "graph", "ntriples": data, "truncated": truncated}


def cap_memory(limit_bytes: int) -> None:
    """Cap this process's heap (RLIMIT_DATA) so a runaway sort or cartesian product fails with an
    allocation error instead of swapping the machine. Set here, after exec, and not by the parent
    between fork and exec: Python code in a forked child of a threaded server (Gradio) can
    deadlock on a lock another thread held at fork time (it hung a CI run in `import`)."""
    if limit_bytes > 0 and sys.platform.startswith("linux"):
        import resource

        resource.setrlimit(resource.RLIMIT_DATA, (limit_bytes, limit_bytes))


def main() -> None:
    request = json.loads(sys.stdin.read())
    cap_memory(int(request.get("memory_bytes", 0)))
    try:
        out = run(request["path"], request["query"], int(request["limit"]))
    except (OSError, SyntaxError, ValueError, RuntimeError) as exc:
        out = {"error": " ".join(str(exc).split())[:300]}
    sys.stdout.write(json.dumps(out))


if __name__ == "__main__":
    main()
