"""One command, many bad inputs: each gets one line naming its file, the good document is
still ingested, and nothing stored before is lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SEED, SEED_ID
from corpus.pdfgen import encrypt_pdf, make_pdf
from counterpoint.cli import cli


def _write_bad_inputs(folder: Path) -> dict[str, str]:
    """{file name: words its error must contain}."""
    folder.mkdir()
    (folder / "empty.md").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"  \n\t \n   ")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 16)
    (folder / "controls.txt").write_bytes(b"\x01\x02\x03\x04abc\x05\x06\x07\x08" * 100)
    (folder / "latin1.txt").write_bytes("Caf\u00e9 cr\u00e8me and moats.".encode("latin-1"))
    with (folder / "huge.txt").open("wb") as f:  # 50 MB, above the default 20 MB limit
        for _ in range(50):
            f.write(b"moats and models " * 61_681)
    (folder / "scanned.pdf").write_bytes(make_pdf([[], []]))
    secret = make_pdf([["Secret essay text that nobody may read without the password."]])
    (folder / "locked.pdf").write_bytes(encrypt_pdf(secret, "hunter2"))
    (folder / "garbage.html").write_bytes(b"<<<>>> <html><</ body>>")
    (folder / "types.md").write_text("---\ntitle: {nested: 1}\n---\nSome body text here.\n")
    (folder / "date.md").write_text("---\ntitle: Fine\ndate: [2024, 1]\n---\nBody text.\n")
    dup = SEED.read_text().replace(
        'title: "Open Source AI Business Models & Brand Moats"', "title: A copy under another name"
    )
    dup = "\n".join(line for line in dup.split("\n") if not line.startswith("url:"))
    (folder / "copy-of-seed.md").write_text(dup)
    return {
        "empty.md": "empty",
        "blank.txt": "empty",
        "binary.txt": "binary",
        "controls.txt": "binary",
        "latin1.txt": "utf-8",
        "huge.txt": "above the 20.0 mb limit",
        "scanned.pdf": "no extractable text: scanned pdf?",
        "locked.pdf": "encrypted pdf",
        "garbage.html": "no main text",
        "types.md": "'title' must be a string",
        "date.md": "'date'",
        "copy-of-seed.md": f"same text as already ingested document '{SEED_ID}'",
    }


@pytest.mark.slow
def test_every_bad_input_in_one_command(workspace: Path, tmp_path: Path) -> None:
    expected = _write_bad_inputs(tmp_path / "bad")
    good = tmp_path / "bad" / "good.md"
    good.write_text(
        "---\ntitle: A Good Essay\nauthor: Someone\n---\n"
        + "Open models change the economics of AI labs in ways that matter. " * 10
    )
    before = json.loads(
        CliRunner().invoke(cli, ["docs", "--json", "--workspace", str(workspace)]).stdout
    )
    result = CliRunner().invoke(
        cli, ["ingest", str(tmp_path / "bad"), "--recursive", "--workspace", str(workspace)]
    )
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
    assert len(errors) == len(expected)
    for name, words in expected.items():
        line = next((e for e in errors if f"/{name}:" in e), None)
        assert line is not None, (name, errors)
        assert words in line.lower(), (name, line)
    assert "added" in result.stdout and "a-good-essay" in result.stdout
    after = json.loads(
        CliRunner().invoke(cli, ["docs", "--json", "--workspace", str(workspace)]).stdout
    )
    old = {d["doc_id"]: d for d in before}
    new = {d["doc_id"]: d for d in after}
    assert set(new) == set(old) | {"a-good-essay"}
    for doc_id, doc in old.items():
        assert new[doc_id] == doc
    doctor = CliRunner().invoke(cli, ["doctor", "--workspace", str(workspace)])
    assert doctor.exit_code == 0, doctor.output


def test_size_limit_is_configurable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    small = tmp_path / "small.txt"
    small.write_text("Open models change the economics of AI labs. " * 60)
    monkeypatch.setenv("COUNTERPOINT_MAX_FILE_MB", "0.001")
    result = CliRunner().invoke(
        cli, ["ingest", str(small), "--workspace", str(tmp_path / "ws"), "--json"]
    )
    assert result.exit_code == 1
    row = json.loads(result.stdout)[0]
    assert row["status"] == "error" and "small.txt" in row["error"]
    assert "above the 0.0 MB limit" in row["error"] and "COUNTERPOINT_MAX_FILE_MB" in row["error"]


def test_url_without_allow_network_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["ingest", "http://127.0.0.1:9/essay.html", "--workspace", str(tmp_path), "--json"],
    )
    assert result.exit_code == 1
    row = json.loads(result.stdout)[0]
    assert row["error"] == "http://127.0.0.1:9/essay.html: fetching URLs needs --allow-network"
