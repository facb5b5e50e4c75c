"""Re-ingest, removal and `doctor` on one workspace: unchanged input does no work, removal
deletes everything, structure round-trips, damage is found and repaired. The kills of a real
ingest process (SIGKILL at seeded points) are in test_crash_suite.py."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from counterpoint.cli import cli
from counterpoint.doctor import diagnose
from counterpoint.kg.documents_read import load_documents, load_removed
from counterpoint.service import Counterpoint
from helpers import SEED, SEED_ID


def test_unchanged_reingest_does_no_work(service: Counterpoint) -> None:
    files = sorted(p.stat().st_mtime_ns for p in service.vectors.root.rglob("*") if p.is_file())
    results, timings = service.ingest([str(SEED)])
    assert [r.status for r in results] == ["unchanged"]
    assert "embed" not in timings.extra and "graph" not in timings.extra
    after = sorted(p.stat().st_mtime_ns for p in service.vectors.root.rglob("*") if p.is_file())
    assert after == files


def test_remove_deletes_everything(service: Counterpoint) -> None:
    graph = service.iris.doc_graph(SEED_ID)
    assert graph in service.store.named_graphs()
    seed_chunks = {c for c, chunk in service.view.chunks.items() if chunk.doc_id == SEED_ID}
    assert seed_chunks and seed_chunks <= set(service.indexes.index.ids)
    service.remove([SEED_ID])
    assert graph not in service.store.named_graphs()
    assert not list(service.vectors.docs_dir.glob(f"{SEED_ID}.*"))
    assert not seed_chunks & set(service.indexes.index.ids)
    assert not load_documents(service.store, SEED_ID)
    assert diagnose(service).ok


def test_structure_round_trips_through_the_graph(service: Counterpoint) -> None:
    stored = load_documents(service.store, SEED_ID, with_spans=True)[0].doc
    kinds = {s.kind for s in stored.spans}
    assert {"heading", "paragraph", "quotation", "footnote", "footnote_marker"} <= kinds
    markers = [s for s in stored.spans if s.kind == "footnote_marker"]
    assert [m.label for m in markers] == [str(n) for n in range(1, 10)]
    quote = next(s for s in stored.spans if s.kind == "quotation")
    assert quote.label == "In a prior post I wrote:"
    for s in stored.spans:
        assert 0 <= s.start < s.end <= len(stored.text)
    removed = load_removed(service.store, service.iris, SEED_ID)
    assert any(r.startswith("caption: Friend.Tech") for r in removed)
    rows = service.store.select(
        "PREFIX cp: <https://w3id.org/counterpoint/ns#>\n"
        "SELECT ?m ?f WHERE { GRAPH ?g { ?m cp:footnote ?f } }"
    )
    assert len(rows) == 9


def test_doctor_finds_and_repairs_damage(service: Counterpoint) -> None:
    version = service.view.stored[0].version
    doc_id = service.view.stored[0].doc.doc_id
    service.vectors.doc_file(doc_id, version).unlink()
    (service.vectors.docs_dir / f"{doc_id}.0123456789abcdef.npz").write_bytes(b"junk")
    report = diagnose(service)
    assert not report.ok
    assert [p.check for p in report.problems if p.severity == "error"] == ["vectors"]
    assert any(p.check == "leftovers" for p in report.problems)
    repaired = diagnose(service, repair=True)
    assert repaired.ok and not repaired.problems
    assert set(repaired.repaired) >= {"vectors", "leftovers"}
    ids, _ = service.vectors.read_doc(doc_id, version)
    assert ids == [c.chunk_id for c in service.view.chunks.values() if c.doc_id == doc_id]


def test_doctor_cli_exit_codes(workspace: Path) -> None:
    ok = CliRunner().invoke(cli, ["doctor", "--workspace", str(workspace)])
    assert ok.exit_code == 0 and ok.stdout.strip() == "ok"
    ids_file = workspace / "vectors" / "index.ids.json"
    ids = ids_file.read_text()
    ids_file.write_text(ids.replace('"ch-', '"xx-', 1))
    bad = CliRunner().invoke(cli, ["doctor", "--workspace", str(workspace)])
    assert bad.exit_code == 1
    assert "index:" in bad.stderr and "disagree with the graph" in bad.stderr
    fixed = CliRunner().invoke(cli, ["doctor", "--repair", "--workspace", str(workspace)])
    assert fixed.exit_code == 0, fixed.output


def test_doctor_notes_a_stale_derived_index(service: Counterpoint) -> None:
    """Other indexes that keep a `*.manifest.json` (the lexical one) are checked too."""
    manifest = service.vectors.root / "example.manifest.json"
    manifest.write_text('{"some-doc": "old-version"}')
    report = diagnose(service)
    assert report.ok
    assert [p.message for p in report.problems if p.check == "derived"] == [
        "example index (example.manifest.json) is behind the graph; rebuilt on first use "
        "(or now with doctor --repair)"
    ]
