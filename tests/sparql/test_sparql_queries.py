"""Every example query runs on the real store over a hand-made argument graph and answers what
its comment says."""

from __future__ import annotations

from counterpoint.kg.sparql import run_query, serialize
from counterpoint.kg.sparql.examples import describe, example_queries


def _run(store, name: str, **kw):  # type: ignore[no-untyped-def]
    return run_query(store, example_queries()[name], timeout_s=20, limit=1000, **kw)


def test_library_has_ten_documented_queries() -> None:
    queries = example_queries()
    assert len(queries) >= 10
    for name, text in queries.items():
        assert describe(text), f"{name}.rq has no comment saying what it answers"


def test_theses_and_their_attackers(argument_store) -> None:  # type: ignore[no-untyped-def]
    rows = _run(argument_store, "theses-and-attackers").values()
    attackers = {(r["thesis_id"], r["attacker_id"]) for r in rows}
    assert attackers == {
        ("cl-brand", "cl-lagging"),
        ("cl-brand", "cl-distribution"),
        ("cl-lagging", None),
        ("cl-distribution", None),
    }
    lagging = next(r for r in rows if r["attacker_id"] == "cl-lagging")
    assert lagging["attacker_essay"] == "There Are No Moats"


def test_unattacked_claims(argument_store) -> None:  # type: ignore[no-untyped-def]
    ids = {r["claim_id"] for r in _run(argument_store, "unattacked-claims").values()}
    assert ids == {"cl-commoditise", "cl-lagging", "cl-switch", "cl-distribution"}


def test_most_contested_claim_counts_challenges_too(argument_store) -> None:  # type: ignore[no-untyped-def]
    rows = _run(argument_store, "most-contested-claims").values()
    assert rows[0]["claim_id"] == "cl-brand"
    assert rows[0]["attacks"] == "3"  # two claims and one user challenge
    assert rows[1] == {**rows[1], "claim_id": "cl-sticky", "attacks": "1"}


def test_entities_by_number_of_essays(argument_store) -> None:  # type: ignore[no-untyped-def]
    rows = _run(argument_store, "entities-by-essays").values()
    assert rows[0]["label"] == "OpenAI" and rows[0]["essays"] == "2"
    assert {r["label"]: r["essays"] for r in rows[1:]} == {"Anthropic": "1", "Microsoft": "1"}


def test_essays_disagreeing_with_a_given_essay(argument_store) -> None:  # type: ignore[no-untyped-def]
    query = example_queries()["essays-disagreeing-with"].replace(
        "open-source-ai-business-models-brand-moats", "brand-moats"
    )
    rows = run_query(argument_store, query, 20, 100).values()
    assert [r["other_id"] for r in rows] == ["distribution", "moats-are-dead"]
    nobody = run_query(argument_store, example_queries()["essays-disagreeing-with"], 20, 100)
    assert nobody.rows == []


def test_claims_users_challenged(argument_store) -> None:  # type: ignore[no-untyped-def]
    rows = _run(argument_store, "challenged-claims").values()
    assert len(rows) == 1
    assert rows[0]["claim_id"] == "cl-brand"
    assert rows[0]["verdict"] == "contested" and rows[0]["session"] == "session-1"


def test_claims_by_author_and_date(argument_store) -> None:  # type: ignore[no-untyped-def]
    rows = _run(argument_store, "claims-by-author-and-date").values()
    ada = [r for r in rows if r["author"] == "Ada Lovelace"]
    assert [r["date"] for r in ada] == sorted((r["date"] for r in ada), reverse=True)
    assert ada[0]["claim_id"] == "cl-distribution"
    # a co-authored essay lists its claims under both authors
    assert {r["author"] for r in rows if r["claim_id"] == "cl-switch"} == {
        "Grace Hopper",
        "Alan Turing",
    }


def test_essays_bibliography(argument_store) -> None:  # type: ignore[no-untyped-def]
    rows = _run(argument_store, "essays").values()
    assert [(r["id"], r["position"], r["author"]) for r in rows] == [
        ("brand-moats", "1", "Ada Lovelace"),
        ("moats-are-dead", "1", "Grace Hopper"),
        ("moats-are-dead", "2", "Alan Turing"),
        ("distribution", "1", "Ada Lovelace"),
    ]
    assert rows[-1]["publisher"] is None and rows[0]["publisher"] == "Example Blog"


def test_claims_by_status(argument_store) -> None:  # type: ignore[no-untyped-def]
    counts = {r["status"]: r["claims"] for r in _run(argument_store, "claims-by-status").values()}
    assert counts == {"standing": "3", "defeated": "2", "undecided": "1"}


def test_support_chains(argument_store) -> None:  # type: ignore[no-untyped-def]
    rows = _run(argument_store, "support-chains").values()
    assert {(r["thesis_id"], r["hops"], r["supporter_id"]) for r in rows} == {
        ("cl-brand", "1", "cl-commoditise"),
        ("cl-brand", "1", "cl-sticky"),
        ("cl-lagging", "1", "cl-switch"),
    }


def test_claims_mentioning_an_entity(argument_store) -> None:  # type: ignore[no-untyped-def]
    rows = _run(argument_store, "claims-mentioning-entity").values()
    assert {r["claim_id"] for r in rows} == {"cl-sticky"}
    assert "OpenAI" in rows[0]["claim"]


def test_agreement_graph_is_a_construct(argument_store) -> None:  # type: ignore[no-untyped-def]
    result = _run(argument_store, "essay-agreement-graph")
    assert result.kind == "graph"
    turtle = serialize(result, "turtle")
    assert "cito:disagreesWith" in turtle and "There Are No Moats" in turtle


def test_ask_has_claims(argument_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert _run(argument_store, "corpus-has-claims").boolean is True
    from counterpoint.kg.oxigraph_store import OxigraphStore

    empty = OxigraphStore(tmp_path / "empty")
    try:
        assert _run(empty, "corpus-has-claims").boolean is False
    finally:
        empty.close()
