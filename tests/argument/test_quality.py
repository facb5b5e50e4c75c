"""Quality floors on the hand-labelled corpus (tests/data/labels/): a regression fails CI."""

from __future__ import annotations

import json

from counterpoint.kg.claims import load_claims
from counterpoint.kg.extract.evaluate import score_claims, score_links
from counterpoint.service import Counterpoint
from helpers import DATA, SEED_ID

LABELS = DATA / "labels"


def test_seed_claims_recall_and_precision_floors(service: Counterpoint) -> None:
    labels = json.loads((LABELS / "seed_claims.json").read_text("utf-8"))
    scores = score_claims(load_claims(service.store, SEED_ID), labels)
    assert scores.recall >= 0.85, scores
    assert scores.precision >= 0.7, scores
    assert scores.thesis_hits >= 2, scores


def test_link_polarity_accuracy_and_recall_on_labelled_links(service: Counterpoint) -> None:
    labels = json.loads((LABELS / "links.json").read_text("utf-8"))
    scores = score_links(load_claims(service.store), labels)
    assert scores.polarity_accuracy >= 0.8, scores
    assert scores.recall >= 0.6, scores


def test_off_topic_essay_takes_part_in_no_link(service: Counterpoint) -> None:
    off_topic = set(json.loads((LABELS / "links.json").read_text("utf-8"))["off_topic"])
    claims = load_claims(service.store)
    ids = {c.id for c in claims if c.doc_id in off_topic}
    assert ids, "the off-topic essay still has claims of its own"
    for c in claims:
        if c.doc_id in off_topic:
            assert not c.attacks and not c.supports
        assert not ids & (set(c.attacks) | set(c.supports))
    # and the other essays do link: the gate is not simply closed
    assert any(c.attacks for c in claims) and any(c.supports for c in claims)
