"""Challenge mode over hand-made claims in the real store: targets, both sides, verdicts,
and the challenges graph that `counterpoint challenges` lists."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from claims_helper import ClaimSpec, add_claims
from counterpoint.answer.challenge import Sides, is_challenge, verdict_of
from counterpoint.cli import cli
from counterpoint.config import Settings
from counterpoint.kg.claims import ClaimRecord
from counterpoint.service import Counterpoint
from helpers import SEED_ID

THESIS = (
    "The brand moats that companies build will likely only increase in importance as capital "
    "markets continue to kingmake a range of startups in a given space"
)
SUPPORT = (
    "it’s likely that brand moats will become more important than most building in the space "
    "appreciate."
)
ATTACK = (
    "We’ve also seen the synergy between network effects and brand moats being framed as "
    "directly correlated to performance increases across the fundraising pitches for all of "
    "the large AI Labs."
)
CHALLENGE = (
    "Isn't it wrong that the brand moats that companies build will likely only increase in "
    "importance as capital markets continue to kingmake a range of startups?"
)


def seed_argument(service: Counterpoint, status: dict[str, str] | None = None) -> None:
    add_claims(
        service,
        [
            ClaimSpec("cl-thesis", SEED_ID, THESIS, thesis=True),
            ClaimSpec("cl-support", SEED_ID, SUPPORT),
            ClaimSpec("cl-attack", SEED_ID, ATTACK),
        ],
        attacks=[("cl-attack", "cl-thesis")],
        supports=[("cl-support", "cl-thesis")],
        status=status or {"cl-thesis": "undecided", "cl-attack": "standing"},
    )


def test_detects_challenges_but_not_plain_questions() -> None:
    for q in (
        CHALLENGE,
        "I disagree that brand moats matter",
        "Surely brand is just a lagging indicator?",
        "Doesn't open source make moats irrelevant?",
        "The claim about stale models is wrong",
    ):
        assert is_challenge(q), q
    for q in (
        "What does the essay argue about brand moats?",
        "How can open-source AI labs make money?",
        "Who is Sam Altman?",
    ):
        assert not is_challenge(q), q


def _claim(cid: str, status: str = "undecided", attacks=(), supports=()) -> ClaimRecord:  # type: ignore[no-untyped-def]
    return ClaimRecord(cid, "d", "t", 0, 1, False, 0.9, "x", status, list(attacks), list(supports))


def test_verdict_rules() -> None:
    t = _claim("t")
    sup = _claim("s", supports=["t"])
    att = _claim("a", status="standing", attacks=["t"])
    weak = _claim("w", status="defeated", attacks=["t"])
    assert verdict_of(Sides([t], [sup], [att])) == "contested"
    assert verdict_of(Sides([t], [sup], [])) == "supported"
    assert verdict_of(Sides([t], [], [att])) == "refuted"
    assert verdict_of(Sides([t], [], [weak])) == "contested"
    assert verdict_of(Sides([t], [], [])) == "unclear"
    assert verdict_of(Sides([_claim("t", status="defeated")], [sup], [])) == "refuted"
    assert verdict_of(Sides([], [], [])) == "unclear"


def test_challenge_finds_target_and_both_sides(service: Counterpoint) -> None:
    seed_argument(service)
    answer = service.ask(CHALLENGE)
    assert answer.verdict == "contested"
    assert answer.target_claims and answer.target_claims[0] == "cl-thesis"
    by_claim = {c.claim_id: c for c in answer.citations if c.claim_id}
    assert {"cl-thesis", "cl-support", "cl-attack"} <= set(by_claim)
    for c in answer.citations:
        assert service.view.docs[c.doc_id].text[c.start : c.end] == c.quote
        assert f"[{c.n}]" in answer.answer
    assert by_claim["cl-attack"].quote == ATTACK
    assert "Supporting the claim" in answer.answer and "Against the claim" in answer.answer
    assert "Verdict: contested" in answer.answer


def test_a_defeated_claim_argued_both_ways_is_contested(service: Counterpoint) -> None:
    # The graph's evaluation marks the thesis defeated (`verdict_of` alone says refuted, see
    # test_verdict_rules), but one claim supports it and one attacks it: the corpus argues
    # both ways, so the answer says contested, on the graph's basis, with its strength.
    seed_argument(service, status={"cl-thesis": "defeated", "cl-attack": "standing"})
    answer = service.ask(CHALLENGE)
    assert answer.verdict == "contested"
    assert answer.verdict_basis == "argument graph"


def test_challenge_on_the_extracted_graph_is_grounded(service: Counterpoint) -> None:
    answer = service.ask("Isn't the brand-moat argument wrong because brands follow performance?")
    assert answer.verdict in ("supported", "contested", "refuted", "unclear")
    assert answer.grounded and answer.citations
    known = {c.id for c in service.claims()}
    assert set(answer.target_claims or []) <= known
    for c in answer.citations:
        assert service.view.docs[c.doc_id].text[c.start : c.end] == c.quote


def test_challenges_are_recorded_and_listed_newest_first(workspace: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    service = Counterpoint(Settings(workspace=workspace), embedder=embedder)
    seed_argument(service)
    first = service.ask(CHALLENGE, session="s1")
    service.ask("I disagree that open-source models become stale", session="s1")
    service.ask("What does the essay argue about brand moats?")  # not a challenge
    records = service.challenges()
    assert len(records) == 2
    assert records[0].created >= records[1].created
    assert records[1].text == CHALLENGE
    assert records[1].target_claims == sorted(first.target_claims or [])
    assert "cl-thesis" in records[1].target_claims and records[1].verdict == first.verdict
    assert records[1].session == "s1"
    # The shape queries/challenged-claims.rq reads: I-node + cp:Challenge + CA-node link.
    ask = f"""ASK {{ GRAPH <{service.iris.challenges_graph()}> {{
        ?ch a aif:I-node, cp:Challenge ; dcterms:identifier "{records[1].id}" ;
            prov:generatedAtTime ?t ; cp:session "s1" ; cp:verdict "contested" .
        ?ca a aif:CA-node ; aif:Premise ?ch ; aif:Conclusion <{service.iris.claim("cl-thesis")}> .
        FILTER(DATATYPE(?t) = xsd:dateTime) }} }}"""
    from counterpoint.kg.namespaces import sparql_prefixes

    assert service.store.ask(sparql_prefixes() + ask)
    # filtered to challenges that target one of the essay's claims, still newest first
    seed_ids = {c.id for c in service.claims() if c.doc_id == SEED_ID}
    expected = [r.id for r in records if set(r.target_claims) & seed_ids]
    assert [r.id for r in service.challenges(SEED_ID)] == expected and expected
    service.close()
    result = CliRunner().invoke(cli, ["challenges", "--json", "--workspace", str(workspace)])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [r["id"] for r in listed] == [r.id for r in records]
    assert set(listed[0]) == {"id", "text", "created", "target_claims", "verdict"}
    bad = CliRunner().invoke(cli, ["challenges", "--doc", "nope", "--workspace", str(workspace)])
    assert bad.exit_code == 2 and "unknown document id" in bad.stderr


def test_the_basis_line_says_when_the_weighed_evidence_overrode_the_graph() -> None:
    """Two attackers and no supporter make the graph say "refuted"; when the weighed
    evidence (the claim's own essay, retrieved passages) turns that into "contested", the
    line says both, rather than "comes from the argument graph" beside a verdict the counts
    do not explain."""
    from counterpoint.answer.challenge_plan import _basis_line
    from counterpoint.answer.sides import Placed, Weighing

    attacks = [Placed(r, "against", 0.8, "argument graph", "link") for r in (3, 4)]
    plain = Weighing(0, None, 1.0, evidence=attacks, verdict="refuted", basis="argument graph")
    assert _basis_line(plain) == (
        "The verdict comes from the argument graph: 2 claims attack it and no claim supports it."
    )
    overridden = Weighing(
        0,
        None,
        1.0,
        evidence=attacks[:1],
        verdict="contested",
        basis="argument graph",
        graph_verdict="refuted",
    )
    line = _basis_line(overridden)
    assert line.startswith("In the argument graph 1 claim attacks it and no claim supports it")
    assert "alone would say refuted" in line and line.endswith("the corpus says contested.")
