"""Pick the graph store named in settings. Engines are imported only when chosen."""

from __future__ import annotations

from counterpoint.config import Settings
from counterpoint.errors import UsageError
from counterpoint.kg.base import GraphStore


def open_store(settings: Settings) -> GraphStore:
    if settings.store == "oxigraph":
        from counterpoint.kg.oxigraph_store import OxigraphStore

        return OxigraphStore(settings.graph_dir)
    if settings.store == "memory":
        from counterpoint.kg.oxigraph_store import OxigraphStore

        return OxigraphStore(None)
    if settings.store.startswith(("sparql+http://", "sparql+https://")):
        from counterpoint.kg.remote_store import RemoteSparqlStore

        return RemoteSparqlStore(settings.store.removeprefix("sparql+"))
    raise UsageError(
        f"unknown store {settings.store!r}: use 'oxigraph', 'memory' or 'sparql+http://host:port/…'"
    )
