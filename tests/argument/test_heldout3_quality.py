"""Held-out set 3 (tests/data/heldout3: eight essays on whether AI agents will commoditise
vertical SaaS, one of them off-topic; split by SALT3 in counterpoint.kg.extract.heldout). The
essays were written and labelled without reading the extraction code and are ingested on their
own into a fresh workspace, offline; set 3's seed is one of its own essays.

The floors on the TEST half were set once, a little under the first measurement (recorded beside
each assert and in tests/data/heldout3/README.md), never tuned; the quick tests check that the
labels fit their essays and that the split follows its fixed rule."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.corpus.loaders import load_file
from counterpoint.corpus.pipeline import make_document
from counterpoint.kg.extract.heldout import (
    HALVES,
    SALT3,
    HalfScores,
    ingest_and_score,
    load_labels,
    locate,
    split_of,
)
from counterpoint.retrieval.base import Embedder
from counterpoint.service import Counterpoint
from helpers import DATA

SET3 = DATA / "heldout3"


def test_every_label_matches_its_essay_text() -> None:
    labels = load_labels(SET3 / "labels")
    essays = {p.name: p for p in sorted((SET3 / "essays").glob("*.md"))}
    assert set(labels) == set(essays) and len(essays) == 8
    assert sum(bool(lab["off_topic"]) for lab in labels.values()) == 1
    texts = {}
    for name, path in essays.items():
        body = path.read_text("utf-8").split("---\n", 2)[2]
        canonical = make_document(load_file(path, 10**8)).text
        texts[name] = [c["text"] for c in labels[name]["claims"]]
        for text in texts[name]:
            assert body.count(text) == 1, (name, text)  # verbatim, once, after front matter
            assert locate(text, canonical) is not None, (name, text)  # and where it is scored
        assert 1 <= sum(c["thesis"] for c in labels[name]["claims"]) <= 3, name
    off_topic = {name for name, lab in labels.items() if lab["off_topic"]}
    for name, lab in labels.items():
        assert json.loads((SET3 / "labels" / f"{name[:-3]}.json").read_text("utf-8")) == lab
        for link in lab["links"]:
            assert link["premise_file"] == name, link
            assert link["premise"] in texts[name], link
            assert link["target"] in texts[link["target_file"]], link
            assert link["polarity"] in ("attack", "support"), link
            if off_topic & {name, link["target_file"]}:  # the off-topic essay links only within
                assert link["target_file"] == name, link


def test_split_follows_its_fixed_rule() -> None:
    """SALT3 is the first counterpoint-heldout3-N giving each half at least 3 essays."""
    names = sorted(p.name for p in (SET3 / "essays").glob("*.md"))

    def sizes(salt: str) -> list[int]:
        return [sum(split_of(n, salt) == h for n in names) for h in HALVES]

    first = next(
        f"counterpoint-heldout3-{i}"
        for i in range(1, 100)
        if min(sizes(f"counterpoint-heldout3-{i}")) >= 3
    )
    assert first == SALT3 and sizes(SALT3) == [4, 4]


@pytest.fixture(scope="module")
def heldout3(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> Iterator[dict[str, HalfScores]]:
    ws = tmp_path_factory.mktemp("heldout3") / "ws"
    service = Counterpoint(Settings(workspace=Path(ws), llm_model=None), embedder=embedder)
    halves = ingest_and_score(service, None, SET3, None, salt=SALT3)
    yield {h.half: h for h in halves}
    service.close()


@pytest.mark.slow
def test_set3_claims_floors(heldout3: dict[str, HalfScores]) -> None:
    test = heldout3["test"]
    assert test.claim_precision >= 0.70, test  # measured 0.78
    assert test.claim_recall >= 0.48, test  # measured 0.56 (labels 82)
    assert test.claim_share <= 0.40, test  # measured 0.31 (labels 0.43)
    assert test.short_claims == 0, test


@pytest.mark.slow
def test_set3_theses_floors(heldout3: dict[str, HalfScores]) -> None:
    test = heldout3["test"]
    # measured 0.75 (3 of 4 essays) against the positional rule's 0.00
    assert test.thesis_rate >= 0.70 and test.thesis_rate > test.baseline_rate, test
    assert test.marks_max <= 3, test  # measured 2


@pytest.mark.slow
def test_set3_links_floors(heldout3: dict[str, HalfScores]) -> None:
    test = heldout3["test"]
    assert test.found_cross >= 1, test  # measured 0.04 (2/51): one link below
    # within recall measured 0.00 (0/52): no floor yet beyond the labels being scored
    assert test.labelled_within == 52 and test.labelled_cross == 51, test
    assert test.true_links >= 1, test  # precision measured 0.20 (2/10): one link below
    assert test.off_topic_links == 0, test  # measured 0: the off-topic essay is in test
    # polarity measured 0.50 (right on 1 of the 2 links found): too few links for a floor
