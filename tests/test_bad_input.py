"""Every bad input gets one line naming the file and the problem; nothing stored is lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SEED_ID
from counterpoint.cli import cli


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args))


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error")]


BAD_FILES = {
    "empty.md": (b"", "empty"),
    "blank.txt": (b"   \n\t\n  ", "empty"),
    "binary.txt": (bytes(range(256)) * 4, "binary"),
    "latin1.txt": ("Caf\u00e9 cr\u00e8me and moats".encode("latin-1"), "UTF-8"),
    "badyaml.md": (b"---\ntitle: [unclosed\nauthor: x\n---\nBody text here.\n", "YAML"),
    "notes.docx": (b"PK\x03\x04", "unsupported"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_one_line_error_and_store_is_intact(
    name: str, workspace: Path, tmp_path: Path
) -> None:
    data, expected = BAD_FILES[name]
    bad = tmp_path / name
    bad.write_bytes(data)
    result = run("ingest", str(bad), "--workspace", str(workspace), "--json")
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert rows[0]["status"] == "error"
    assert name in rows[0]["error"] and expected.lower() in rows[0]["error"].lower()
    assert "\n" not in rows[0]["error"]
    assert "Traceback" not in result.output
    docs = json.loads(run("docs", "--json", "--workspace", str(workspace)).stdout)
    assert SEED_ID in {d["doc_id"] for d in docs}


def test_missing_file_is_reported_and_others_still_ingested(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "good.txt"
    good.write_text("Open models change the economics of AI labs. " * 20)
    ws = tmp_path / "ws"
    result = run(
        "ingest",
        str(tmp_path / "nope.md"),
        str(good),
        "--title",
        "Good one",
        "--workspace",
        str(ws),
        "--json",
    )
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert [r["status"] for r in rows] == ["error", "added"]
    assert "nope.md: no such file" in rows[0]["error"]
    assert rows[1]["title"] == "Good one"


def test_directory_without_recursive_is_usage_error(tmp_path: Path) -> None:
    result = run("ingest", str(tmp_path), "--workspace", str(tmp_path / "ws"))
    assert result.exit_code == 2
    lines = _error_lines(result.stderr)
    assert len(lines) == 1 and "--recursive" in lines[0] and str(tmp_path) in lines[0]


def test_unknown_workspace_is_usage_error(tmp_path: Path) -> None:
    result = run("docs", "--workspace", str(tmp_path / "does-not-exist"))
    assert result.exit_code == 2
    assert "no workspace here" in result.stderr
    assert "Traceback" not in result.output


def test_workspace_that_is_a_file_is_usage_error(tmp_path: Path) -> None:
    f = tmp_path / "file"
    f.write_text("x")
    result = run("ingest", str(f), "--workspace", str(f))
    assert result.exit_code == 2
    assert "not a directory" in result.stderr


def test_bad_date_flag_is_usage_error(tmp_path: Path) -> None:
    result = run("ingest", "x.md", "--date", "03/10/2023", "--workspace", str(tmp_path))
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_remove_unknown_id_is_usage_error(workspace: Path) -> None:
    result = run("remove", "no-such-doc", "--workspace", str(workspace))
    assert result.exit_code == 2
    assert "no-such-doc" in result.stderr


def test_front_matter_with_wrong_types_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "types.md"
    bad.write_text("---\ntitle: Fine\nauthor: {name: nested}\n---\nBody text.\n")
    result = run("ingest", str(bad), "--workspace", str(tmp_path / "ws"), "--json")
    assert result.exit_code == 1
    assert "author" in json.loads(result.stdout)[0]["error"]
