"""Crash safety of the derived data: a run killed after documents changed but before the links
graph and indexes were rebuilt is found by `doctor` and finished by the next ingest (never
"unchanged" over stale links), or by `doctor --repair`."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint.doctor import diagnose
from counterpoint.journal import JOURNAL_NAME, Journal
from counterpoint.service import Counterpoint
from helpers import SEED, SEED_ID

ENDING = "A closing paragraph argues that moats come from distribution, not from brands at all."


class Killed(BaseException):
    """Stands for SIGKILL: nothing after the raise runs, no `except Exception` catches it."""


def _edited(tmp_path: Path) -> Path:
    path = tmp_path / SEED.name
    path.write_text(SEED.read_text() + f"\n\n{ENDING}\n")
    return path


def _links(service: Counterpoint) -> set[tuple[str, ...]]:
    """Every triple of the links graphs (<links> and the pair and status graphs under it)."""
    links = service.iris.links_graph()
    rows = service.store.select(
        f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
        f'FILTER(STRSTARTS(STR(?g), "{links}")) }}'
    )
    return {tuple(str(v) for v in row) for row in rows}


def _kill_at_rebuild(service: Counterpoint, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kill the run where derived data is brought up to date (an ingest updates the changed
    documents; a run that finds a journal rebuilds everything)."""

    def killed(*_: object) -> None:
        raise Killed

    monkeypatch.setattr(service, "update_derived", killed)
    monkeypatch.setattr(service, "rebuild_derived", killed)


def test_kill_before_the_rebuild_is_found_and_finished_by_the_next_ingest(
    service: Counterpoint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _edited(tmp_path)
    journal = service.vectors.root / JOURNAL_NAME
    with monkeypatch.context() as patch:
        _kill_at_rebuild(service, patch)
        with pytest.raises(Killed):
            service.ingest([str(source)])
    assert ENDING in service.stored_documents(SEED_ID)[0].doc.text  # the graph switched
    assert journal.exists()
    report = diagnose(service)
    assert not report.ok
    [problem] = [p for p in report.problems if p.check == "journal"]
    assert SEED_ID in problem.message and "next ingest or doctor --repair" in problem.message

    rebuilt: list[bool] = []
    real = service.rebuild_derived

    def counting() -> None:
        rebuilt.append(True)
        real()

    monkeypatch.setattr(service, "rebuild_derived", counting)
    results, _ = service.ingest([str(source)])
    assert [r.status for r in results] == ["unchanged"]
    assert rebuilt == [True]  # the interrupted rebuild was finished
    assert not journal.exists()
    assert diagnose(service).ok
    links_after_crash = _links(service)
    real()  # a rebuild from scratch of the same graph gives the same links
    assert _links(service) == links_after_crash


def test_doctor_repair_finishes_an_interrupted_rebuild(
    service: Counterpoint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        _kill_at_rebuild(service, patch)
        with pytest.raises(Killed):
            service.ingest([str(_edited(tmp_path))])
    repaired = diagnose(service, repair=True)
    assert "journal" in repaired.repaired
    assert repaired.ok and not [p for p in repaired.problems if p.severity == "error"]
    assert Journal(service.vectors.root).pending() is None


def test_the_journal_names_each_change_before_it_is_made(
    service: Counterpoint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[dict[str, object] | None] = []
    real_write = service.vectors.write_doc

    def write_doc(*args: object, **kwargs: object) -> None:
        seen.append(Journal(service.vectors.root).pending())
        real_write(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(service.vectors, "write_doc", write_doc)
    service.ingest([str(_edited(tmp_path))])
    [pending] = seen
    assert pending is not None and pending["stage"] == "documents"
    [change] = pending["changes"]  # type: ignore[misc]
    assert change["doc_id"] == SEED_ID and change["old"] and change["new"] != change["old"]
    assert Journal(service.vectors.root).pending() is None  # cleared after the rebuild


def test_an_unchanged_ingest_writes_no_journal(service: Counterpoint) -> None:
    service.ingest([str(SEED)])
    assert not (service.vectors.root / JOURNAL_NAME).exists()


def test_a_text_over_the_limit_is_refused_naming_the_setting(
    tmp_path: Path,
    embedder,  # type: ignore[no-untyped-def]
) -> None:
    from counterpoint.config import Settings

    service = Counterpoint(Settings(workspace=tmp_path / "ws", max_text_mb=0.01), embedder=embedder)
    try:
        [row], _ = service.ingest([str(SEED)])
    finally:
        service.close()
    assert row.status == "error" and row.error is not None
    assert "max_text_mb" in row.error and "0.01 MB limit" in row.error
    assert "COUNTERPOINT_MAX_TEXT_MB" in row.error and "\n" not in row.error


def test_an_overlong_question_is_refused_before_anything_is_recorded(
    service: Counterpoint,
) -> None:
    from counterpoint.errors import UsageError

    limit = service.settings.max_question_chars
    before = len(service.challenges())
    for ask in (service.ask, lambda q: list(service.ask_stream(q))):
        with pytest.raises(UsageError) as err:
            ask("Brand is not a moat. " * (limit // 10))
        assert "max_question_chars" in str(err.value) and str(limit) in str(err.value)
    assert len(service.challenges()) == before
