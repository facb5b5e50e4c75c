"""Claim texts embedded ahead for a window of documents (ingest `_Run.prefetch`): the stored
claims and theses are those of an ingest without it, with fewer model calls and no more
texts through the model."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint import ingest
from counterpoint.config import Settings
from counterpoint.service import Counterpoint
from helpers import CORPUS


class _Counting:
    """The session embedder, counting its calls and the texts it was given."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.calls: list[list[str]] = []

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def embed_batch(self, texts: list[str]):  # type: ignore[no-untyped-def]
        self.calls.append(list(texts))
        return self.inner.embed_batch(texts)  # type: ignore[attr-defined]


def _ingest(
    folder: Path, embedder: object, status: str = "added"
) -> tuple[_Counting, set[tuple[str, str, bool]]]:
    counting = _Counting(embedder)
    service = Counterpoint(Settings(workspace=folder), embedder=counting)  # type: ignore[arg-type]
    try:
        results, _ = service.ingest(sorted(str(p) for p in CORPUS.glob("*.md")))
        assert all(r.status == status for r in results), results
        if status == "unchanged":
            # nothing to embed, so the question/claim model was never even opened (the
            # reader is made on first use: seconds for torch, ~1 s for the ONNX export)
            assert service._reader is None
        claims = {(c.doc_id, c.text, c.is_thesis) for c in service.claims()}
    finally:
        service.close()
    return counting, claims


@pytest.mark.slow
def test_prefetch_keeps_claims_and_saves_model_calls(
    tmp_path: Path,
    embedder,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ahead, claims_ahead = _ingest(tmp_path / "ahead", embedder)
    # the same files again: every document unchanged, nothing embedded ahead or otherwise
    again, claims_again = _ingest(tmp_path / "ahead", embedder, status="unchanged")
    assert again.calls == [] and claims_again == claims_ahead
    monkeypatch.setattr(ingest, "PREFETCH_MAX_CHARS", 0)  # nothing is small enough: no prefetch
    plain, claims_plain = _ingest(tmp_path / "plain", embedder)

    assert claims_ahead and claims_ahead == claims_plain
    # the first call is the window's claim texts, many of them in one call
    theses = sum(1 for _, _, is_thesis in claims_ahead if is_thesis)
    assert theses > 0
    assert len(ahead.calls[0]) > 50
    assert len(ahead.calls) < len(plain.calls)
    # nothing embedded twice: the model saw no more texts than without the prefetch
    assert sum(map(len, ahead.calls)) <= sum(map(len, plain.calls))
