"""Retrieval and citation quality on a labelled question set (tests/data/qa).

Gold passages are stored as exact text, not offsets, and located in the canonical text at
evaluation time: the cleaner may change offsets between versions, the words stay.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from counterpoint.corpus.models import Chunk


@dataclass(frozen=True)
class Gold:
    id: str
    question: str
    doc_id: str
    start: int
    end: int


def _pattern(text: str) -> re.Pattern[str]:
    """Whitespace-insensitive match, for text whose line breaks the cleaner reflowed."""
    return re.compile(r"\s+".join(re.escape(w) for w in text.split()))


def locate(passage: str, texts: dict[str, str]) -> tuple[str, int, int] | None:
    """(doc_id, start, end) of the passage in exactly one document, else None."""
    found = []
    for doc_id, text in texts.items():
        i = text.find(passage)
        if i >= 0:
            found.append((doc_id, i, i + len(passage)))
            continue
        m = _pattern(passage).search(text)
        if m:
            found.append((doc_id, m.start(), m.end()))
    return found[0] if len(found) == 1 else None


def load_qa(path: Path, texts: dict[str, str]) -> tuple[list[Gold], list[str], list[str]]:
    """Located questions, out-of-corpus questions, and ids whose gold was not found."""
    data = json.loads(path.read_text())
    golds, missing = [], []
    for q in data["questions"]:
        where = locate(q["gold"], texts)
        if where is None:
            missing.append(q["id"])
        else:
            golds.append(Gold(q["id"], q["question"], *where))
    return golds, list(data.get("out_of_corpus", [])), missing


def half_of(question: str) -> str:
    """'dev' or 'test': a stable split by the SHA-256 of the question text (parity of the
    digest). Fusion parameters are chosen on 'dev' only and reported on 'test', so the
    held-out figure is not fitted to the questions it scores; hashing (not list position)
    keeps a question in its half when questions are added or reordered."""
    return "dev" if int(hashlib.sha256(question.encode()).hexdigest(), 16) % 2 == 0 else "test"


def split(golds: list[Gold]) -> dict[str, list[Gold]]:
    """The dev and test halves of a labelled set (see `half_of`)."""
    halves: dict[str, list[Gold]] = {"dev": [], "test": []}
    for g in golds:
        halves[half_of(g.question)].append(g)
    return halves


def overlaps(gold: Gold, doc_id: str, start: int, end: int) -> bool:
    return doc_id == gold.doc_id and start < gold.end and gold.start < end


def rank_of_gold(gold: Gold, chunks: Sequence[Chunk]) -> int | None:
    for rank, c in enumerate(chunks, start=1):
        if overlaps(gold, c.doc_id, c.start, c.end):
            return rank
    return None


def recall_mrr(
    golds: list[Gold], search: Callable[[str], Sequence[Chunk]], k: int = 5
) -> tuple[float, float]:
    """recall@k (gold chunk in the top k) and MRR over the top k."""
    hits, rr = 0, 0.0
    for g in golds:
        rank = rank_of_gold(g, search(g.question)[:k])
        if rank is not None:
            hits += 1
            rr += 1 / rank
    n = max(len(golds), 1)
    return hits / n, rr / n
