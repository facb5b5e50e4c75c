"""A long ingest flushes the embedded store's write buffers as it goes (bounded memory at
100k chunks: the figure is in `make bench-scale`; here, that the policy runs and loses
nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint import ingest
from counterpoint.config import Settings
from counterpoint.kg.oxigraph_store import OxigraphStore
from counterpoint.retrieval.stand_in import HashEmbedder
from counterpoint.service import Counterpoint
from helpers import CORPUS


class CountingStore(OxigraphStore):
    """The real on-disk store, counting flushes."""

    flushes = 0

    def flush(self) -> None:
        self.flushes += 1
        super().flush()


def _service(tmp_path: Path) -> tuple[Counterpoint, CountingStore]:
    settings = Settings(workspace=tmp_path / "ws")
    store = CountingStore(settings.graph_dir)
    return Counterpoint(settings, store=store, embedder=HashEmbedder(384, "hash-embedder")), store


def test_ingest_flushes_every_few_chunks_and_keeps_every_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = sorted(str(p) for p in CORPUS.glob("*.md"))[:3]
    monkeypatch.setattr(ingest, "FLUSH_EVERY_CHUNKS", 1)
    service, store = _service(tmp_path)
    results, _ = service.ingest(paths)
    assert [r.status for r in results] == ["added"] * 3
    # one flush after each document (each has chunks), none owed before the index stage
    assert store.flushes == 3
    service.close()
    reopened = Counterpoint(Settings(workspace=tmp_path / "ws"), embedder=HashEmbedder())
    assert len(reopened.stored_documents(with_text=False)) == 3
    reopened.close()


def test_a_short_ingest_flushes_once_before_the_index_stage_and_unchanged_never(
    tmp_path: Path,
) -> None:
    paths = sorted(str(p) for p in CORPUS.glob("*.md"))[:2]
    service, store = _service(tmp_path)
    service.ingest(paths)
    assert store.flushes == 1
    results, _ = service.ingest(paths)
    assert {r.status for r in results} == {"unchanged"}
    assert store.flushes == 1
    service.close()
