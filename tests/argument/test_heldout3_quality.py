"""Held-out set 3 (tests/data/heldout3: eight essays on whether AI agents will commoditise
vertical SaaS, one of them off-topic; split by SALT3 in counterpoint.kg.extract.heldout). The
essays were written and labelled without reading the extraction code and are ingested on their
own into a fresh workspace, offline; set 3's seed is one of its own essays.

The floors on the TEST half were set once, a little under the first measurement (recorded beside
each assert and in tests/data/heldout3/README.md), never tuned; the quick tests check that the
labels fit their essays and that the split follows its fixed rule."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from heldout_checks import check_labels_fit, scored_halves

from counterpoint.kg.extract.heldout import (
    HALVES,
    SALT3,
    HalfScores,
    split_of,
)
from counterpoint.retrieval.base import Embedder
from helpers import DATA

SET3 = DATA / "heldout3"


def test_every_label_matches_its_essay_text() -> None:
    labels = check_labels_fit(SET3, 8)
    off_topic = {name for name, lab in labels.items() if lab["off_topic"]}
    assert len(off_topic) == 1
    for name, lab in labels.items():
        for link in lab["links"]:
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
    yield from scored_halves(SET3, SALT3, tmp_path_factory.mktemp("heldout3") / "ws", embedder)


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
