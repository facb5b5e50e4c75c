"""Which essays may answer which: naming relates two essays further apart in content than
the topic gate lets unnamed essays be."""

from __future__ import annotations

import numpy as np

from counterpoint.config import LinkSettings
from counterpoint.kg.extract.essay_pairs import linkable


def _at(cosine: float) -> np.ndarray:
    """A unit vector at `cosine` to (1, 0)."""
    return np.array([cosine, np.sqrt(1 - cosine**2)], dtype=np.float32)


ORIGINAL = np.array([1.0, 0.0], dtype=np.float32)
DATES = {"original": "2023-01-01", "reply": "2024-01-01"}


def _names(naming: bool):  # type: ignore[no-untyped-def]
    return lambda a, b: naming and (a, b) == ("reply", "original")


def test_a_reply_that_names_its_original_answers_it_from_another_field() -> None:
    cfg = LinkSettings()
    cos = (cfg.named_essay_similarity + cfg.essay_similarity) / 2
    essays = {"original": ORIGINAL, "reply": _at(cos)}
    named, implicit = linkable(essays, DATES, _names(True), cfg, None, None)
    assert named == {"reply": {"original"}}
    # the same distance without naming: about different things
    named, implicit = linkable(essays, DATES, _names(False), cfg, None, None)
    assert named == {} and implicit == {}


def test_naming_does_not_relate_an_essay_on_another_topic() -> None:
    cfg = LinkSettings()
    essays = {"original": ORIGINAL, "reply": _at(cfg.named_essay_similarity - 0.2)}
    named, implicit = linkable(essays, DATES, _names(True), cfg, None, None)
    assert named == {} and implicit == {}


def test_unnamed_related_essays_are_answered_implicitly_only_above_the_topic_gate() -> None:
    cfg = LinkSettings()
    essays = {"original": ORIGINAL, "reply": _at(cfg.essay_similarity + 0.05)}
    named, implicit = linkable(essays, DATES, _names(False), cfg, None, None)
    assert named == {} and implicit == {"reply": {"original"}}
    # an update of the reply alone decides the same pair
    assert linkable(essays, DATES, _names(False), cfg, {"reply"}, None) == (named, implicit)
