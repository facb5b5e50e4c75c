"""The view cache (service/view_cache.py): opening a workspace takes documents and chunk
offsets from it per version, and what it gives is always what the graph holds. Graph
expansion's per-document facts are kept there too (`read_doc_facts`): the maps a service
builds from them are always the maps read from the whole graph, whether the facts came from
the cache, from one graph at a time, or from every graph at once."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.doctor import diagnose
from counterpoint.kg.documents_read import load_all_chunks, load_documents
from counterpoint.retrieval.expand import LinkMap
from counterpoint.retrieval.stand_in import HashEmbedder
from counterpoint.service import Counterpoint, view_cache
from counterpoint.service.view_cache import CACHE_FILE, read_corpus
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


def _graph_view(service: Counterpoint) -> tuple[dict[str, object], dict[str, list[object]]]:
    stored = load_documents(service.store)
    chunks = load_all_chunks(service.store, {s.doc.doc_id: s.doc for s in stored})
    return {s.doc.doc_id: s for s in stored}, {d: list(c) for d, c in chunks.items()}


def _view(service: Counterpoint) -> tuple[dict[str, object], dict[str, list[object]]]:
    view = service.indexes.view
    return {s.doc.doc_id: s for s in view.stored}, {d: view.chunks_of(d) for d in view.docs}


def test_a_new_process_reads_documents_from_the_cache_and_they_equal_the_graph(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (ws / "vectors" / CACHE_FILE).exists()  # the ingest's own view wrote it
    service = _open(ws)
    expected = _graph_view(service)

    def no_graph_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("read from the graph although the cache holds every version")

    monkeypatch.setattr(view_cache, "load_documents", no_graph_read)
    monkeypatch.setattr(view_cache, "load_all_chunks", no_graph_read)
    monkeypatch.setattr(view_cache, "load_graph_documents", no_graph_read)
    try:
        got = _view(service)
        assert got == expected
        assert len(got[0]) == 4
        for doc_id, chunks in got[1].items():
            text = got[0][doc_id].doc.text  # type: ignore[attr-defined]
            assert chunks and all(text[c.start : c.end] == c.text for c in chunks)  # type: ignore[attr-defined]
    finally:
        service.close()


def test_a_damaged_or_stale_row_is_read_from_the_graph(ws: Path) -> None:
    path = ws / "vectors" / CACHE_FILE
    with sqlite3.connect(path) as db:
        versions = [v for (v,) in db.execute("SELECT version FROM docs ORDER BY version")]
        # a changed text, offsets past the text, a row without a source key, a wrong graph
        db.execute("UPDATE docs SET text = 'tampered' || text WHERE version = ?", (versions[0],))
        db.execute(
            "UPDATE docs SET chunks = '[[\"c\", 0, 99999999, null]]' WHERE version = ?",
            (versions[1],),
        )
        db.execute(
            "UPDATE docs SET record = json_set(record, '$.source_key', NULL) WHERE version = ?",
            (versions[2],),
        )
        db.execute("UPDATE docs SET graph = 'urn:x:elsewhere' WHERE version = ?", (versions[3],))
    service = _open(ws)
    try:
        assert _view(service) == _graph_view(service)
    finally:
        service.close()
    # and the rows were written again from the graph: the next open needs no graph read
    service = _open(ws)
    try:
        stored, _ = read_corpus(service.store, path)
        assert len(stored) == 4
        with sqlite3.connect(path) as db:
            texts = [t for (t,) in db.execute("SELECT text FROM docs")]
        assert not any(t.startswith("tampered") for t in texts)
    finally:
        service.close()


def test_a_file_that_is_not_a_database_is_started_afresh(ws: Path) -> None:
    (ws / "vectors" / CACHE_FILE).write_bytes(b"not a database at all" * 100)
    service = _open(ws)
    try:
        assert _view(service) == _graph_view(service)
    finally:
        service.close()
    with sqlite3.connect(ws / "vectors" / CACHE_FILE) as db:
        assert db.execute("SELECT COUNT(*) FROM docs").fetchone() == (4,)


def test_updates_and_removals_keep_the_cache_to_the_graphs_versions(
    ws: Path, tmp_path: Path
) -> None:
    changed = tmp_path / "changed.md"
    changed.write_text(
        Path(PATHS[0]).read_text(encoding="utf-8") + "\n\nOne more paragraph, added later.\n",
        encoding="utf-8",
    )
    service = _open(ws)
    try:
        assert service.indexes.view.docs  # a view in memory: the update refreshes it
        results, _ = service.ingest([str(changed), PATHS[4]])
        assert {r.status for r in results} <= {"added", "updated"}
        removed = sorted(service.indexes.view.docs)[-1]
        service.remove([removed])
        versions = service.indexes.view.versions
    finally:
        service.close()
    with sqlite3.connect(ws / "vectors" / CACHE_FILE) as db:
        held = {v for (v,) in db.execute("SELECT version FROM docs")}
    assert held == set(versions.values())
    service = _open(ws)
    try:
        assert _view(service) == _graph_view(service)
    finally:
        service.close()


def test_doctor_finds_chunk_offsets_the_graph_does_not_hold_and_repair_deletes_the_file(
    ws: Path,
) -> None:
    """Offsets inside the text pass the open's checks (the text itself is verified), so
    doctor compares every row with the graph."""
    import json

    path = ws / "vectors" / CACHE_FILE
    service = _open(ws)
    try:
        assert not [p for p in diagnose(service).problems if p.check == "view"]
    finally:
        service.close()
    with sqlite3.connect(path) as db:
        version, chunks = db.execute("SELECT version, chunks FROM docs LIMIT 1").fetchone()
        rows = json.loads(chunks)
        rows[0][2] -= 1  # the first chunk ends one character early
        db.execute("UPDATE docs SET chunks = ? WHERE version = ?", (json.dumps(rows), version))
    service = _open(ws)
    try:
        report = diagnose(service)
        assert any(p.check == "view" and CACHE_FILE in p.message for p in report.problems)
        repaired = diagnose(service, repair=True)
        assert not [p for p in repaired.problems if p.check == "view"]
        assert _view(service) == _graph_view(service)
    finally:
        service.close()


def test_doctor_finds_a_graph_edited_without_a_new_version(ws: Path) -> None:
    """The cache trusts the version: a graph edited by hand under the same version (here the
    title) is found by doctor, whose repair deletes the cache so the next open reads it."""

    service = _open(ws)
    try:
        stored = load_documents(service.store)[0]
        graph = stored.graph
        assert graph is not None
        old = stored.doc.meta.title.replace('"', '\\"')
        service.store.raw.update(  # type: ignore[attr-defined]
            "PREFIX schema: <https://schema.org/> "
            f'DELETE {{ GRAPH <{graph}> {{ ?d schema:name "{old}" }} }} '
            f'INSERT {{ GRAPH <{graph}> {{ ?d schema:name "Edited by hand" }} }} '
            f'WHERE {{ GRAPH <{graph}> {{ ?d schema:name "{old}" }} }}'
        )
        report = diagnose(service)
        assert any(p.check == "view" and "metadata" in p.message for p in report.problems)
        diagnose(service, repair=True)
    finally:
        service.close()
    service = _open(ws)
    try:
        assert "Edited by hand" in {d.meta.title for d in service.indexes.view.docs.values()}
    finally:
        service.close()


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
