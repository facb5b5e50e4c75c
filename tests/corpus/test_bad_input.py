"""Bad input: each bad file, flag or workspace gets one line naming it and the problem, the
other files of the command are still ingested, and nothing stored before is lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from counterpoint.cli import cli
from helpers import SEED, SEED_ID
from pdfgen import encrypt_pdf, make_pdf


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args))


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error")]


# {file name: (its bytes, words its one-line error must contain)}
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty.md": (b"", "empty"),
    "blank.txt": (b"  \n\t \n   ", "empty"),
    "binary.txt": (bytes(range(256)) * 16, "binary"),
    "controls.txt": (b"\x01\x02\x03\x04abc\x05\x06\x07\x08" * 100, "binary"),
    "latin1.txt": ("Caf\u00e9 cr\u00e8me and moats.".encode("latin-1"), "utf-8"),
    "badyaml.md": (b"---\ntitle: [unclosed\nauthor: x\n---\nBody text here.\n", "yaml"),
    "types.md": (b"---\ntitle: {nested: 1}\n---\nBody text.\n", "'title' must be a string"),
    "person.md": (b"---\ntitle: Fine\nauthor: {name: nested}\n---\nBody text.\n", "'author'"),
    "date.md": (b"---\ntitle: Fine\ndate: [2024, 1]\n---\nBody text.\n", "'date'"),
    "scanned.pdf": (make_pdf([[], []]), "no extractable text: scanned pdf?"),
    "locked.pdf": (
        encrypt_pdf(
            make_pdf([["Secret essay text that nobody may read without the password."]]),
            "hunter2",
        ),
        "encrypted pdf",
    ),
    "garbage.html": (b"<<<>>> <html><</ body>>", "no main text"),
    "notes.docx": (b"PK\x03\x04", "unsupported"),
}
# Each of these also alone, with --json (the folder run below reads the text output).
ONE_BY_ONE = ("empty.md", "blank.txt", "binary.txt", "latin1.txt", "badyaml.md", "person.md")
ONE_BY_ONE += ("notes.docx",)  # --recursive skips unsupported suffixes: only alone


@pytest.mark.parametrize("name", ONE_BY_ONE)
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


def _write_bad_inputs(folder: Path) -> dict[str, str]:
    """Every bad file a folder can hold; {file name: words its error must contain}."""
    folder.mkdir()
    expected = {}
    for name, (data, words) in BAD_FILES.items():
        if name.endswith(".docx"):
            continue
        (folder / name).write_bytes(data)
        expected[name] = words
    # above the limit the test sets (0.1 MB); the default limit is checked in test_config.py
    (folder / "huge.txt").write_bytes(b"moats and models " * 12_000)
    expected["huge.txt"] = "above the 0.1 mb limit"
    dup = SEED.read_text().replace(
        'title: "Open Source AI Business Models & Brand Moats"', "title: A copy under another name"
    )
    dup = "\n".join(line for line in dup.split("\n") if not line.startswith("url:"))
    (folder / "copy-of-seed.md").write_text(dup)
    expected["copy-of-seed.md"] = f"same text as already ingested document '{SEED_ID}'"
    return expected


@pytest.mark.slow
def test_every_bad_input_in_one_command(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COUNTERPOINT_MAX_FILE_MB", "0.1")
    expected = _write_bad_inputs(tmp_path / "bad")
    good = tmp_path / "bad" / "good.md"
    good.write_text(
        "---\ntitle: A Good Essay\nauthor: Someone\n---\n"
        + "Open models change the economics of AI labs in ways that matter. " * 10
    )
    before = json.loads(run("docs", "--json", "--workspace", str(workspace)).stdout)
    result = run("ingest", str(tmp_path / "bad"), "--recursive", "--workspace", str(workspace))
    assert result.exit_code == 1
    errors = _error_lines(result.stderr)
    assert len(errors) == len(expected)
    for name, words in expected.items():
        line = next((e for e in errors if f"/{name}:" in e), None)
        assert line is not None, (name, errors)
        assert words in line.lower(), (name, line)
    assert "added" in result.stdout and "a-good-essay" in result.stdout
    after = json.loads(run("docs", "--json", "--workspace", str(workspace)).stdout)
    old = {d["doc_id"]: d for d in before}
    new = {d["doc_id"]: d for d in after}
    assert set(new) == set(old) | {"a-good-essay"}
    for doc_id, doc in old.items():
        assert new[doc_id] == doc
    doctor = run("doctor", "--workspace", str(workspace))
    assert doctor.exit_code == 0, doctor.output


def test_size_limit_is_configurable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    small = tmp_path / "small.txt"
    small.write_text("Open models change the economics of AI labs. " * 60)
    monkeypatch.setenv("COUNTERPOINT_MAX_FILE_MB", "0.001")
    result = run("ingest", str(small), "--workspace", str(tmp_path / "ws"), "--json")
    assert result.exit_code == 1
    row = json.loads(result.stdout)[0]
    assert row["status"] == "error" and "small.txt" in row["error"]
    assert "above the 0.0 MB limit" in row["error"] and "COUNTERPOINT_MAX_FILE_MB" in row["error"]


def test_url_without_allow_network_is_refused(tmp_path: Path) -> None:
    result = run("ingest", "http://127.0.0.1:9/essay.html", "--workspace", str(tmp_path), "--json")
    assert result.exit_code == 1
    row = json.loads(result.stdout)[0]
    assert row["error"] == "http://127.0.0.1:9/essay.html: fetching URLs needs --allow-network"


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
