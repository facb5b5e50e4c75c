"""The offline extractors (entities, claim features and scores, candidate claims, theses
offline and with the hash embedder's vectors, within-essay links) give exactly the output
recorded in tests/data/extract_golden.json for the bundled corpus and the held-out essays.

The golden file was written by `tests/extract_snapshot.py` (run it as its docstring says)
from main at c5c2896, before the extractors were made faster (issue 15): a speed-up must not
change one sentence, feature, score, mention, claim, confidence, thesis or link. Regenerate
it only when an extractor's output is meant to change."""

from __future__ import annotations

import json

import pytest

from extract_snapshot import GOLDEN, load, snapshot, sources


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(GOLDEN.read_text("utf-8"))


def test_golden_covers_every_source(golden: dict) -> None:
    assert sorted(golden) == sorted(p.name for p in sources())
    assert len(golden) >= 17


@pytest.mark.parametrize("path", sources(), ids=lambda p: p.stem)
def test_extractors_give_the_golden_output(golden: dict, path) -> None:
    # through JSON, so tuples and lists (and float reprs) compare as the file stores them
    got = json.loads(json.dumps(snapshot(load(path)), ensure_ascii=False))
    want = golden[path.name]
    for key in want:
        assert got[key] == want[key], f"{path.name}: {key} differs from the golden output"
