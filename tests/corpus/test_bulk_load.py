"""A large new document is written by Oxigraph's bulk loader (linear, not atomic), marked as
being written until its last triple is in (kg/half_written.py). These tests hold that: the stored
graph is the one a single transaction stores; a SIGKILL inside the bulk load leaves the old
documents whole and the new one invisible to every reader; `doctor` names it, and the next
ingest or `doctor --repair` drops it (and the next ingest adds the document again).

The killed child injects a hashing embedder (no model to load), so each run takes seconds;
`bulk_load_mb=0` sends every new document, however small, through the bulk loader.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.crashpoints import KILL_AT_ENV
from counterpoint.doctor import diagnose
from counterpoint.journal import Journal
from counterpoint.kg.entities_read import load_entities
from counterpoint.kg.half_written import half_written
from counterpoint.retrieval.stand_in import HashEmbedder
from counterpoint.service import Counterpoint
from helpers import CORPUS, ROOT, cli_env

OLD = "in-defence-of-the-brand-moat.md"
NEW = "compliance-is-the-moat-regulation-favours-incumbents.md"


# The child: the same stand-in embedder as this module, every new
# document bulk-loaded, killed at the crash point inside the bulk load.
_CHILD = """
import sys
sys.path[:0] = {paths!r}
from counterpoint.retrieval.stand_in import HashEmbedder
from counterpoint.config import Settings
from counterpoint.service import Counterpoint
settings = Settings(workspace={ws!r}, bulk_load_mb=0)
service = Counterpoint(settings, embedder=HashEmbedder(16, "hash"))
service.ingest({files!r})
"""


def _service(ws: Path, bulk_mb: float = 0) -> Counterpoint:
    return Counterpoint(
        Settings(workspace=ws, bulk_load_mb=bulk_mb), embedder=HashEmbedder(16, "hash")
    )


def _essays(folder: Path) -> list[str]:
    folder.mkdir()
    for name in (OLD, NEW):
        shutil.copy(CORPUS / name, folder / name)
    return [str(folder / OLD), str(folder / NEW)]


def _graph_of(service: Counterpoint, doc_id: str) -> set[str]:
    graph = service.iris.doc_graph(doc_id)
    nt = service.store.construct_ntriples(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    )
    return set(nt.splitlines())


def test_a_bulk_loaded_graph_equals_the_one_a_transaction_stores(tmp_path: Path) -> None:
    files = _essays(tmp_path / "essays")
    graphs = []
    for name, bulk_mb in (("txn", 1000.0), ("bulk", 0.0)):
        service = _service(tmp_path / name, bulk_mb)
        try:
            results, _ = service.ingest(files)
            assert [r.status for r in results] == ["added", "added"], results
            assert half_written(service.store) == []
            graphs.append({r.doc_id: _graph_of(service, str(r.doc_id)) for r in results})
            assert diagnose(service).ok
        finally:
            service.close()
    assert graphs[0] == graphs[1] and all(graphs[0].values())
    assert not any("loadPending" in t for g in graphs[1].values() for t in g)


def _killed_workspace(tmp_path: Path) -> tuple[Path, list[str], dict[str, str]]:
    """A workspace holding OLD, then a child ingesting OLD and NEW killed inside NEW's bulk
    load; returns it, the files and the versions stored before the kill."""
    files = _essays(tmp_path / "essays")
    ws = tmp_path / "ws"
    service = _service(ws)
    try:
        service.ingest(files[:1])
        before = service.view.versions
    finally:
        service.close()
    here = Path(__file__).parent
    script = _CHILD.format(paths=[str(here), str(here.parent)], ws=str(ws), files=files)
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**cli_env(), KILL_AT_ENV: f"bulk:{NEW}"},
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    return ws, files, before


def test_a_kill_inside_the_bulk_load_leaves_the_old_documents_whole(tmp_path: Path) -> None:
    ws, files, before = _killed_workspace(tmp_path)
    service = _service(ws)
    try:
        # the new document's triples are in the store, under its marker...
        (graph,) = half_written(service.store)
        new_id = graph.rsplit("/", 1)[-1]
        assert len(_graph_of(service, new_id)) > 100
        # ...and no reader sees them: documents, claims, entities, the search view
        assert {s.doc.doc_id for s in service.stored_documents()} == set(before)
        assert service.view.versions == before
        assert {c.doc_id for c in service.claims()} == set(before)
        mentioned = {m["doc_id"] for e in load_entities(service.store) for m in e["mentions"]}
        assert mentioned == set(before)
        # user SPARQL too, by GRAPH and through the union default graph
        graphs = service.sparql("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").values()
        assert graph not in {r["g"] for r in graphs} and len(graphs) >= 2
        ids = service.sparql(
            "SELECT ?id WHERE { ?d a <https://schema.org/Article> ; "
            "<http://purl.org/dc/terms/identifier> ?id }"
        ).values()
        assert {r["id"] for r in ids} == set(before)
        report = diagnose(service)
        checks = {p.check for p in report.problems if p.severity == "error"}
        assert checks == {"half-written", "journal"}, report.to_json()
        assert "next ingest drops it" in str(report.to_json())
        # the next ingest drops it, adds the document again and rebuilds what is derived
        results, _ = service.ingest(files)
        assert [r.status for r in results] == ["unchanged", "added"], results
        assert half_written(service.store) == []
        assert Journal(ws / "vectors").pending() is None
        assert diagnose(service).ok
        assert set(service.view.versions) == set(before) | {new_id}
    finally:
        service.close()


def test_doctor_repair_drops_a_half_written_graph(tmp_path: Path) -> None:
    ws, files, before = _killed_workspace(tmp_path)
    service = _service(ws)
    try:
        report = diagnose(service, repair=True)
        assert report.ok and "half-written" in report.repaired, report.to_json()
        assert half_written(service.store) == [] and service.view.versions == before
        results, _ = service.ingest(files[1:])
        assert [r.status for r in results] == ["added"], results
    finally:
        service.close()


@pytest.mark.parametrize(("size", "n_parts"), [(1, 12), (60, 3), (10**6, 1)])
def test_line_parts_cut_at_line_ends(size: int, n_parts: int) -> None:
    from counterpoint.kg.oxigraph_store import line_parts

    text = "".join(f'<a> <b> "{"x" * i}" .\n' for i in range(12))
    parts = list(line_parts(text, size))
    assert "".join(parts) == text and all(p.endswith("\n") for p in parts)
    assert len(parts) == n_parts


def test_a_bulk_load_refused_mid_way_leaves_nothing(tmp_path: Path) -> None:
    """A store that refuses part of the triples (here: a line that is not N-Triples) has
    the marker and what went in taken back before the error goes on."""
    from counterpoint.kg.half_written import write_document_graph
    from counterpoint.kg.namespaces import Iris
    from counterpoint.kg.oxigraph_store import OxigraphStore

    store = OxigraphStore(tmp_path / "graph")
    iris = Iris("https://example.org/")
    line = '<https://example.org/s{}> <https://example.org/p> "{}" .\n'
    good = "".join(line.format(i, i) for i in range(9))
    with pytest.raises(SyntaxError):
        write_document_graph(
            store, iris, "d", "v1", good + "not a triple\n", bulk=True, after_part=lambda: None
        )
    assert store.named_graphs() == [] and half_written(store) == []
    write_document_graph(store, iris, "d", "v1", good, bulk=True, after_part=lambda: None)
    assert store.named_graphs() == [iris.doc_graph("d")] and half_written(store) == []
    store.close()
