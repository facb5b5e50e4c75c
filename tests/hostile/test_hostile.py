"""Hostile input through the real CLI: zero tracebacks, one line naming the file for each bad
one, no silent replacement (the documents stored are exactly the files reported added), and
metadata that reads back exactly through `docs --json` and SPARQL.

`make test` runs a ~40-file sample plus every light file through the loaders; `make test-long`
(`-m long`) ingests all generated files, the 10 MB ones included.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import rispy
from click.testing import CliRunner
from generate import Case, all_cases, sample, write
from pybtex.database import parse_string

from bibtex_text import latex_to_text
from counterpoint.cli import cli
from counterpoint.corpus.loaders import load_file
from counterpoint.corpus.pipeline import make_document
from counterpoint.errors import DocumentError
from helpers import ROOT

MAX_BYTES = 20_000_000  # the default COUNTERPOINT_MAX_FILE_MB


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_generator_makes_over_200_files_in_every_class() -> None:
    cases = all_cases()
    assert len(cases) >= 200
    groups = {c.group for c in cases}
    assert {
        "empty",
        "binary",
        "bad-utf8",
        "front-matter",
        "alias-bomb",
        "bad-url",
        "encrypted-pdf",
        "deep-html",
        "huge",
        "unpunctuated",
        "combining",
        "special-metadata",
        "non-latin",
        "collision",
        "file-name",
    } <= groups
    quick = sample(cases, 40)
    assert 36 <= len(quick) <= 44 and {c.group for c in quick} == groups
    assert not any(c.heavy for c in quick)


def test_every_light_file_loads_or_fails_with_one_line(tmp_path: Path) -> None:
    """Every loader and the cleaner, on every light file: a Document or a DocumentError that
    names the file on one line, never any other exception."""
    cases = [c for c in all_cases() if not c.heavy]
    write(cases, tmp_path / "files")
    for case in cases:
        path = tmp_path / "files" / case.name
        try:
            make_document(load_file(path, MAX_BYTES))
        except DocumentError as exc:
            assert case.expect != "added", (case.name, str(exc))
            assert str(exc).startswith(str(path)), (case.name, str(exc))
            assert "\n" not in exc.problem, (case.name, exc.problem)
            if case.words:
                assert case.words in exc.problem.lower(), (case.name, exc.problem)
        else:
            assert case.expect != "error" or case.group == "collision", case.name


def _ingest_cli(folder: Path, ws: Path) -> tuple[list[dict[str, Any]], str, int]:
    """`counterpoint ingest FOLDER --recursive --json` in a child process, as a user runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from counterpoint.cli import main; main()",
            "ingest",
            str(folder),
            "--recursive",
            "--json",
            "--workspace",
            str(ws),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    return json.loads(proc.stdout), proc.stderr, proc.returncode


def check_hostile_run(cases: list[Case], tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    write(cases, folder)
    ws = tmp_path / "ws"
    rows, stderr, code = _ingest_cli(folder, ws)
    assert stderr.strip() == "", stderr[-3000:]  # with --json, all a user sees is the rows
    by_case = {case.name: case for case in cases}
    # one row per file, each naming its file
    sources = [Path(r["source"]).name for r in rows]
    assert sorted(sources) == sorted(by_case), set(sources) ^ set(by_case)
    statuses = {r["status"] for r in rows}
    assert statuses <= {"added", "error"}, statuses  # a fresh workspace: nothing to update
    assert code == (1 if "error" in statuses else 0)
    for row in rows:
        case = by_case[Path(row["source"]).name]
        if row["status"] == "error":
            error = row["error"]
            assert "\n" not in error and error.startswith(_one_line(row["source"])), error
            assert case.expect in ("error", "any"), (case.name, error)
            if case.words:
                assert case.words in error.lower(), (case.name, error)
        else:
            assert case.expect in ("added", "any"), (case.name, row)
    # no silent replacement: every file reported added is a document of its own
    added = {r["doc_id"]: r for r in rows if r["status"] == "added"}
    assert len(added) == sum(r["status"] == "added" for r in rows), "two files, one id"
    runner = CliRunner()
    docs_out = runner.invoke(cli, ["docs", "--json", "--workspace", str(ws)])
    assert docs_out.exit_code == 0, docs_out.output
    docs = {d["doc_id"]: d for d in json.loads(docs_out.stdout)}
    assert set(docs) == set(added)
    # metadata reads back exactly
    for doc_id, row in added.items():
        case = by_case[Path(row["source"]).name]
        doc = docs[doc_id]
        for key, value in (case.meta or {}).items():
            assert doc[key] == value, (case.name, key, doc[key], value)
    _check_sparql_literals(ws, docs)
    _check_exports(ws, docs)
    doctor = runner.invoke(cli, ["doctor", "--workspace", str(ws)])
    assert doctor.exit_code == 0, doctor.output


def _check_sparql_literals(ws: Path, docs: dict[str, dict[str, Any]]) -> None:
    """Titles and authors come back from SPARQL exactly as `docs` shows them."""
    query = (
        "PREFIX schema: <https://schema.org/> PREFIX dcterms: <http://purl.org/dc/terms/> "
        "SELECT ?id ?title WHERE { ?d a schema:Article ; dcterms:identifier ?id ; "
        "schema:name ?title }"
    )
    out = CliRunner().invoke(
        cli, ["sparql", query, "--format", "json", "--workspace", str(ws), "--limit", "100000"]
    )
    assert out.exit_code == 0, out.output
    bindings = json.loads(out.stdout)["results"]["bindings"]
    titles = {b["id"]["value"]: b["title"]["value"] for b in bindings}
    assert titles == {doc_id: d["title"] for doc_id, d in docs.items()}


def _check_exports(ws: Path, docs: dict[str, dict[str, Any]]) -> None:
    """One record per document in every citation format, parsed back by its own library."""
    runner = CliRunner()

    def export(fmt: str) -> str:
        out = runner.invoke(cli, ["export", "--format", fmt, "--workspace", str(ws)])
        assert out.exit_code == 0, out.output
        return out.stdout

    bib = parse_string(export("bibtex"), "bibtex").entries
    ris = {r["id"]: r for r in rispy.loads(export("ris"))}
    csl = {item["id"]: item for item in json.loads(export("csl-json"))}
    assert set(bib) == set(ris) == set(csl) == set(docs)
    for doc_id, doc in docs.items():
        flat = _one_line(doc["title"])
        assert latex_to_text(bib[doc_id].fields["title"]) == flat
        assert ris[doc_id]["title"] == flat
        assert csl[doc_id]["title"] == doc["title"]
        assert csl[doc_id].get("URL") == doc["url"]
        assert len(csl[doc_id].get("author", [])) == len(doc["authors"])


@pytest.mark.slow
def test_hostile_sample_through_the_cli(tmp_path: Path) -> None:
    check_hostile_run(sample(all_cases(), 40), tmp_path)


@pytest.mark.long
@pytest.mark.timeout(3600)
def test_all_hostile_files_through_the_cli(tmp_path: Path) -> None:
    check_hostile_run(all_cases(), tmp_path)
