"""Shared fixtures. The embedding model loads once per session (it takes seconds); every test
gets its own workspace, copied from one ingested at session start."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from counterpoint.config import Settings
from counterpoint.service import Counterpoint

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEED = CORPUS / "open-source-ai-business-models-and-brand-moats.md"
SEED_ID = "open-source-ai-business-models-brand-moats"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test may touch the user's real workspace or pick up their LLM settings."""
    for key in list(os.environ):
        if key.startswith("COUNTERPOINT_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("COUNTERPOINT_WORKSPACE", str(tmp_path / "default-workspace"))


@pytest.fixture(scope="session")
def embedder():  # type: ignore[no-untyped-def]
    from counterpoint.retrieval.embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def seeded_workspace(tmp_path_factory: pytest.TempPathFactory, embedder) -> Path:  # type: ignore[no-untyped-def]
    """A workspace with the whole bundled corpus ingested, closed so tests can copy it."""
    ws = tmp_path_factory.mktemp("seeded") / "ws"
    service = Counterpoint(Settings(workspace=ws), embedder=embedder)
    results, _ = service.ingest([str(CORPUS)], recursive=True)
    assert all(r.status == "added" for r in results), results
    service.close()
    return ws


@pytest.fixture
def workspace(tmp_path: Path, seeded_workspace: Path) -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(seeded_workspace, ws)
    return ws


@pytest.fixture
def service(workspace: Path, embedder) -> Iterator[Counterpoint]:  # type: ignore[no-untyped-def]
    svc = Counterpoint(Settings(workspace=workspace), embedder=embedder)
    yield svc
    svc.close()


@pytest.fixture
def empty_service(tmp_path: Path, embedder) -> Iterator[Counterpoint]:  # type: ignore[no-untyped-def]
    svc = Counterpoint(Settings(workspace=tmp_path / "empty"), embedder=embedder)
    yield svc
    svc.close()
