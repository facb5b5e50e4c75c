"""The bundled corpus cut the way ingest cuts it (chunks, then sentences inside chunks),
without a workspace: the backend tests compare vectors of exactly these texts."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from counterpoint.corpus.chunk import chunk_document
from counterpoint.corpus.loaders import load_file
from counterpoint.corpus.pipeline import make_document
from counterpoint.corpus.sentences import sentence_spans

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@dataclass(frozen=True)
class BundledChunk:
    doc_id: str
    chunk_id: str
    text: str


@functools.cache
def bundled_chunks() -> tuple[BundledChunk, ...]:
    out = []
    for path in sorted(CORPUS.glob("*.md")):
        doc = make_document(load_file(path, 50_000_000))
        out += [
            BundledChunk(doc.doc_id, c.chunk_id, doc.text[c.start : c.end])
            for c in chunk_document(doc)
        ]
    return tuple(out)


@functools.cache
def bundled_sentences() -> tuple[str, ...]:
    out = []
    for path in sorted(CORPUS.glob("*.md")):
        doc = make_document(load_file(path, 50_000_000))
        for c in chunk_document(doc):
            out += [doc.text[s:e] for s, e in sentence_spans(doc.text, c.start, c.end)]
    return tuple(out)
