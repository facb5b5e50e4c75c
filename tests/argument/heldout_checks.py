"""What the floor tests of held-out argument sets 2 and 3 share: the check that every label
fits its essay text, and a set's halves scored after an offline ingest of its essays alone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from counterpoint.config import Settings
from counterpoint.corpus.loaders import load_file
from counterpoint.corpus.pipeline import make_document
from counterpoint.kg.extract.heldout import HalfScores, ingest_and_score, load_labels, locate
from counterpoint.retrieval.base import Embedder
from counterpoint.service import Counterpoint


def check_labels_fit(folder: Path, essays_expected: int) -> dict[str, dict[str, Any]]:
    """Each labelled claim is verbatim, once, in its essay's body and is located in the text
    the scorer reads; 1-3 theses per essay; each link joins two labelled claims with a known
    polarity, from the premise's own file. Returns the labels by essay file name."""
    labels = load_labels(folder / "labels")
    essays = {p.name: p for p in sorted((folder / "essays").glob("*.md"))}
    assert set(labels) == set(essays) and len(essays) == essays_expected
    texts = {}
    for name, path in essays.items():
        body = path.read_text("utf-8").split("---\n", 2)[2]
        canonical = make_document(load_file(path, 10**8)).text
        texts[name] = [c["text"] for c in labels[name]["claims"]]
        for text in texts[name]:
            assert body.count(text) == 1, (name, text)  # verbatim, once, after front matter
            assert locate(text, canonical) is not None, (name, text)  # and where it is scored
        assert 1 <= sum(c["thesis"] for c in labels[name]["claims"]) <= 3, name
    for name, lab in labels.items():
        assert json.loads((folder / "labels" / f"{name[:-3]}.json").read_text("utf-8")) == lab
        for link in lab["links"]:
            assert link["premise_file"] == name, link
            assert link["premise"] in texts[name], link
            assert link["target"] in texts[link["target_file"]], link
            assert link["polarity"] in ("attack", "support"), link
    return labels


def scored_halves(
    folder: Path, salt: str, workspace: Path, embedder: Embedder
) -> Iterator[dict[str, HalfScores]]:
    """The set's essays ingested offline into `workspace` (its seed is one of its own
    essays), both halves scored, by half name."""
    service = Counterpoint(Settings(workspace=workspace, llm_model=None), embedder=embedder)
    try:
        yield {h.half: h for h in ingest_and_score(service, None, folder, None, salt=salt)}
    finally:
        service.close()
