"""`make bench`: prints the project's speed and quality figures, one line each."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from bench import (
    answer,
    app,
    argument,
    backends,
    cold_cli,
    concurrency,
    corpus_stage,
    doc_size,
    index_scale,
    ingest_ask,
    retrieval,
    scale,
    sparql,
)
from bench.common import ROOT, write_results

SECTIONS = [
    ingest_ask.run,
    corpus_stage.run,
    doc_size.run,
    argument.run,
    sparql.run,
    retrieval.run,
    answer.run,
    backends.run,
    cold_cli.run,
    index_scale.run,
    app.run,
    concurrency.run,
    scale.run_small,
]
# `make bench-scale`: the sizes that take minutes and gigabytes.
SCALE_SECTIONS = [index_scale.run_scale, scale.run_scale]


def main() -> None:
    sections = SCALE_SECTIONS if "--scale" in sys.argv else SECTIONS
    for section in sections:
        section()
    name = "results-scale.json" if "--scale" in sys.argv else "results.json"
    write_results(ROOT / "bench" / name)


if __name__ == "__main__":
    main()
