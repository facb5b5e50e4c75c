"""The house rule that extraction and answer code never names our corpus: no author of a
bundled or held-out essay, and no run of six words from one of those essays, appears anywhere
in the package (code, cue data, comments or docstrings). Examples in docstrings are made up, so
that nobody reads a rule as fitted to one essay, and a rule that quotes an essay fails here."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from helpers import ROOT

SRC = ROOT / "src" / "counterpoint"
ESSAYS = [
    p
    for folder in [ROOT / "corpus", *sorted((ROOT / "tests" / "data").glob("heldout*/essays"))]
    for p in sorted(folder.rglob("*"))
    if p.suffix in {".md", ".txt", ".html"}
]
WINDOW = 6
# A window never spans one of these: '"the usual answer is that", "the closing …"' in a list of
# cue examples is two phrases, not one six-word quotation.
BOUNDARY = re.compile(r"[\"“”()\[\]{}.;:?!]")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _essay_windows() -> set[tuple[str, ...]]:
    windows: set[tuple[str, ...]] = set()
    for path in ESSAYS:
        w = _words(path.read_text(encoding="utf-8", errors="replace"))
        windows.update(tuple(w[i : i + WINDOW]) for i in range(len(w) - WINDOW + 1))
    return windows


def _code_files() -> list[Path]:
    """Code, cue data and shapes. Not the example SPARQL queries (kg/queries/): they are
    written for the bundled corpus and name its essays' ids on purpose, for a user to edit."""
    return sorted(
        p
        for p in SRC.rglob("*")
        if p.suffix in {".py", ".json", ".ttl"} and "queries" not in p.relative_to(SRC).parts
    )


def _front_matter_authors(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    if not text.startswith("---"):
        return []
    meta = yaml.safe_load(text.split("---", 2)[1]) or {}
    found = meta.get("author") or meta.get("authors") or []
    return [found] if isinstance(found, str) else list(found)


def test_the_essays_and_the_code_are_both_found() -> None:
    assert len(ESSAYS) >= 25  # the bundled corpus and three held-out sets
    assert len(_code_files()) > 150


def test_no_six_words_of_an_essay_appear_in_the_package() -> None:
    essay = _essay_windows()
    found = []
    for path in _code_files():
        text = path.read_text(encoding="utf-8")
        for piece in BOUNDARY.split(text):
            w = _words(piece)
            for i in range(len(w) - WINDOW + 1):
                if tuple(w[i : i + WINDOW]) in essay:
                    found.append(f"{path.relative_to(ROOT)}: {' '.join(w[i : i + WINDOW])}")
                    break
    assert found == []


def test_no_essay_author_is_named_in_the_package() -> None:
    authors = {a for p in ESSAYS for a in _front_matter_authors(p) if "Counterpoint" not in a}
    assert len(authors) >= 20
    surnames = {a.split()[-1] for a in authors}
    named = []
    for path in _code_files():
        text = path.read_text(encoding="utf-8")
        named += [
            f"{path.relative_to(ROOT)}: {s}" for s in surnames if re.search(rf"\b{s}\b", text)
        ]
    assert named == []
