"""`counterpoint doctor`: do the graph, the vector files, the search index and the chunk ids
agree? The graph is the source of truth; everything else is derived and can be rebuilt.

Each check is a `Check` (a name, a function finding problems, and a function repairing
them; `context.py`). The checks live by what they inspect: `graph_checks.py` (the graph and
what interrupted runs leave), `vector_checks.py` (vector files and the indexes derived from
them), `cache_checks.py` (caches beside the graph). Add a check by appending to `CHECKS`.
Any index that writes a `*.manifest.json` of the versions it was built from (the lexical BM25
index in `retrieval/` does) is already covered by the "derived" check; a check comparing its
chunk ids with `DoctorContext.chunks` can be added beside `find_index`.

Severity: "error" means answers would be wrong or missing until repaired (exit 1); "note"
means a harmless leftover of an interrupted run that the next ingest or first query clears
by itself (an index behind the graph, a vector file no version names). A workspace killed
mid-ingest therefore passes with notes: that is the atomicity guarantee.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from counterpoint.doctor.cache_checks import (
    find_link_contexts,
    find_text_cache,
    find_view_cache,
    repair_link_contexts,
    repair_text_cache,
    repair_view_cache,
)
from counterpoint.doctor.context import Check, DoctorContext, DoctorHost, Problem
from counterpoint.doctor.graph_checks import (
    find_graph,
    find_half_written,
    find_identity,
    find_journal,
    find_leftovers,
    rebuild_all,
    repair_half_written,
    repair_identity,
    repair_leftovers,
)
from counterpoint.doctor.vector_checks import (
    find_embedding,
    find_index,
    find_lexical,
    find_other_manifests,
    find_sentences,
    find_vectors,
    repair_embedding,
    repair_vectors,
)

__all__ = ["CHECKS", "Check", "DoctorContext", "DoctorHost", "Problem", "Report", "diagnose"]

CHECKS: list[Check] = [
    # first: its repair drops graphs, and the journal's rebuild must come after
    Check("half-written", find_half_written, repair_half_written),
    Check("view", find_view_cache, repair_view_cache),
    Check("graph", find_graph),
    Check("embedding", find_embedding, repair_embedding),
    Check("vectors", find_vectors, repair_vectors),
    # after "vectors": its repair rebuilds from the vector files, which must be readable
    Check("journal", find_journal, rebuild_all),
    Check("index", find_index, rebuild_all),
    Check("lexical", find_lexical, rebuild_all),
    Check("sentences", find_sentences, rebuild_all),
    Check("texts", find_text_cache, repair_text_cache),
    Check("contexts", find_link_contexts, repair_link_contexts),
    Check("derived", find_other_manifests, rebuild_all),
    Check("leftovers", find_leftovers, repair_leftovers),
    Check("identity", find_identity, repair_identity),
]


@dataclass
class Report:
    problems: list[Problem]
    repaired: list[str]

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "problems": [p.to_json() for p in self.problems],
            "repaired": self.repaired,
        }


def diagnose(
    service: DoctorHost, repair: bool = False, checks: list[Check] | None = None
) -> Report:
    """Run every check; with repair, fix what is fixable in order, then check again."""
    checks = CHECKS if checks is None else checks
    ctx = DoctorContext(service)
    found = [p for c in checks for p in c.find(ctx)]
    repaired: list[str] = []
    if repair and found:
        done: set[Callable[[DoctorContext], None]] = set()
        for check in checks:
            if check.repair is not None and check.find(ctx):
                if check.repair not in done:
                    check.repair(ctx)
                    done.add(check.repair)
                repaired.append(check.name)
        ctx = DoctorContext(service)
        found = [p for c in checks for p in c.find(ctx)]
    return Report(found, repaired)
