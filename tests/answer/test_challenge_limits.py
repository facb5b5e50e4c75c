"""Recorded challenges are bounded per session and can be purged (by session, by date, all),
through the service, the CLI and the served app's local API."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from counterpoint.answer.record import (
    count_challenges,
    list_challenges,
    purge_challenges,
    record_challenge,
)
from counterpoint.config import Settings
from counterpoint.kg.namespaces import Iris
from counterpoint.kg.oxigraph_store import OxigraphStore
from counterpoint.service import Counterpoint

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _record(store: OxigraphStore, iris: Iris, session: str, day: int, **kw: Any) -> str | None:
    return record_challenge(
        store, iris, f"challenge {session} {day}", ["cl-thesis"], "contested", session,
        T0 + dt.timedelta(days=day), **kw,
    )  # fmt: skip


def test_a_session_records_at_most_its_limit(argument_store: OxigraphStore, iris: Iris) -> None:
    before = count_challenges(argument_store, iris)
    ids = [_record(argument_store, iris, "s1", d, max_per_session=2) for d in range(4)]
    assert ids[0] and ids[1] and ids[2:] == [None, None]
    assert _record(argument_store, iris, "s2", 0, max_per_session=2) is not None
    assert count_challenges(argument_store, iris, "s1") == 2
    assert count_challenges(argument_store, iris) == before + 3


def test_purge_by_session_and_date_keeps_the_rest(
    argument_store: OxigraphStore, iris: Iris
) -> None:
    others = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER(?g != <{iris.challenges_graph()}>) }}"
    )
    purge_challenges(argument_store, iris)  # start from none recorded
    argument_triples = argument_store.select(others)[0]["n"]
    for session in ("s1", "s2"):
        for day in range(3):
            _record(argument_store, iris, session, day)
    assert purge_challenges(argument_store, iris, session="s1") == 3
    assert {c.session for c in list_challenges(argument_store, iris)} == {"s2"}
    assert purge_challenges(argument_store, iris, before=T0 + dt.timedelta(days=1)) == 1
    left = list_challenges(argument_store, iris)
    assert sorted(c.text for c in left) == ["challenge s2 1", "challenge s2 2"]
    assert purge_challenges(argument_store, iris) == 2
    assert count_challenges(argument_store, iris) == 0
    # the attack nodes went with them: nothing is left in the challenges graph
    graph = iris.challenges_graph()
    leftover = argument_store.select(f"SELECT * WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert leftover == []
    # the argument graphs themselves are untouched
    assert argument_store.select(others)[0]["n"] == argument_triples
    assert purge_challenges(argument_store, iris) == 0


CHALLENGE = "Isn't the brand-moat argument wrong because brands just follow model performance?"


@pytest.mark.slow
def test_service_stops_recording_at_the_session_limit(workspace: Path, embedder: Any) -> None:
    svc = Counterpoint(
        Settings(workspace=workspace, max_challenges_per_session=1), embedder=embedder
    )
    try:
        before = len(svc.challenges())
        first = svc.ask(CHALLENGE, session="loop")
        second = svc.ask(CHALLENGE, session="loop")
        assert first.verdict is not None and second.verdict == first.verdict  # still answered
        recorded = [c for c in svc.challenges() if c.session == "loop"]
        assert len(recorded) == 1 and len(svc.challenges()) == before + 1
        assert svc.purge_challenges(session="loop") == 1
        assert len(svc.challenges()) == before
    finally:
        svc.close()


def test_cli_purge_challenges(workspace: Path) -> None:
    from counterpoint.cli import cli

    settings = Settings(workspace=workspace)
    real = Iris(settings.base_iri)
    store = OxigraphStore(settings.graph_dir)
    try:
        for day in range(2):
            _record(store, real, "old", day)
        _record(store, real, "new", 30)
    finally:
        store.close()
    runner = CliRunner()
    ws = ["--workspace", str(workspace)]
    refused = runner.invoke(cli, ["purge-challenges", *ws])
    assert refused.exit_code != 0 and "--yes" in refused.output
    bad = runner.invoke(cli, ["purge-challenges", "--before", "yesterday", *ws])
    assert bad.exit_code != 0 and "--before" in bad.output
    out = runner.invoke(cli, ["purge-challenges", "--before", "2026-01-15", "--json", *ws])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output) == {"removed": 2}
    out = runner.invoke(cli, ["purge-challenges", "--session", "new", *ws])
    assert out.exit_code == 0 and out.output.strip() == "removed 1 challenge"


def test_local_api_purges_for_a_cli_beside_the_server(service: Counterpoint) -> None:
    from fastapi.testclient import TestClient

    from counterpoint.ui.handoff import API_PREFIX
    from counterpoint.ui.server import build_server

    record_challenge(service.store, service.iris, "c", [], "contested", "api", T0)
    client = TestClient(build_server(service, "tok"))
    url = f"{API_PREFIX}/challenges/purge"
    auth = {"Authorization": "Bearer tok"}
    assert client.post(url, json={"session": "api"}).status_code == 401
    bad = client.post(url, json={"before": "soon"}, headers=auth)
    assert bad.status_code == 400 and "--before" in bad.json()["error"]
    done = client.post(url, json={"session": "api"}, headers=auth)
    assert done.json() == {"removed": 1}
    assert all(c.session != "api" for c in service.challenges())


def test_past_the_overall_cap_the_oldest_challenges_make_room(
    argument_store: OxigraphStore, iris: Iris
) -> None:
    """Many sessions get round the per-session cap; `max_total` bounds them all, dropping the
    oldest (with their attack nodes) so that the newest challenge is always recorded."""
    purge_challenges(argument_store, iris)
    odd = 'line one\nline two\u2028still two \u00e9 "quoted" \\ end'
    kept = record_challenge(
        argument_store, iris, odd, ["cl-thesis"], "contested", "odd", T0 + dt.timedelta(days=50)
    )
    ids = [_record(argument_store, iris, f"s{d}", d, max_total=3) for d in range(6)]
    assert all(ids)  # every new one recorded
    assert count_challenges(argument_store, iris) == 3
    left = list_challenges(argument_store, iris)
    # the two newest by time, and the odd one (the newest of all), survive
    assert sorted(c.text for c in left) == sorted(["challenge s4 4", "challenge s5 5", odd])
    assert kept in {c.id for c in left}
    assert [c.target_claims for c in left] == [["cl-thesis"]] * 3
    graph = iris.challenges_graph()
    attacks = argument_store.select(
        "PREFIX aif: <http://www.arg.dundee.ac.uk/aif#>\n"
        f"SELECT ?ca WHERE {{ GRAPH <{graph}> {{ ?ca aif:Premise ?ch }} }}"
    )
    assert len(attacks) == 3  # the dropped challenges' attack nodes went with them
    # the per-session cap still applies first: a full session records nothing, drops nothing
    assert _record(argument_store, iris, "s5", 9, max_per_session=1, max_total=3) is None
    assert count_challenges(argument_store, iris) == 3


def test_the_service_passes_the_overall_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    from counterpoint.service import answering

    seen: dict[str, Any] = {}

    def fake_record(*args: Any, **kwargs: Any) -> str:
        seen.update(kwargs)
        return "ch-x"

    monkeypatch.setattr(answering, "record_challenge", fake_record)
    settings = Settings(max_challenges_total=7, max_challenges_per_session=2)
    host = answering.Answering(settings, None, Iris(settings.base_iri), None, "sess")  # type: ignore[arg-type]
    from counterpoint.answer.models import Answer

    host._record(Answer(question="q", answer="a", grounded=True, verdict="contested"), None)
    assert seen == {"max_per_session": 2, "max_total": 7}
