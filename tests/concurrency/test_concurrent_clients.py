"""Concurrency: chat sessions and SPARQL clients on a real `counterpoint serve` while CLI
commands add, update and remove documents through it (tests/concurrent_load.py has the
harness and what it checks), and two ingests on one workspace at once. The quick form runs in
`make test`; the issue's full form (20 chats + 5 SPARQL clients for 60 s) is marked long, and
`make bench` prints its figures (bench/concurrency.py)."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from concurrent_load import ESSAYS, Outcome, churn, cli, corpus_state, serve, start_cli
from counterpoint.config import Settings
from counterpoint.errors import StoreError
from counterpoint.service import Counterpoint

TWO = {
    "one.md": "One\n\nThe first of two essays ingested at the same moment, about moats.\n",
    "two.md": "Two\n\nThe second of two essays, sent while the first one runs, about pricing.\n",
}


def _check(outcome: Outcome) -> None:
    run = outcome.run
    assert run.errors() == [], run.errors()[:10]
    assert outcome.found == [], outcome.found[:10]
    # Every kind of reader really ran, and the changes happened.
    for kind in ("chat", "ask", "sparql"):
        assert run.latencies(kind), f"no {kind} replies"
    added = set(run.ingested.values())
    assert len(added) == len(ESSAYS)
    assert added - set(outcome.after) == set(run.removed_at)
    assert set(outcome.after) - set(outcome.before) == added - set(run.removed_at)


def _two_files(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in TWO.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return paths


def _doctor_ok(workspace: Path) -> None:
    doctor = cli("doctor", "--workspace", str(workspace), "--json")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert json.loads(doctor.stdout)["ok"] is True


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_clients_read_consistent_snapshots_while_the_corpus_changes(
    workspace: Path, tmp_path: Path
) -> None:
    with serve(workspace) as served:
        outcome = churn(served, tmp_path / "new", chats=4, sparqls=2, seconds=10, max_s=300)
        _check(outcome)
        # Two ingests at once on the served workspace: the server runs them one at a time.
        both = [
            start_cli("ingest", str(p), "--workspace", str(workspace), "--json")
            for p in _two_files(tmp_path / "two")
        ]
        for proc in both:
            out, err = proc.communicate(timeout=600)
            assert proc.returncode == 0, err
            assert [r["status"] for r in json.loads(out)] == ["added"]
        assert len(corpus_state(workspace)) == len(outcome.after) + 2
    _doctor_ok(workspace)


@pytest.mark.slow
def test_two_ingests_without_a_server_one_stops_in_one_line(
    workspace: Path, tmp_path: Path, embedder: Any
) -> None:
    """No server: each process opens the store itself. While one ingest holds the workspace a
    second is refused at once, in one line naming the cause, having touched nothing; the
    first completes, the workspace is consistent, and the second then goes in."""
    first, second = _two_files(tmp_path / "two")
    before = corpus_state(workspace)
    holder = Counterpoint(Settings(workspace=workspace), embedder=embedder)
    try:
        running = threading.Thread(target=holder.ingest, args=([str(first)],))
        running.start()
        with pytest.raises(StoreError) as refused:
            Counterpoint(Settings(workspace=workspace), embedder=embedder)
        message = str(refused.value)
        assert "\n" not in message and "in use by another Counterpoint process" in message
        running.join(timeout=600)
    finally:
        holder.close()
    _doctor_ok(workspace)
    again = Counterpoint(Settings(workspace=workspace), embedder=embedder)
    try:
        results, _ = again.ingest([str(second)])
        assert [r.status for r in results] == ["added"]
    finally:
        again.close()
    assert len(corpus_state(workspace)) == len(before) + 2
    _doctor_ok(workspace)


@pytest.mark.long
@pytest.mark.timeout(3600)
def test_full_load_twenty_chats_five_sparql_sixty_seconds(workspace: Path, tmp_path: Path) -> None:
    with serve(workspace) as served:
        outcome = churn(served, tmp_path / "new", chats=20, sparqls=5, seconds=60, max_s=1200)
    _check(outcome)
