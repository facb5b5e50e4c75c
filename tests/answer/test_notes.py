"""Footnote bodies are quotable passages for answers: no search chunk holds them, so without
`answer/notes.py` a question about what a footnote says could never be cited."""

from __future__ import annotations

import numpy as np

from counterpoint.answer.evidence import Evidence, Sentence
from counterpoint.answer.notes import (
    SECTION,
    NoteTable,
    named_note,
    note_chunks,
    with_referrer_scores,
)
from counterpoint.answer.verify import quote_of
from counterpoint.corpus.chunk import chunk_document
from counterpoint.corpus.loaders import load_file
from counterpoint.corpus.models import Chunk, Document, Metadata
from counterpoint.corpus.pipeline import make_document
from counterpoint.retrieval.base import Vectors
from helpers import SEED


class WordEmbedder:
    """One dimension per listed word: a sentence's vector says which of them it holds."""

    name = "words"

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.dim = len(words)
        self.calls = 0

    def embed_batch(self, texts: list[str]) -> Vectors:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for j, w in enumerate(self.words):
                out[i, j] = float(w in t.lower())
            out[i] /= np.linalg.norm(out[i]) or 1.0
        return out


def test_every_seed_footnote_is_a_note_chunk_whose_quotes_verify() -> None:
    seed = make_document(load_file(SEED, 10_000_000))
    chunks = {c.chunk_id: c for c in chunk_document(seed)}
    notes = note_chunks({seed.doc_id: seed}, chunks)
    bodies = {seed.text[s.start : s.end] for s in seed.spans if s.kind == "footnote"}
    assert bodies and {c.text for c in notes} == bodies
    for c in notes:
        assert c.section == SECTION and seed.text[c.start : c.end] == c.text
        assert c.chunk_id not in chunks
        s = Sentence(Evidence(chunk=c, doc=seed, score=0.0), c.start, c.end, 1.0)
        assert quote_of(s) == c.text  # the same exact-span check as every other quote


def _doc(text: str) -> Document:
    from counterpoint.corpus.ids import content_hash

    return Document("d", Metadata("T"), text, content_hash(text), "d.md")


def test_only_labelled_paragraphs_after_the_body_are_notes() -> None:
    body = "[1] A bracketed opener inside the body is body text.\n\nMore body text here."
    text = body + "\n\n[1] The first note says alpha.\n\n[2] The second note says beta. Gamma too."
    doc = _doc(text)
    chunk = Chunk("d#0", "d", 0, len(body), body)
    notes = note_chunks({"d": doc}, {"d#0": chunk})
    assert [c.text for c in notes] == [
        "The first note says alpha.",
        "The second note says beta. Gamma too.",
    ]
    assert note_chunks({"d": doc}, {}) == []  # a document without chunks has no body end


def test_a_note_joins_when_a_sentence_is_as_close_as_the_floor() -> None:
    body = "Body."
    text = body + "\n\n[1] The first note says alpha.\n\n[2] The second note says beta. Gamma too."
    doc = _doc(text)
    table = NoteTable(
        note_chunks({"d": doc}, {"d#0": Chunk("d#0", "d", 0, 5, body)}), doc_texts(doc)
    )
    embedder = WordEmbedder(["alpha", "beta", "gamma"])
    q = embedder.embed_batch(["gamma"])[0]
    near = table.near(q, embedder, 0.5, None)
    assert [c.text for c in near] == ["The second note says beta. Gamma too."]
    assert table.near(q, embedder, 0.5, {"other"}) == []  # outside the allowed essays
    assert table.near(q, embedder, 1.01, None) == []
    table.near(q, embedder, 0.0, None)
    assert embedder.calls == 2  # the notes were embedded once, the question once


def doc_texts(doc: Document) -> dict[str, str]:
    return {doc.doc_id: doc.text}


def test_a_question_naming_a_footnote_prefers_note_sentences() -> None:
    from counterpoint.answer.select import score_sentences
    from counterpoint.answer.understand import analyse

    body = "The body says alpha here."
    text = body + "\n\n[1] The note says alpha too."
    doc = _doc(text)
    body_chunk = Chunk("d#0", "d", 0, len(body), body)
    note = note_chunks({"d": doc}, {"d#0": body_chunk})[0]
    in_body = Sentence(Evidence(chunk=body_chunk, doc=doc, score=0.0), 0, len(body), 0.50)
    in_note = Sentence(Evidence(chunk=note, doc=doc, score=0.0), note.start, note.end, 0.45)
    for question, first in (
        ("What does a footnote say about alpha?", in_note),
        ("What does the text say about alpha?", in_body),
    ):
        scored = score_sentences(analyse(question, [], None), [in_body, in_note], [])
        assert scored[0].sentence is first, question


def test_a_note_is_read_in_the_context_of_the_sentence_that_refers_to_it() -> None:
    from counterpoint.answer.sentence_table import SentenceTable

    body = "The harbour tolls alpha.[1] Nothing else here."
    text = body + "\n\n[1] A remark on that."
    doc = _doc(text)
    embedder = WordEmbedder(["alpha", "remark"])
    spans = [(0, 27), (28, len(body))]
    vecs = np.asarray(embedder.embed_batch([text[s:e] for s, e in spans]), dtype=np.float32)
    table = SentenceTable(["d#0", "d#0"], ["d", "d"], np.array(spans), vecs, np.array([-1, 0]))
    notes = NoteTable(
        note_chunks({"d": doc}, {"d#0": Chunk("d#0", "d", 0, len(body), body)}),
        doc_texts(doc),
        table,
    )
    note = notes.chunks[0]
    assert notes.markers[note.chunk_id] == body.index("[1]")
    assert notes.numbered(1, ["d"]) == [note] and notes.numbered(2, ["d"]) == []
    q = embedder.embed_batch(["alpha"])[0]
    # Alone the note says nothing of alpha; beside its referring sentence it does.
    assert float(notes.vectors(embedder)[0] @ q) > 0.5
    body_ev = Evidence(chunk=Chunk("d#0", "d", 0, len(body), body), doc=doc, score=0.7)
    note_ev = Evidence(chunk=note, doc=doc, score=0.0)
    scored = with_referrer_scores([body_ev, note_ev], notes)
    assert scored[1].score == 0.7  # as strong as the passage that refers to it


def test_a_question_can_name_a_footnote_by_number() -> None:
    assert named_note("What does the very first footnote say?") == 1
    assert named_note("What does footnote 3 add?") == 3
    assert named_note("In the 2nd footnote, who is named?") == 2
    assert named_note("What does a footnote say about alpha?") is None
