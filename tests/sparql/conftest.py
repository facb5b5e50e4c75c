"""Fixtures: an on-disk store holding the hand-made argument graphs (no model needed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claim_graphs import argument_graphs
from counterpoint.kg.namespaces import Iris
from counterpoint.kg.oxigraph_store import OxigraphStore

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
