"""`make bench`: prints the project's speed and quality figures, one line each."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from bench import answer, argument, corpus_stage, ingest_ask, retrieval, scale, sparql

SECTIONS = [
    ingest_ask.run,
    corpus_stage.run,
    argument.run,
    sparql.run,
    retrieval.run,
    answer.run,
    scale.run_small,
]


def main() -> None:
    for section in SECTIONS:
        section()


if __name__ == "__main__":
    main()
