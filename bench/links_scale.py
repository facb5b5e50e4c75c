"""The links stage when one essay is added to a corpus of n bench essays (issue 15).

Links are kept per pair of essays, so adding one compares only the new essay's pairs; the
whole-corpus relink beside it is what every ingest or remove cost before (today's linker
over every pair). Vectors come from hashed bags of words: similar texts get similar vectors,
so the recombined bench essays' shared paragraphs do become link candidates as they would
with the model, while the model's own time (counted in the ingest figures) stays out of a
figure about linking. The first added essay embeds the base's claims once (the per-workspace
claim-vector cache, as a running workspace has it); the second is timed.
`bench/links_before.json` holds the same figure measured on the code before this change.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, report
from counterpoint.retrieval.stand_in import BagOfWordsEmbedder

BEFORE = ROOT / "bench" / "links_before.json"


def links_add_one(n: int, base: Path | None = None) -> dict[str, float]:
    """Seconds of the links stage for one added essay, and of a whole-corpus relink, over a
    workspace of n bench essays (built here, or copied from `base`, made by the same paths)."""
    from bench.scale import essay_paths
    from counterpoint.config import Settings
    from counterpoint.service import Counterpoint

    paths = [str(p) for p in essay_paths(n + 2)]
    out: dict[str, float] = {"essays": float(n)}
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        if base is not None:
            shutil.copytree(base, ws)
        service = Counterpoint(
            Settings(workspace=ws), embedder=BagOfWordsEmbedder(384, "bench-bag-of-words")
        )
        if base is None:
            t0 = time.perf_counter()
            service.ingest(paths[:n])
            out["base_ingest_s"] = time.perf_counter() - t0
        service.ingest([paths[n]])  # embeds the base's claims once (the claim-vector cache)
        service.ingest([paths[n + 1]])
        stats = service.last_links
        assert stats is not None
        out["add_one_links_s"] = sum(stats.seconds.values())
        out.update({f"add_one_links_{k.replace(' ', '_')}_s": v for k, v in stats.seconds.items()})
        out["add_one_claim_pairs_compared"] = float(stats.claim_pairs_compared)
        out["add_one_essay_pairs"] = float(len(stats.essay_pairs))
        out["add_one_status_graphs_written"] = float(stats.status_graphs_written)
        out["add_one_pair_graphs_written"] = float(stats.pairs_written)
        t0 = time.perf_counter()
        full = service.enricher.rebuild_links(service.store)
        out["relink_all_s"] = time.perf_counter() - t0
        out["relink_all_claim_pairs_compared"] = float(full.claim_pairs_compared)
        out["cross_links"] = float(full.cross_links)
        service.close()
    return out


def before() -> dict[str, Any]:
    return json.loads(BEFORE.read_text("utf-8")) if BEFORE.exists() else {}


def run(sizes: list[int]) -> dict[str, Any]:
    """Report the figure for each size beside the recorded 'before' one."""
    results: dict[str, Any] = {}
    old = before()
    for n in sizes:
        r = links_add_one(n)
        results[f"links_add_one_{n}"] = r
        was = old.get(str(n))
        note = f"(before: {was:.2f} s, whole-corpus relink)" if was is not None else ""
        report("scale", f"add one essay, links stage, {n} essays (s)", r["add_one_links_s"], note)
        report("scale", f"relink every pair, {n} essays (s)", r["relink_all_s"])
        report(
            "scale",
            f"claim pairs compared, add one / relink all, {n} essays",
            f"{int(r['add_one_claim_pairs_compared'])} / "
            f"{int(r['relink_all_claim_pairs_compared'])}",
        )
    return results


if __name__ == "__main__":
    base = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    print(json.dumps(links_add_one(int(sys.argv[1]), base), indent=1))
