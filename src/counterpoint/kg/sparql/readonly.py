"""Read-only access to a workspace's graph, for commands that only read (sparql, export).

The embedded store allows one writer per workspace; `counterpoint serve` holds it. Opening the
store read-only lets `counterpoint sparql` and `counterpoint export` run beside the server.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from counterpoint.config import Settings
from counterpoint.errors import StoreError, UsageError
from counterpoint.kg.base import GraphStore
from counterpoint.kg.oxigraph_store import OxigraphStore
from counterpoint.kg.sparql.worker import open_read_only as open_read_only_store


class ReadOnlyOxigraphStore(OxigraphStore):
    """An on-disk store opened read-only: a snapshot of the data at open time. It does not call
    OxigraphStore.__init__, which would open the store for writing."""

    def __init__(self, path: Path) -> None:
        if not path.exists():
            raise UsageError(f"{path}: no graph store here; run `counterpoint ingest` first")
        self.path = path
        try:
            self._store = open_read_only_store(str(path))
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"{path}: cannot open graph store read-only ({exc})") from None

    def replace_graphs(self, graphs: dict[str, str]) -> None:
        raise StoreError(f"{self.path}: store is opened read-only")

    def add_to_graph(self, graph: str, ntriples: str) -> None:
        raise StoreError(f"{self.path}: store is opened read-only")

    def remove_from_graph(self, graph: str, ntriples: str) -> None:
        raise StoreError(f"{self.path}: store is opened read-only")

    def bulk_add(self, graph: str, ntriples: str, after_part: Callable[[], None]) -> None:
        raise StoreError(f"{self.path}: store is opened read-only")

    def flush(self) -> None:
        """Nothing is written through a read-only store."""

    def close(self) -> None:
        del self._store


def open_read_only(settings: Settings) -> GraphStore:
    """The workspace's store for reading: read-only when embedded, the endpoint when remote."""
    if settings.store == "oxigraph":
        return ReadOnlyOxigraphStore(settings.graph_dir)
    from counterpoint.kg.stores import open_store

    return open_store(settings)
