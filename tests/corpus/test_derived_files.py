"""Corruption suite: every file derived from the graph, deleted, truncated or overwritten with
garbage, is found by `doctor` (by name), never turns a read into a traceback, and
`doctor --repair` restores the answers of the clean workspace.

The quick form (normal suite) damages one file of each kind in one way; the long form
(`make test-long`) every file in every way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from counterpoint.cli import cli
from counterpoint.config import Settings
from counterpoint.derived import DerivedFileError
from counterpoint.doctor import diagnose
from counterpoint.service import Counterpoint

QUESTIONS = ("what makes a moat durable?", "why does sourdough need time?")
Damage = Callable[[Path], None]


def _delete(path: Path) -> None:
    path.unlink()


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: max(1, path.stat().st_size // 2)])


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00garbage{" * 10)


DAMAGES: dict[str, Damage] = {"delete": _delete, "truncate": _truncate, "garbage": _garbage}


def _answers(ws: Path, embedder) -> list[list[tuple[str, float]]]:  # type: ignore[no-untyped-def]
    service = Counterpoint(Settings(workspace=ws), embedder=embedder)
    try:
        return [
            [(e.chunk.chunk_id, round(e.score, 4)) for e in service.retrieve(q, 5)]
            for q in QUESTIONS
        ]
    finally:
        service.close()


def _derived_files(ws: Path) -> list[str]:
    root = ws / "vectors"
    return sorted(str(p.relative_to(ws)) for p in root.rglob("*") if p.is_file())


def _quick_cases(ws: Path) -> list[tuple[str, str]]:
    """One file of each kind, each damage at least once."""
    files = _derived_files(ws)

    def first(prefix: str) -> str:
        return next(f for f in files if f.startswith(prefix))

    doc = first("vectors/docs/")
    return [
        (doc, "truncate"),
        (doc, "garbage"),
        (first("vectors/sentences/"), "truncate"),
        (first("vectors/lexical/seg-"), "garbage"),
        ("vectors/lexical.manifest.json", "delete"),
        ("vectors/index.faiss", "truncate"),
        ("vectors/texts.npz", "garbage"),
        ("vectors/link-cache.sqlite", "truncate"),
        ("vectors/view-cache.sqlite", "garbage"),
        # read as "no record" (a workspace older than it, taken to be torch's) before
        ("vectors/embedding.json", "garbage"),
    ]


def _check_found_and_repaired(ws: Path, rel: str, damage: str, clean, embedder) -> None:  # type: ignore[no-untyped-def]
    DAMAGES[damage](ws / rel)
    service = Counterpoint(Settings(workspace=ws), embedder=embedder)
    try:
        report = diagnose(service)
        named = Path(rel).name if "lexical/" not in rel else rel
        assert any(named in p.message for p in report.problems), (rel, damage, report)
        if rel.startswith("vectors/docs/"):
            assert not report.ok  # answers would miss the document's chunks
        repaired = diagnose(service, repair=True)
        assert repaired.ok and not repaired.problems, (rel, damage, repaired)
    finally:
        service.close()
    assert _answers(ws, embedder) == clean, (rel, damage)


@pytest.mark.slow
def test_damaged_derived_files_are_found_and_repaired(
    workspace: Path,
    tmp_path: Path,
    embedder,  # type: ignore[no-untyped-def]
) -> None:
    import shutil

    clean = _answers(workspace, embedder)
    for n, (rel, damage) in enumerate(_quick_cases(workspace)):
        ws = tmp_path / f"ws{n}"
        shutil.copytree(workspace, ws)
        _check_found_and_repaired(ws, rel, damage, clean, embedder)


@pytest.mark.long
def test_every_derived_file_every_damage(workspace: Path, tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    import shutil

    clean = _answers(workspace, embedder)
    n = 0
    for rel in _derived_files(workspace):
        for damage in DAMAGES:
            n += 1
            ws = tmp_path / f"ws{n}"
            shutil.copytree(workspace, ws)
            if rel in CACHES and damage == "delete":
                _check_cache_missing(ws, rel, clean, embedder)
            else:
                _check_found_and_repaired(ws, rel, damage, clean, embedder)


# Caches only save work (claim vectors, claim contexts, the corpus view): a missing one is
# what --repair leaves (it deletes a damaged one) and is refilled on use, so missing is not a
# problem to report.
CACHES = ("vectors/texts.npz", "vectors/link-cache.sqlite", "vectors/view-cache.sqlite")


def _check_cache_missing(ws: Path, rel: str, clean, embedder) -> None:  # type: ignore[no-untyped-def]
    (ws / rel).unlink()
    service = Counterpoint(Settings(workspace=ws), embedder=embedder)
    try:
        report = diagnose(service)
        assert report.ok and not report.problems, (rel, report)
    finally:
        service.close()
    assert _answers(ws, embedder) == clean, rel


def test_a_broken_vector_file_is_a_named_error_not_a_traceback(service: Counterpoint) -> None:
    """The search index is rebuilt from the vector files; one truncated file stops it with the
    file's name and the repair command (the CLI and the app show CounterpointError as is)."""
    stored = service.view.stored[0]
    path = service.vectors.doc_file(stored.doc.doc_id, stored.version)
    _truncate(path)
    service.vectors.manifest_path.unlink()  # forces the rebuild that reads every file
    with pytest.raises(DerivedFileError) as err:
        service.retrieve("moats", 3)
    assert f"vectors/docs/{path.name}" in str(err.value)
    assert "doctor --repair" in str(err.value)


def test_doctor_cli_names_a_garbage_vector_file(workspace: Path) -> None:
    doc = next((workspace / "vectors" / "docs").iterdir())
    _garbage(doc)
    result = CliRunner().invoke(cli, ["doctor", "--workspace", str(workspace)])
    assert result.exit_code == 1
    assert f"vectors/docs/{doc.name}: unreadable" in result.stderr
    assert "Traceback" not in result.output
