"""Evidence: retrieved chunks with the documents they belong to, ready to quote."""

from __future__ import annotations

from dataclasses import dataclass

from counterpoint.corpus.models import Chunk, Document


@dataclass(frozen=True)
class Evidence:
    chunk: Chunk
    doc: Document
    score: float


@dataclass(frozen=True)
class Sentence:
    """A candidate quote: a sentence span inside one evidence chunk."""

    evidence: Evidence
    start: int
    end: int
    similarity: float

    @property
    def text(self) -> str:
        return self.evidence.doc.text[self.start : self.end]
