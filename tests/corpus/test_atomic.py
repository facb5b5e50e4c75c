"""Atomic re-ingest, proven by killing a real ingest process (SIGKILL) mid-way: afterwards
the workspace holds the old or the new version, with graph, vectors and index agreeing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from counterpoint.cli import cli
from counterpoint.config import Settings
from counterpoint.doctor import diagnose
from counterpoint.kg.documents import load_documents, load_removed
from counterpoint.service import Counterpoint
from helpers import ROOT, SEED, SEED_ID

NEW_PARAGRAPH = "A new closing paragraph argues that moats come from distribution, not brands."


def _edited_seed(folder: Path) -> Path:
    """The seed with a changed ending and enough extra text that embedding takes a while."""
    text = SEED.read_text().replace("Recent Posts", "").replace("Recent Comments", "")
    extra = "\n\n".join(
        f"Extra paragraph {n} weighs switching costs, regulation and talent against brand "
        f"as sources of durable advantage for open model labs, case number {n}." * 3
        for n in range(40)
    )
    path = folder / "seed-edited.md"
    path.write_text(f"{text}\n\n{NEW_PARAGRAPH}\n\n{extra}\n")
    return path


def _ingest_and_kill(ws: Path, source: Path, stage: str | None) -> None:
    """Run `counterpoint ingest` in a child; SIGKILL it when it announces `stage`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, "-c", "from counterpoint.cli import main; main()"]
    proc = subprocess.Popen(
        [*cmd, "ingest", str(source), "--workspace", str(ws)],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        if stage is not None and line.split()[:1] == [stage]:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=120)
    if stage is None:
        assert proc.returncode == 0
    else:
        assert proc.returncode == -signal.SIGKILL


def _state(ws: Path, embedder) -> str:  # type: ignore[no-untyped-def]
    """'old' or 'new', after checking graph, vectors and index agree."""
    doctor = CliRunner().invoke(cli, ["doctor", "--workspace", str(ws), "--json"])
    if doctor.exit_code != 0:
        # Killed before the links graph and indexes were rebuilt: the change journal says so
        # (doctor used to answer "ok" over stale links), and --repair finishes the rebuild.
        errors = [p for p in json.loads(doctor.stdout)["problems"] if p["severity"] == "error"]
        assert [p["check"] for p in errors] == ["journal"], doctor.output
        repair = CliRunner().invoke(cli, ["doctor", "--repair", "--workspace", str(ws)])
        assert repair.exit_code == 0, repair.output
    service = Counterpoint(Settings(workspace=ws), embedder=embedder)
    try:
        assert diagnose(service).ok
        text = service.view.docs[SEED_ID].text
        # the index a query uses holds exactly the chunks the graph names
        assert set(service.indexes.index.ids) == set(service.view.chunks)
        hits = service.retrieve("distribution moats", 3)
        assert all(h.chunk.text == h.doc.text[h.chunk.start : h.chunk.end] for h in hits)
    finally:
        service.close()
    return "new" if NEW_PARAGRAPH in text else "old"


@pytest.mark.slow
def test_sigkill_mid_ingest_leaves_old_or_new(workspace: Path, tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    source = _edited_seed(tmp_path)
    outcomes = {}
    for stage in ("embed", "vectors", "graph", "index", None):
        ws = tmp_path / f"ws-{stage}"
        shutil.copytree(workspace, ws)
        _ingest_and_kill(ws, source, stage)
        outcomes[stage] = _state(ws, embedder)
    assert outcomes["embed"] == "old"  # killed before anything was written
    assert outcomes["index"] == "new"  # killed after the graph switched
    assert outcomes[None] == "new"


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
