"""`make bench`: prints the project's speed and quality figures, one line each."""

from __future__ import annotations

import argparse
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
    parser = argparse.ArgumentParser(description="Print Counterpoint's speed and quality figures.")
    parser.add_argument("--scale", action="store_true", help="the sizes that take minutes")
    parser.add_argument(
        "--only", metavar="MODULE", action="append", help="run only this bench module (repeatable)"
    )
    args = parser.parse_args()
    sections = SCALE_SECTIONS if args.scale else SECTIONS
    if args.only:
        sections = [s for s in sections if s.__module__.rsplit(".", 1)[-1] in args.only]
        if not sections:
            parser.error(f"no section in module(s) {', '.join(args.only)}")
    for section in sections:
        section()
    name = "results-scale.json" if args.scale else "results.json"
    if args.only:  # a partial run must not overwrite the full run's figures
        name = name.replace(".json", "-partial.json")
    write_results(ROOT / "bench" / name)


if __name__ == "__main__":
    main()
