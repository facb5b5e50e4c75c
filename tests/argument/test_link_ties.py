"""Cross-essay links do not flip on float noise: embeddings of one text differ by ~1e-6
between runs, and two near-tied targets must resolve the same way every time (scores
rounded, then the smaller claim id), whatever order the claims come in."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from counterpoint.kg.extract.responses import ResponseClaim, cross_links

PREMISE = ResponseClaim("b-1", "b", "Open labs will win the enterprise market.", "2024-02-01")
FIRST = ResponseClaim("a-1", "a", "Open labs will win the enterprise market soon.", "2024-01-01")
SECOND = ResponseClaim("a-2", "a", "Open labs will win the enterprise market now.", "2024-01-01")
C = 0.9  # both targets' cosine with the premise: an exact tie before noise


def _embed(noise: dict[str, float]) -> Callable[[list[str]], np.ndarray]:
    """Fixed unit vectors per text; `noise` nudges a target's cosine with the premise."""
    side = float(np.sqrt(1 - C * C))
    base = {
        PREMISE.text: (1.0, 0.0, 0.0),
        FIRST.text: (C, side, 0.0),
        SECOND.text: (C, 0.0, side),
    }

    def embed(texts: list[str]) -> np.ndarray:
        out = []
        for t in texts:
            v = np.array(base[t]) + np.array([noise.get(t, 0.0), 0.0, 0.0])
            out.append(v / np.linalg.norm(v))
        return np.array(out, dtype=np.float32)

    return embed


def test_near_tied_targets_resolve_the_same_way_under_noise_and_reordering() -> None:
    runs = []
    for noise in ({}, {FIRST.text: 1e-6}, {SECOND.text: 1e-6}, {SECOND.text: -1e-6}):
        for order in ([PREMISE, FIRST, SECOND], [SECOND, PREMISE, FIRST]):
            # essay b names a (the per-pair rule links only an essay that names the other)
            found = cross_links(order, _embed(noise), {"b": {"a"}})
            runs.append(sorted((x.premise, x.conclusion, x.kind, x.confidence) for x in found))
    assert runs[0], "the premise links to one of the two tied targets"
    assert [x[:2] for x in runs[0]] == [("b-1", "a-1")]  # the tie goes to the smaller id
    assert all(r == runs[0] for r in runs), runs
