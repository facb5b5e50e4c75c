"""Floors on the TEST half of the held-out labelled essays (tests/data/heldout; the split is
in counterpoint.kg.extract.heldout). The seed and the held-out essays are ingested through the
normal path into a fresh workspace, offline. The floors sit just under what the extractor
reaches today, so a regression fails CI; they are below the issue's targets where the
offline rules do not reach them (`make bench` prints every figure beside its target)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.kg.claims import load_claims
from counterpoint.kg.extract.heldout import HalfScores, ingest_and_score
from counterpoint.retrieval.base import Embedder
from counterpoint.service import Counterpoint
from helpers import DATA, SEED, SEED_ID

SEED_THESIS = "brand moats will become more important than most building in the space appreciate"


@pytest.fixture(scope="module")
def heldout(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> Iterator[tuple[Counterpoint, dict[str, HalfScores]]]:
    ws = tmp_path_factory.mktemp("heldout") / "ws"
    service = Counterpoint(Settings(workspace=Path(ws), llm_model=None), embedder=embedder)
    halves = ingest_and_score(service, SEED, DATA / "heldout", DATA / "labels" / "seed_claims.json")
    yield service, {h.half: h for h in halves}
    service.close()


@pytest.mark.slow
def test_claims_are_selective_and_read_on_their_own(
    heldout: tuple[Counterpoint, dict[str, HalfScores]],
) -> None:
    test = heldout[1]["test"]
    assert test.claim_precision >= 0.63, test  # measured 0.64 (0.639)
    assert test.claim_recall >= 0.60, test  # measured 0.61 (0.613)
    assert test.claim_share <= 0.45, test  # measured 0.43 (labels 0.45): not every sentence
    assert test.short_claims == 0, test


@pytest.mark.slow
def test_theses_beat_the_positional_rule_and_stay_few(
    heldout: tuple[Counterpoint, dict[str, HalfScores]],
) -> None:
    service, halves = heldout
    test = halves["test"]
    # measured 0.80 (4 of 5 essays) against the positional rule's 0.40
    assert test.thesis_rate >= 0.8 and test.thesis_rate > test.baseline_rate, test
    assert test.marks_max <= 3, test
    theses = [c.text for c in load_claims(service.store, SEED_ID, thesis_only=True)]
    assert any(SEED_THESIS in t.replace("’", "'") for t in theses), theses


@pytest.mark.slow
def test_links_floors_and_no_link_to_off_topic_essays(
    heldout: tuple[Counterpoint, dict[str, HalfScores]],
) -> None:
    test = heldout[1]["test"]
    assert test.cross_recall >= 0.1, test  # measured 0.12 (4/34)
    assert test.within_recall >= 0.25, test  # measured 0.26 (6/23)
    # measured 0.38 (10/26): a link kept on similarity alone needs a very close restatement.
    # Answers to restated views (links 2.7) add 3 links here that match no label (0.36,
    # 10/28) while they find 3 more cross links on set 2's test half and 6 on the two dev
    # halves: a net gain over both sets, so the floor moved from 0.36 to 0.34. Links 2.12
    # (answers go on in additive claims, popular-frame views answered within an essay, bare
    # replies) add 2 within links here that match no label (0.33, 10/30) for 4 more within
    # links found and one wrong one fewer on the dev halves of sets 2 and 3 (chosen on dev
    # before this figure was read), so the floor moved from 0.34 to 0.32
    assert test.link_precision >= 0.32, test
    assert test.polarity_accuracy >= 0.95, test  # measured 1.00
    assert test.off_topic_links == 0, test
