"""A hand-made challenge corpus for unit tests (no model): rows of (doc id, sentence, vector),
consecutive sentences of a document forming one paragraph, as `SentenceTable` holds them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from counterpoint.answer.challenge_corpus import Corpus
from counterpoint.answer.sentence_table import SentenceTable
from counterpoint.kg.claims import ClaimRecord

Rows = list[tuple[str, str, np.ndarray]]
SURNAMES = {"a": ["Okafor"], "b": ["Lund"]}


def unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def corpus_of(
    rows: Rows, claims: Sequence[ClaimRecord] = (), principal: str | None = None
) -> Corpus:
    """Essay texts joined from the rows' sentences, one table row per sentence; essay "a" is by
    Okafor, "b" by Lund."""
    texts: dict[str, str] = {}
    spans = []
    for doc, sentence, _ in rows:
        start = len(texts.get(doc, "")) + (1 if doc in texts else 0)
        texts[doc] = f"{texts[doc]} {sentence}" if doc in texts else sentence
        spans.append((start, start + len(sentence)))
    prev = np.array(
        [i - 1 if i and rows[i - 1][0] == rows[i][0] else -1 for i in range(len(rows))],
        dtype=np.int64,
    )
    table = SentenceTable(
        chunk_ids=[f"{d}-c" for d, _, _ in rows],
        doc_ids=[d for d, _, _ in rows],
        spans=np.array(spans, dtype=np.int64),
        vecs=np.stack([v for _, _, v in rows]),
        prev=prev,
    )
    return Corpus(table, texts, list(claims), principal=principal, surnames=SURNAMES)
