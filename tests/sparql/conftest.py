"""Fixtures: an on-disk store holding the hand-made argument graphs (no model needed)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from claim_graphs import argument_graphs
from counterpoint.kg.namespaces import Iris
from counterpoint.kg.oxigraph_store import OxigraphStore
from servers import free_port

BASE = "https://counterpoint.example.org/"


@pytest.fixture
def iris() -> Iris:
    return Iris(BASE)


@pytest.fixture
def argument_store(tmp_path: Path, iris: Iris) -> Iterator[OxigraphStore]:
    store = OxigraphStore(tmp_path / "graph")
    store.replace_graphs(argument_graphs(iris))
    yield store
    store.close()


def quad_count(store: OxigraphStore) -> int:
    return len(store.raw)


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """A real `oxigraph serve` (from the `oxigraph` PyPI package) on a free loopback port."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    port = free_port()
    proc = subprocess.Popen(
        [
            binary,
            "serve",
            "--location",
            str(tmp_path / "oxigraph-server"),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    try:
        while True:
            try:
                if httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1).is_success:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                raise AssertionError(f"oxigraph serve did not start: {proc.stderr.read()!r}")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
