"""`make bench-llm`: the held-out argument figures with the configured LLM (claims and link
polarity judged by the model, cached by content hash, offline rules as fallback), printed in
the same table as the offline figures of `make bench`. Without COUNTERPOINT_LLM_MODEL it
prints one line saying so and exits 0."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from bench.argument import HELDOUT, LABELS, SEED


def main() -> int:
    from counterpoint.config import Settings

    model = Settings().llm_model
    if not model:
        print("argument   bench-llm skipped: no model configured (set COUNTERPOINT_LLM_MODEL)")
        return 0
    from bench.common import shared_embedder
    from counterpoint.kg.extract.heldout import ingest_and_score, table
    from counterpoint.service import Counterpoint

    with tempfile.TemporaryDirectory() as tmp:
        service = Counterpoint(Settings(workspace=Path(tmp) / "ws"), embedder=shared_embedder())
        try:
            halves = ingest_and_score(service, SEED, HELDOUT, LABELS / "seed_claims.json")
        finally:
            service.close()
    print(f"argument   held-out essays (LLM: {model}):")
    for line in table(halves):
        print(f"           {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
