"""Runs a guarded user query with a deadline the caller enforces and a row cap.

`run_query` guards the text and hands it to the store (`GraphStore.run_user_query`); each store
calls the runner here that can stop it in time:
- Embedded store on disk, `run_in_process`: a fresh `python -I worker.py` process opens the
  store read-only, runs the query and prints the result; at the deadline the caller kills it.
  A fresh process per query also sees the latest committed data (a read-only handle is a
  snapshot).
- In-memory store (tests, `store = "memory"`), `run_in_thread`: the query runs in a daemon
  thread the caller abandons at the deadline (pyoxigraph releases the GIL; the thread's work
  is wasted, not harmful: the data cannot be changed by a query).
- Remote store, `run_remote`: the HTTP request carries the deadline; the server is asked to
  use the union of the named graphs as default graph, as the embedded runner does.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counterpoint.errors import CounterpointError, UsageError
from counterpoint.kg.sparql.guard import GuardedQuery, guard_query
from counterpoint.kg.sparql.results import QueryResult

if TYPE_CHECKING:
    import pyoxigraph as ox

    from counterpoint.kg.base import GraphStore
    from counterpoint.kg.remote_store import RemoteSparqlStore

_WORKER = Path(__file__).with_name("worker.py")
# Heap cap (RLIMIT_DATA: heap and private writable mappings, not reserved address space) for
# the worker, which sets it on itself (never a preexec_fn: see worker.cap_memory): a sort or
# group over a cartesian product fails with an allocation error instead of swapping the machine
# before the deadline comes.
WORKER_MEMORY_BYTES = 6 * 1024**3


class QueryTimeout(UsageError):
    """The query ran past its deadline and was stopped; nothing changed."""


class QueryFailed(UsageError):
    """The engine rejected or failed the query (type error, unsupported feature...)."""


def _timeout(timeout_s: float) -> QueryTimeout:
    return QueryTimeout(
        f"SPARQL query stopped at the {timeout_s:g} s timeout; narrow it (LIMIT, FILTER) or "
        "raise --timeout"
    )


def _from_worker(out: dict[str, Any]) -> QueryResult:
    if "error" in out:
        raise QueryFailed(f"SPARQL query failed: {out['error']}")
    return QueryResult(
        kind=out["kind"],
        vars=out.get("vars", []),
        rows=out.get("rows", []),
        boolean=out.get("boolean"),
        ntriples=out.get("ntriples", ""),
        truncated=out.get("truncated", False),
    )


def run_in_process(path: Path, query: str, timeout_s: float, limit: int) -> QueryResult:
    """Run in a killable worker; retried (within the same deadline) when a concurrent writer
    deleted a file the read-only snapshot needed."""
    deadline = time.monotonic() + timeout_s
    for _ in range(3):
        out = _one_process(path, query, deadline - time.monotonic(), timeout_s, limit)
        transient = "Corruption" in out.get("error", "") or "No such file" in out.get("error", "")
        if not transient or time.monotonic() >= deadline:
            break
    return _from_worker(out)


def _one_process(
    path: Path, query: str, remaining_s: float, timeout_s: float, limit: int
) -> dict[str, Any]:
    if remaining_s <= 0:
        raise _timeout(timeout_s)
    request = json.dumps(
        {"path": str(path), "query": query, "limit": limit, "memory_bytes": WORKER_MEMORY_BYTES}
    )
    with subprocess.Popen(
        [sys.executable, "-I", str(_WORKER)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    ) as proc:
        try:
            stdout, stderr = proc.communicate(request, timeout=remaining_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise _timeout(timeout_s) from None
    if proc.returncode != 0 or not stdout:
        if "memory allocation" in stderr or "MemoryError" in stderr:
            raise QueryFailed(
                f"SPARQL query needed more than {WORKER_MEMORY_BYTES // 1024**3} GiB of memory "
                "and was stopped; narrow it (LIMIT, FILTER, fewer joins)"
            )
        lines = [ln for ln in stderr.splitlines() if ln.strip() and not ln.startswith("note:")]
        raise CounterpointError(f"SPARQL worker failed: {(lines or ['no output'])[-1][:300]}")
    return dict(json.loads(stdout))


def run_in_thread(raw: ox.Store, query: str, timeout_s: float, limit: int) -> QueryResult:
    from counterpoint.kg.sparql import worker

    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["out"] = worker.run(None, query, limit, store=raw)
        except (SyntaxError, ValueError, RuntimeError, OSError) as exc:
            box["out"] = {"error": " ".join(str(exc).split())[:300]}

    thread = threading.Thread(target=target, daemon=True, name="sparql-query")
    thread.start()
    thread.join(timeout_s)
    if thread.is_alive():
        raise _timeout(timeout_s)
    return _from_worker(box["out"])


def run_remote(
    store: RemoteSparqlStore, query: str, form: str, timeout_s: float, limit: int
) -> QueryResult:
    import httpx

    accept = (
        "application/n-triples"
        if form in ("construct", "describe")
        else ("application/sparql-results+json")
    )
    try:
        response = store.post_query(query, accept, timeout_s, union_default_graph=True)
    except httpx.TimeoutException:
        raise _timeout(timeout_s) from None
    if form in ("construct", "describe"):
        lines = [ln for ln in response.splitlines() if ln.strip()]
        return QueryResult(
            kind="graph", ntriples="\n".join(lines[:limit]) + "\n", truncated=len(lines) > limit
        )
    data = json.loads(response)
    if "boolean" in data:
        return QueryResult(kind="ask", boolean=bool(data["boolean"]))
    rows = data["results"]["bindings"]
    return QueryResult(
        kind="select", vars=data["head"]["vars"], rows=rows[:limit], truncated=len(rows) > limit
    )


def run_query(store: GraphStore, text: str, timeout_s: float, limit: int) -> QueryResult:
    """Guard, then run `text` on `store`: at most `limit` rows (or triples), stopped after
    `timeout_s` seconds. Raises QueryRefused, QueryTimeout or QueryFailed (all one-line
    UsageErrors)."""
    if timeout_s <= 0:
        raise UsageError(f"SPARQL timeout must be positive, got {timeout_s}")
    if limit < 1:
        raise UsageError(f"SPARQL row limit must be at least 1, got {limit}")
    started = time.monotonic()
    guarded = _guard_within(text, timeout_s)
    remaining = timeout_s - (time.monotonic() - started)
    if remaining <= 0:
        raise _timeout(timeout_s)
    try:
        return store.run_user_query(guarded, remaining, limit)
    except QueryTimeout:
        raise _timeout(timeout_s) from None  # the user's limit, not what the engine had left


def _guard_within(text: str, timeout_s: float) -> GuardedQuery:
    """The guard parses inside the query's time limit: a huge query that the parser would chew
    on for many seconds is answered with the timeout message at the deadline (the parse
    thread is a daemon and ends on its own; the query never reaches the engine)."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["query"] = guard_query(text)
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=target, name="sparql-guard", daemon=True)
    thread.start()
    thread.join(timeout_s)
    if thread.is_alive():
        raise _timeout(timeout_s)
    if "error" in box:
        raise box["error"]
    query: GuardedQuery = box["query"]
    return query
