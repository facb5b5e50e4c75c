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
            assert not service.models.reader_loaded
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


def test_each_document_is_read_cleaned_and_scored_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The prefetch window reads, cleans and scores each document's sentences to learn its
    claim texts; its own turn reuses all of that instead of doing it again."""
    from counterpoint.kg.extract import claims as claims_mod
    from counterpoint.retrieval.stand_in import HashEmbedder

    calls: dict[str, list[str]] = {"load": [], "clean": [], "score": []}
    load, clean, score = ingest.load_source, ingest.make_document, claims_mod.candidate_claims

    def counted_load(source: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        calls["load"].append(source)
        return load(source, *args, **kwargs)  # type: ignore[arg-type]

    def counted_clean(raw):  # type: ignore[no-untyped-def]
        calls["clean"].append(raw.meta.title)
        return clean(raw)

    def counted_score(doc, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["score"].append(doc.content_hash)
        return score(doc, *args, **kwargs)

    monkeypatch.setattr(ingest, "load_source", counted_load)
    monkeypatch.setattr(ingest, "make_document", counted_clean)
    monkeypatch.setattr(claims_mod, "candidate_claims", counted_score)
    paths = sorted(str(p) for p in CORPUS.glob("*.md"))
    service = Counterpoint(Settings(workspace=tmp_path / "ws"), embedder=HashEmbedder())
    try:
        results, _ = service.ingest(paths)
        assert [r.status for r in results] == ["added"] * len(paths)
        assert sorted(calls["load"]) == paths
        assert len(calls["clean"]) == len(paths)
        assert len(calls["score"]) == len(set(calls["score"])) == len(paths)
        # the same claims as a document ingested on its own (no prefetch for one source)
        stored = {c.text for c in service.claims() if c.doc_id == results[0].doc_id}
    finally:
        service.close()
    alone = Counterpoint(Settings(workspace=tmp_path / "alone"), embedder=HashEmbedder())
    try:
        alone.ingest(paths[:1])
        assert stored == {c.text for c in alone.claims()}
    finally:
        alone.close()
