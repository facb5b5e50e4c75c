"""DF-QuAD strengths: the textbook cases and the properties the argument map relies on."""

from __future__ import annotations

import pytest

from counterpoint.kg.strength import Edge, aggregate, combine, df_quad


def test_unlinked_claims_keep_their_base_score() -> None:
    assert df_quad({"a": 0.7, "b": 0.4}, []) == {"a": 0.7, "b": 0.4}


def test_probabilistic_sum_and_combination() -> None:
    assert aggregate([]) == 0.0
    assert aggregate([0.5, 0.5]) == pytest.approx(0.75)
    assert combine(0.6, 0.5, 0.0) == pytest.approx(0.3)
    assert combine(0.6, 0.0, 0.5) == pytest.approx(0.8)
    assert combine(0.6, 0.5, 0.5) == pytest.approx(0.6)


def test_a_chain_reinstates_the_attacked_claim_partly() -> None:
    # c attacks b attacks a: a is weakened by b, but less than if b were unopposed
    alone = df_quad({"a": 0.5, "b": 1.0}, [Edge("b", "a", "attack")])
    chain = df_quad(
        {"a": 0.5, "b": 1.0, "c": 1.0}, [Edge("b", "a", "attack"), Edge("c", "b", "attack")]
    )
    assert alone["a"] == pytest.approx(0.0)
    assert chain["b"] == pytest.approx(0.0) and chain["a"] == pytest.approx(0.5)


def test_support_raises_and_link_confidence_scales_the_effect() -> None:
    strong = df_quad({"a": 0.5, "s": 0.8}, [Edge("s", "a", "support", 1.0)])
    weak = df_quad({"a": 0.5, "s": 0.8}, [Edge("s", "a", "support", 0.5)])
    assert strong["a"] == pytest.approx(0.9)
    assert 0.5 < weak["a"] < strong["a"]


def test_a_mutual_attack_converges_to_a_symmetric_value() -> None:
    out = df_quad({"a": 0.6, "b": 0.6}, [Edge("a", "b", "attack"), Edge("b", "a", "attack")])
    assert out["a"] == pytest.approx(out["b"], abs=1e-3)
    assert 0.0 < out["a"] < 0.6
