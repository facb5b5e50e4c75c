"""Settings: defaults, nested groups from the environment, the documented flat names, and the
groups reaching the code that uses them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from counterpoint.config import ClaimSettings, RetrievalSettings, Settings
from counterpoint.kg.extract.claims import claim_confidence
from counterpoint.retrieval.base import Embedder
from counterpoint.service import Counterpoint


def test_defaults() -> None:
    s = Settings()
    assert s.max_file_mb == 20.0 and s.min_evidence_similarity == 0.30
    assert s.retrieval == RetrievalSettings() and s.retrieval.top_k == 5
    assert s.extract.links.essay_similarity == 0.70 and s.extract.claims.threshold == 0.0


def test_nested_groups_read_double_underscore_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNTERPOINT_RETRIEVAL__TOP_K", "8")
    monkeypatch.setenv("COUNTERPOINT_RETRIEVAL__RRF_K", "60")
    monkeypatch.setenv("COUNTERPOINT_EXTRACT__CLAIMS__THRESHOLD", "0.45")
    monkeypatch.setenv("COUNTERPOINT_EXTRACT__LINKS__TOP_K", "3")
    s = Settings()
    assert s.retrieval.top_k == 8 and s.retrieval.rrf_k == 60
    assert s.retrieval.dense_weight == RetrievalSettings().dense_weight  # the rest: defaults
    assert s.extract.claims.threshold == 0.45 and s.extract.claims.min_words == 4
    assert s.extract.links.top_k == 3


def test_documented_flat_names_still_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNTERPOINT_MIN_EVIDENCE_SIMILARITY", "0.35")
    monkeypatch.setenv("COUNTERPOINT_MAX_FILE_MB", "3")
    monkeypatch.setenv("COUNTERPOINT_VECTOR_INDEX", "hnsw")
    s = Settings()
    assert (s.min_evidence_similarity, s.max_file_mb, s.vector_index) == (0.35, 3.0, "hnsw")


def test_bad_group_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNTERPOINT_RETRIEVAL__TOP_K", "0")
    with pytest.raises(ValidationError):
        Settings()
    with pytest.raises(ValidationError):
        RetrievalSettings(no_such_value=1)  # type: ignore[call-arg]


def test_claim_weights_come_from_the_group() -> None:
    text = "Open models are winning because buyers can inspect what they run."
    stricter = ClaimSettings(threshold=1.0)
    assert claim_confidence(text) > 0.5 > claim_confidence(text, stricter)


def test_service_passes_its_groups_down(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: Embedder
) -> None:
    monkeypatch.setenv("COUNTERPOINT_RETRIEVAL__EXPAND_SEEDS", "2")
    service = Counterpoint(Settings(workspace=tmp_path / "ws"), embedder=embedder)
    try:
        assert service.indexes.retriever().settings.expand_seeds == 2
    finally:
        service.close()
