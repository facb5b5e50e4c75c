"""Shared fixtures. The embedding model loads once per session (it takes seconds); every test
gets its own workspace, copied from one ingested at session start. The hand-made argument
graphs (claim_graphs.py) come in a real store for tests that need no model.

Test folders are not packages (no __init__.py): pytest puts each test's folder on sys.path
and imports it by its bare name, so test module names must be unique across folders. Shared
code lives in modules next to this file (helpers.py, claim_graphs.py, servers.py, fakes/)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Under xdist (`make test` runs two workers on two cores) each worker computes on one thread:
# torch and OpenMP otherwise start one thread per core in every worker (measured: the suite
# 15 min 52 s -> 15 min 10 s; the real saving is the embedding memory, memo_embedder.py).
# Set before torch is imported; CLI subprocesses inherit it.
if "PYTEST_XDIST_WORKER" in os.environ:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("MKL_NUM_THREADS", "1")

from claim_graphs import argument_graphs
from counterpoint.config import Settings
from counterpoint.kg.namespaces import Iris
from counterpoint.kg.oxigraph_store import OxigraphStore
from counterpoint.service import Counterpoint
from helpers import CORPUS

# `make test` hands whole files to two workers in collection order (`--dist loadfile
# --no-loadscope-reorder`). These files hold a minute or more each (module fixtures: the
# held-out corpora; servers; the hostile sample), so they go first: started last, one of them
# left a worker running alone for the suite's final minute.
HEAVY_FIRST = (
    "tests/answer/test_eval_set.py",
    # runs CLIs and a server of its own (their own model); meanwhile the other worker embeds
    # the held-out essays that the next file then reads from the shared embedding memory
    "tests/concurrency/test_concurrent_clients.py",
    "tests/argument/test_heldout_quality.py",
    "tests/argument/test_heldout2_quality.py",
    "tests/argument/test_heldout3_quality.py",
    "tests/answer/test_eval_set2.py",
    "tests/answer/test_eval_set3.py",
    "tests/answer/test_eval_set4.py",
    "tests/hostile/test_hostile.py",
    "tests/answer/test_qa_set.py",
    "tests/retrieval/test_onnx_embedder.py",
    "tests/retrieval/test_sentence_reuse.py",
    "tests/corpus/test_bad_input.py",
    "tests/ui/test_exposure.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(HEAVY_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))


@pytest.fixture(scope="session")
def models_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One ONNX export cache for the session (a CLI ingest makes the export once)."""
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, models_cache: Path) -> None:
    """No test may touch the user's real workspace or model cache, or pick up their LLM
    settings."""
    for key in list(os.environ):
        if key.startswith("COUNTERPOINT_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("COUNTERPOINT_WORKSPACE", str(tmp_path / "default-workspace"))
    monkeypatch.setenv("COUNTERPOINT_MODELS_DIR", str(models_cache))


@pytest.fixture(scope="session")
def embedder(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The packaged model, its vectors remembered by text for the session (memo_embedder.py:
    the suite ingests the same essays many times); under xdist the workers share them
    through a folder beside their own temporary folders (this run's, never an older one's)."""
    from memo_embedder import MemoEmbedder

    shared = None
    if "PYTEST_XDIST_WORKER" in os.environ:
        import torch

        torch.set_num_threads(1)  # in case torch was imported before this file set OMP
        shared = tmp_path_factory.getbasetemp().parent / "embedding-memo"
    return MemoEmbedder(shared)


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


@pytest.fixture
def iris() -> Iris:
    return Iris("https://counterpoint.example.org/")


@pytest.fixture
def argument_store(tmp_path: Path, iris: Iris) -> Iterator[OxigraphStore]:
    """An on-disk store holding the hand-made argument graphs (no model needed)."""
    store = OxigraphStore(tmp_path / "graph")
    store.replace_graphs(argument_graphs(iris))
    yield store
    store.close()
