"""Every claim read per essay version (kg/extract/corpus_claims.py: link cache, pair graphs,
status graphs) equals what the whole-graph reader `load_claims` gives: the same claims, in
the same order, with the same links, confidences, status and strength."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from counterpoint.kg.claims import ClaimRecord, load_claims
from counterpoint.kg.extract import corpus_claims
from counterpoint.kg.extract.corpus_claims import read_corpus_claims
from counterpoint.kg.extract.link_cache import CACHE_FILE
from counterpoint.service import Counterpoint


def _key(r: ClaimRecord) -> dict[str, object]:
    return {**r.to_json(), "link_confidence": sorted(r.link_confidence.items())}


def _read(service: Counterpoint) -> list[ClaimRecord]:
    return read_corpus_claims(
        service.store,
        service.iris,
        service.indexes.view.versions,
        service.vectors.root / CACHE_FILE,
    )


def test_claims_per_version_equal_the_whole_graph_read(
    service: Counterpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = [_key(r) for r in load_claims(service.store)]
    assert any(r["attacks"] or r["supports"] for r in expected)  # links exist to compare
    assert {r["status"] for r in expected} - {"undecided"}  # statuses were computed
    calls: list[int] = []
    real = corpus_claims.load_essay_claims

    def counting(store, graphs, known):  # type: ignore[no-untyped-def]
        calls.append(len([d for d in graphs if d not in known]))
        return real(store, graphs, known)

    monkeypatch.setattr(corpus_claims, "load_essay_claims", counting)
    assert [_key(r) for r in _read(service)] == expected
    assert calls == [0]  # every essay came from the link cache


def test_essays_the_cache_misses_are_read_from_the_graph(service: Counterpoint) -> None:
    expected = [_key(r) for r in load_claims(service.store)]
    path = service.vectors.root / CACHE_FILE
    with sqlite3.connect(path) as db:
        first = db.execute("SELECT doc_id FROM essays ORDER BY doc_id").fetchone()[0]
        db.execute("UPDATE essays SET claims = 'not json' WHERE doc_id = ?", (first,))
        db.execute("UPDATE essays SET version = 'old' WHERE doc_id != ?", (first,))
    assert [_key(r) for r in _read(service)] == expected
    path.unlink()  # no cache at all
    assert [_key(r) for r in _read(service)] == expected


def test_the_service_reads_claims_once_per_view_and_again_after_a_change(
    service: Counterpoint, tmp_path: Path
) -> None:
    first = service.claims()
    assert service.claims() is first
    essay = tmp_path / "extra.md"
    essay.write_text(
        "---\ntitle: A Test Essay On Moats\nauthors: [Test Pen Name]\ndate: 2024-01-05\n---\n\n"
        "Brand is not a moat for model companies, because switching costs are close to zero "
        "and developers move to whichever model is cheapest this month.\n\n"
        "Distribution through existing products matters far more than brand for open models.\n",
        encoding="utf-8",
    )
    service.ingest([str(essay)])
    after = service.claims()
    assert after is not first
    assert [_key(r) for r in after] == [_key(r) for r in load_claims(service.store)]
    assert {r.doc_id for r in after} - {r.doc_id for r in first}


def test_claims_in_a_graph_of_another_writer_are_read_as_they_are(service: Counterpoint) -> None:
    """A graph that is no document's own (another writer of a shared store, here the test
    helper's graph) is read whole, as the whole-graph reader reads it."""
    from claims_helper import ClaimSpec, add_claims
    from helpers import SEED_ID

    text = service.indexes.view.docs[SEED_ID].text
    first, second = (s.strip() for s in text.split(".")[3:5])
    add_claims(
        service,
        [ClaimSpec("cl-other-a", SEED_ID, first), ClaimSpec("cl-other-b", SEED_ID, second)],
        attacks=[("cl-other-b", "cl-other-a")],
        status={"cl-other-a": "out", "cl-other-b": "in"},
    )
    expected = [_key(r) for r in load_claims(service.store)]
    got = [_key(r) for r in _read(service)]
    assert got == expected
    by_id = {r["id"]: r for r in got}
    assert by_id["cl-other-b"]["attacks"] == ["cl-other-a"]
    assert by_id["cl-other-a"]["status"] == "out"
