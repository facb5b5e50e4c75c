"""Held-out set 2 (tests/data/heldout2: eight essays on abolishing parking minimums, a topic
outside the corpus; split by SALT2 in counterpoint.kg.extract.heldout). The essays are
ingested on their own into a fresh workspace, offline; set 2's seed is one of its own essays.

The floors on the TEST half were set once, a few points under the first measurement (recorded
beside each assert), never tuned; the quick test checks that the labels fit their essays."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.corpus.loaders import load_file
from counterpoint.corpus.pipeline import make_document
from counterpoint.kg.extract.heldout import SALT2, HalfScores, ingest_and_score, load_labels, locate
from counterpoint.retrieval.base import Embedder
from counterpoint.service import Counterpoint
from helpers import DATA

SET2 = DATA / "heldout2"


def test_every_label_matches_its_essay_text() -> None:
    labels = load_labels(SET2 / "labels")
    essays = {p.name: p for p in sorted((SET2 / "essays").glob("*.md"))}
    assert set(labels) == set(essays) and len(essays) == 8
    texts = {}
    for name, path in essays.items():
        raw = path.read_text("utf-8")
        body = raw.split("---\n", 2)[2]
        canonical = make_document(load_file(path, 10**8)).text
        texts[name] = [c["text"] for c in labels[name]["claims"]]
        for text in texts[name]:
            assert body.count(text) == 1, (name, text)  # verbatim, once, after front matter
            assert locate(text, canonical) is not None, (name, text)  # and where it is scored
        assert 1 <= sum(c["thesis"] for c in labels[name]["claims"]) <= 3, name
    for name, lab in labels.items():
        assert json.loads((SET2 / "labels" / f"{name[:-3]}.json").read_text("utf-8")) == lab
        for link in lab["links"]:
            assert link["premise_file"] == name, link
            assert link["premise"] in texts[name], link
            assert link["target"] in texts[link["target_file"]], link
            assert link["polarity"] in ("attack", "support"), link


@pytest.fixture(scope="module")
def heldout2(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> Iterator[dict[str, HalfScores]]:
    ws = tmp_path_factory.mktemp("heldout2") / "ws"
    service = Counterpoint(Settings(workspace=Path(ws), llm_model=None), embedder=embedder)
    halves = ingest_and_score(service, None, SET2, None, salt=SALT2)
    yield {h.half: h for h in halves}
    service.close()


@pytest.mark.slow
def test_set2_claims_floors(heldout2: dict[str, HalfScores]) -> None:
    test = heldout2["test"]
    assert test.claim_precision >= 0.57, test  # measured 0.60 (51/85)
    assert test.claim_recall >= 0.79, test  # measured 0.82 (51/62)
    assert test.claim_share <= 0.50, test  # measured 0.47 (labels 0.35)
    assert test.short_claims == 0, test


@pytest.mark.slow
def test_set2_theses_floors(heldout2: dict[str, HalfScores]) -> None:
    test = heldout2["test"]
    # measured 1.00 (4 of 4 essays) against the positional rule's 0.50
    assert test.thesis_rate >= 0.95 and test.thesis_rate > test.baseline_rate, test
    assert test.marks_max <= 3, test


@pytest.mark.slow
def test_set2_links_floors(heldout2: dict[str, HalfScores]) -> None:
    test = heldout2["test"]
    assert test.cross_recall >= 0.07, test  # measured 0.10 (4/40)
    assert test.within_recall >= 0.04, test  # measured 0.04 (1/24): the floor is that one link
    assert test.link_precision >= 0.20, test  # measured 0.24 (5/21)
    assert test.polarity_accuracy >= 0.75, test  # measured 0.80 (4/5)
