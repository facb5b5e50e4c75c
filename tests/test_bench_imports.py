"""`make bench` is not run by `make test`, so a moved test helper or a renamed function would
only show up when someone benchmarks; importing every bench module here catches that early."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
MODULES = sorted(m.name for m in pkgutil.iter_modules([str(BENCH)]))


def test_every_bench_module_is_found() -> None:
    assert {"run", "common", "corpus_stage", "scale"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_bench_module_imports(name: str) -> None:
    module = importlib.import_module(f"bench.{name}")
    assert module.__name__ == f"bench.{name}"


def test_corpus_stage_builds_its_pdf() -> None:
    """The helper this section imports from tests/ (the import that broke once)."""
    from bench import corpus_stage

    assert corpus_stage._pdf_bytes(2).startswith(b"%PDF")
