"""Fixtures: the hand-made argument graphs in a real on-disk store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claim_graphs import argument_graphs
from counterpoint.kg.namespaces import Iris
from counterpoint.kg.oxigraph_store import OxigraphStore


@pytest.fixture
def iris() -> Iris:
    return Iris("https://counterpoint.example.org/")


@pytest.fixture
def argument_store(tmp_path: Path, iris: Iris) -> Iterator[OxigraphStore]:
    store = OxigraphStore(tmp_path / "graph")
    store.replace_graphs(argument_graphs(iris))
    yield store
    store.close()
