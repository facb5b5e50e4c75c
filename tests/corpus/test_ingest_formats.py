"""Every format ingests end to end into a valid graph; the CLI reports progress and JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from corpus.test_loaders import FIXTURES, PDF_PAGES
from counterpoint.cli import cli
from counterpoint.kg.documents_read import load_documents
from counterpoint.kg.validate import graph_of, validate
from pdfgen import make_pdf


def test_html_pdf_text_ingest_and_validate(empty_service, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("blog_post.html", "malformed.html", "plain_essay.txt"):
        shutil.copy(FIXTURES / name, folder / name)
    (folder / "essay.pdf").write_bytes(make_pdf(PDF_PAGES, title="Distribution Essay"))
    results, _ = empty_service.ingest([str(folder)], recursive=True)
    assert [r.status for r in results] == ["added"] * 4, results
    for stored in load_documents(empty_service.store, with_spans=True):
        graph = graph_of(empty_service.store, empty_service.iris.doc_graph(stored.doc.doc_id))
        conforms, report = validate(graph)
        assert conforms, report
        assert stored.n_chunks >= 1
    pdf = load_documents(empty_service.store, "distribution-essay", with_spans=True)[0].doc
    assert [s.label for s in pdf.spans if s.kind == "page"] == ["1", "2", "3"]
    again, _ = empty_service.ingest([str(folder)], recursive=True)
    assert [r.status for r in again] == ["unchanged"] * 4


def test_cli_plain_progress_and_json(tmp_path: Path) -> None:
    src = tmp_path / "essay.txt"
    shutil.copy(FIXTURES / "plain_essay.txt", src)
    ws = tmp_path / "ws"
    plain = CliRunner().invoke(cli, ["ingest", str(src), "--workspace", str(ws)])
    assert plain.exit_code == 0, plain.output
    stages = [line.split()[0] for line in plain.stderr.splitlines() if line.startswith("  ")]
    assert stages == ["load", "clean", "chunk", "embed", "graph", "vectors", "index"]
    assert "[1/1]" in plain.stderr
    assert plain.stdout.startswith("added")
    again = CliRunner().invoke(cli, ["ingest", str(src), "--workspace", str(ws), "--json"])
    assert again.exit_code == 0
    assert again.stderr == ""
    rows = json.loads(again.stdout)
    assert rows == [
        {
            "doc_id": "open-weights-as-a-recruiting-strategy",
            "title": "Open Weights as a Recruiting Strategy",
            "status": "unchanged",
            "source": str(src),
            "n_chunks": rows[0]["n_chunks"],
            "n_claims": rows[0]["n_claims"],
        }
    ]
    assert rows[0]["n_chunks"] >= 1


def test_flags_override_extracted_metadata(empty_service) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    overrides = {
        "title": "Lock-in, Retitled",
        "authors": ("A. Reader",),
        "date": dt.date(2020, 1, 2),
    }
    results, _ = empty_service.ingest([str(FIXTURES / "blog_post.html")], overrides)
    assert results[0].status == "added"
    doc = load_documents(empty_service.store, results[0].doc_id)[0].doc
    assert doc.meta.title == "Lock-in, Retitled"
    assert doc.meta.authors == ("A. Reader",)
    assert doc.meta.date == dt.date(2020, 1, 2)
    assert doc.meta.publisher == "Field Notes"  # not overridden: kept from the page
