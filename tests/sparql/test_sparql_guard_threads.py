"""The SPARQL guard under concurrent first use: `/sparql` answers in a thread pool, and the
first queries a fresh server gets often arrive together (found by the concurrency suite: two
SPARQL clients at start-up left every later query refused as a "syntax error")."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers import ROOT

SCRIPT = r"""
import sys, threading
sys.setswitchinterval(1e-6)  # switch threads as often as possible: the race shows at once
from counterpoint.kg.sparql.guard import guard_query

QUERY = '''PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?kind ?id (COUNT(DISTINCT ?c) AS ?n) WHERE {
  { GRAPH ?g { ?d dcterms:identifier ?id . OPTIONAL { ?c dcterms:isPartOf ?d } }
    BIND("doc" AS ?kind) }
  UNION
  { GRAPH ?l { ?a ?rel ?b FILTER(STRSTARTS(STR(?rel), "http://purl.org/spar/cito/")) }
    VALUES ?end { 1 2 } BIND(IF(?end = 1, ?a, ?b) AS ?x)
    FILTER NOT EXISTS { GRAPH ?h { ?x a dcterms:BibliographicResource } }
    BIND("dangling" AS ?kind) BIND(STR(?x) AS ?id) }
} GROUP BY ?kind ?id ORDER BY ?id LIMIT 10'''
barrier = threading.Barrier(8)
errors = []

def client():
    barrier.wait()
    for _ in range(3):
        try:
            guard_query(QUERY)
        except Exception as exc:
            errors.append(str(exc))

threads = [threading.Thread(target=client) for _ in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
guard_query(QUERY)  # and the parser still works afterwards
print(len(errors), errors[:1])
sys.exit(1 if errors else 0)
"""


def test_concurrent_first_parses_all_pass_and_leave_the_parser_working() -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=240, env=env
    )
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
