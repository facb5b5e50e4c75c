"""Concurrency figures for `make bench`: the issue's full form of the concurrency suite, on a
real `counterpoint serve`. 20 chat sessions (gradio_client, alternating the streamed /chat and
the JSON /ask) and 5 SPARQL clients (/sparql with the bearer token) loop for 60 s while CLI
commands hand an ingest of three essays, an update and a removal to the server. Prints p50/p95
per kind of request, the error count and the consistency violations (both should be 0; the
checks are those of tests/concurrency, see tests/concurrent_load.py).

Bounded: COUNTERPOINT_BENCH_CONC_SECONDS (default 60), COUNTERPOINT_BENCH_CONC_CHATS (20),
COUNTERPOINT_BENCH_CONC_SPARQL (5).
"""

from __future__ import annotations

import os
import sys
import time

from bench.common import ROOT, bundled_workspace, percentiles, report


def run() -> None:
    sys.path.insert(0, str(ROOT / "tests"))  # the suite's harness (servers, checks)
    from concurrent_load import churn, serve

    seconds = float(os.environ.get("COUNTERPOINT_BENCH_CONC_SECONDS", "60"))
    chats = int(os.environ.get("COUNTERPOINT_BENCH_CONC_CHATS", "20"))
    sparqls = int(os.environ.get("COUNTERPOINT_BENCH_CONC_SPARQL", "5"))
    with bundled_workspace() as tmp:
        t0 = time.perf_counter()
        with serve(tmp / "ws") as served:
            started = time.perf_counter() - t0
            outcome = churn(served, tmp / "new", chats, sparqls, seconds, max_s=seconds + 900)
    run_ = outcome.run
    label = f"{chats} chats + {sparqls} SPARQL × {seconds:g} s"
    report("conc", "serve start to warm (s)", started, "s")
    report("conc", f"{label}: changes (ingest, update, remove) (s)", run_.change_s, "s")
    for kind, name in (("chat", "/chat"), ("ask", "/ask"), ("sparql", "/sparql")):
        samples = run_.latencies(kind)
        p50, p95 = percentiles(samples)
        report("conc", f"{name}: replies", str(len(samples)))
        report("conc", f"{name}: p50 (ms)", p50, "ms")
        report("conc", f"{name}: p95 (ms)", p95, "ms")
    errors = run_.errors()
    report("conc", "errors", str(len(errors)))
    if errors:
        report("conc", "first error", errors[0][:200])
    report("conc", "consistency violations", str(len(outcome.found)))
    if outcome.found:
        report("conc", "first violation", outcome.found[0][:200])


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    run()
