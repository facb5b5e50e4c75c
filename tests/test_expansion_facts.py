"""Graph expansion's per-document facts kept per version in the view cache
(service/view_cache.read_doc_facts): the maps a service builds from them are always the maps
read from the whole graph, whether the facts came from the cache, from one graph at a time,
or from every graph at once."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.doctor import diagnose
from counterpoint.retrieval.expand import LinkMap
from counterpoint.retrieval.stand_in import HashEmbedder
from counterpoint.service import Counterpoint, view_cache
from counterpoint.service.view_cache import CACHE_FILE
from helpers import CORPUS

PATHS = sorted(str(p) for p in CORPUS.glob("*.md"))


def _open(ws: Path) -> Counterpoint:
    return Counterpoint(Settings(workspace=ws), embedder=HashEmbedder())


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Path]:
    service = _open(tmp_path / "ws")
    service.ingest(PATHS[:4])
    _ = service.indexes.view.expander.maps  # the first expansion fills the facts rows
    service.close()
    yield tmp_path / "ws"


def _facts_rows(ws: Path) -> list[tuple[str, str, str, str]]:
    with sqlite3.connect(ws / "vectors" / CACHE_FILE) as db:
        return list(db.execute("SELECT version, graph, quoted, mentions FROM facts"))


def _maps_equal_the_graph(service: Counterpoint) -> LinkMap:
    got = service.indexes.view.expander.maps
    assert got == LinkMap.read(service.store)
    return got


def test_a_new_process_builds_the_maps_from_the_cache_alone(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _facts_rows(ws)
    assert len(rows) == 4  # one per stored version
    service = _open(ws)
    try:
        expected = LinkMap.read(service.store)

        def no_graph_read(*args: object, **kwargs: object) -> None:
            raise AssertionError("read from the graph although the cache holds every version")

        monkeypatch.setattr(view_cache, "read_facts", no_graph_read)
        got = service.indexes.view.expander.maps
        assert got == expected
        assert sum(len(s.rows) for s in got.claims.values()) > 20  # claims were found
        assert sum(len(s.rows) for s in got.mentions.values()) > 20
        assert got.neighbours  # the links, read from the graph
    finally:
        service.close()


def test_damaged_rows_are_read_from_the_graph(ws: Path) -> None:
    versions = sorted(v for v, *_ in _facts_rows(ws))
    with sqlite3.connect(ws / "vectors" / CACHE_FILE) as db:
        # an offset past the text, a row that is not JSON, a row of another graph
        db.execute(
            "UPDATE facts SET mentions = '[[\"urn:x\", 99999999]]' WHERE version = ?",
            (versions[0],),
        )
        db.execute("UPDATE facts SET quoted = 'not json' WHERE version = ?", (versions[1],))
        db.execute("UPDATE facts SET graph = 'urn:other' WHERE version = ?", (versions[2],))
    service = _open(ws)
    try:
        _maps_equal_the_graph(service)
    finally:
        service.close()
    assert len(_facts_rows(ws)) == 4  # the damaged rows were written again


def test_one_graph_at_a_time_and_every_graph_at_once_give_the_same_maps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = _open(tmp_path / "ws")
    try:
        service.ingest(PATHS[:3])
        one_by_one = _maps_equal_the_graph(service)
    finally:
        service.close()
    (tmp_path / "ws" / "vectors" / CACHE_FILE).unlink()
    monkeypatch.setattr(view_cache, "BULK_MISSES", 0)
    service = _open(tmp_path / "ws")
    try:
        assert _maps_equal_the_graph(service) == one_by_one
    finally:
        service.close()


def test_updates_and_removals_keep_the_facts_to_the_graphs_versions(ws: Path) -> None:
    service = _open(ws)
    try:
        _ = service.indexes.view.expander.maps
        service.ingest([PATHS[4]])
        _maps_equal_the_graph(service)
        assert len(_facts_rows(ws)) == 5
        removed = sorted(service.indexes.view.docs)[0]
        service.remove([removed])
        maps = _maps_equal_the_graph(service)
        assert removed not in maps.claims and removed not in maps.mentions
        versions = {s.version for s in service.indexes.view.stored}
        assert {v for v, *_ in _facts_rows(ws)} == versions
    finally:
        service.close()


def test_doctor_finds_passages_the_graph_does_not_hold_and_repair_deletes_the_file(
    ws: Path,
) -> None:
    service = _open(ws)
    try:
        assert not [p for p in diagnose(service).problems if p.check == "view"]
    finally:
        service.close()
    version = sorted(v for v, *_ in _facts_rows(ws))[0]
    with sqlite3.connect(ws / "vectors" / CACHE_FILE) as db:  # well-formed, but not the graph's
        db.execute(
            "UPDATE facts SET mentions = '[[\"urn:not-an-entity\", 0]]' WHERE version = ?",
            (version,),
        )
    service = _open(ws)
    try:
        problems = [p for p in diagnose(service).problems if p.check == "view"]
        assert len(problems) == 1 and "passages" in problems[0].message
        repaired = diagnose(service, repair=True)
        assert not [p for p in repaired.problems if p.check == "view"]
        _maps_equal_the_graph(service)
    finally:
        service.close()


def test_warm_builds_what_a_first_question_reads(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve` warms in the background: after it, a first challenge reads neither the
    expansion facts nor the claims again."""
    from counterpoint.kg.extract import corpus_claims

    service = _open(ws)
    try:
        service.warm()

        def again(*args: object, **kwargs: object) -> None:
            raise AssertionError("read again after warm")

        monkeypatch.setattr(view_cache, "read_doc_facts", again)
        monkeypatch.setattr(corpus_claims, "read_corpus_claims", again)
        monkeypatch.setattr(view_cache, "read_corpus", again)
        answer = service.ask("Isn't brand a lagging indicator for model companies?")
        assert answer.answer
    finally:
        service.close()
