"""Sentence vectors reuse the vectors of texts embedded already during extraction (claims and
thesis candidates, issue 15 throughput): fewer texts go through the model, and retrieval
returns the same top-k for every labelled question as with every sentence embedded afresh."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.retrieval.sentence_vectors import SentenceVectors
from counterpoint.service import Counterpoint
from counterpoint.service.indexes import _Reusing
from helpers import DATA


class _Counting:
    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.name, self.dim = inner.name, inner.dim  # type: ignore[attr-defined]
        self.texts = 0

    def embed_batch(self, texts: list[str]):  # type: ignore[no-untyped-def]
        self.texts += len(texts)
        return self.inner.embed_batch(texts)  # type: ignore[attr-defined]


@pytest.fixture
def separate(workspace: Path, embedder) -> Iterator[Counterpoint]:  # type: ignore[no-untyped-def]
    """The "separate" sentence mode (each sentence embedded on its own): the mode this reuse
    serves; the default "late" mode takes sentence vectors from the chunks' pass instead."""
    svc = Counterpoint(
        Settings(workspace=workspace, sentence_vectors="separate"), embedder=embedder
    )
    yield svc
    svc.close()


@pytest.mark.slow
def test_reused_sentence_vectors_give_the_same_top_k(separate: Counterpoint) -> None:
    service = separate
    indexes = service.indexes
    view = indexes.view
    data = json.loads((DATA / "qa" / "questions.json").read_text("utf-8"))
    questions = [q["question"] for q in data["questions"]]
    reused = [[e.chunk for e in service.retrieve(q, 5)] for q in questions]

    counting = _Counting(service.embedder)
    plain = SentenceVectors({})
    sentences = 0
    for doc_id, doc in view.docs.items():
        chunks, texts = view.chunks_of(doc_id), {doc_id: doc.text}
        reuse = _Reusing(counting, indexes._cached_text_vectors)  # type: ignore[arg-type]
        built = SentenceVectors.build(chunks, texts, reuse)
        plain.update(SentenceVectors.build(chunks, texts, service.embedder))
        sentences += sum(len(spans) for _, spans, _ in built.rows())
    # fewer texts reached the model than there are sentences
    assert counting.texts < sentences

    indexes._sentences = plain  # every sentence embedded afresh
    indexes._answer_corpus = None
    fresh = [[e.chunk for e in service.retrieve(q, 5)] for q in questions]
    assert fresh == reused
