"""What answering knows about the corpus as a whole, built once per corpus version.

The essays (titles, authors, dates) for reading which essay a question means; the principal
essay (flagged in front matter, else the one most others respond to); every sentence in one
matrix (`SentenceTable`); the names the entity extractor typed as persons. None of it calls
the model: it is read from the graph and the cached sentence vectors.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from counterpoint.answer.challenge_corpus import Corpus as ChallengeCorpus
from counterpoint.answer.evidence import Evidence, Sentence
from counterpoint.answer.notes import NoteTable, note_chunks
from counterpoint.answer.scope import EssayInfo, principal_essay, responses_to, surname
from counterpoint.answer.sentence_table import SentenceTable
from counterpoint.answer.speakers import is_interview
from counterpoint.answer.word_keys import key_of
from counterpoint.corpus.models import Chunk, Document
from counterpoint.kg.claims import ClaimRecord

_WORD = re.compile(r"\w+")
DF_SAMPLE = 500  # essays read to estimate how rare a word is (all of them in a smaller corpus)


@dataclass
class AnswerCorpus:
    docs: dict[str, Document]
    chunks: dict[str, Chunk]
    table: SentenceTable
    essays: list[EssayInfo]
    principal: str | None
    persons: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    surnames: dict[str, list[str]] = field(default_factory=dict)  # doc id → authors' surnames
    # Footnote bodies, which no search chunk holds, as passages of their own (notes.py).
    notes: NoteTable | None = None
    # Built on the first challenge and kept with this corpus version (a new version builds a
    # new AnswerCorpus): loading the claims and mapping them to rows cost more per challenge
    # than weighing it.
    _challenge: ChallengeCorpus | None = field(default=None, repr=False)
    # Every word of the texts, titles and authors in lower case, built on first use: whether
    # the corpus names something at all is one set lookup per word, not a scan of the texts.
    _vocabulary: frozenset[str] | None = field(default=None, repr=False)
    # How many essays use a word of each comparison key (word_keys.content_keys), built on
    # first use: the weight of a question word that a sentence shares (`select.py`).
    _key_df: dict[str, int] | None = field(default=None, repr=False)
    _df_docs: int = field(default=0, repr=False)

    def vocabulary(self) -> frozenset[str]:
        if self._vocabulary is None:
            meta = [x for e in self.essays for x in (e.title, *e.authors)]
            words = (w for t in [*self.texts.values(), *meta] for w in _WORD.findall(t.lower()))
            self._vocabulary = frozenset(words)
        return self._vocabulary

    def key_weights(self, keys: set[str]) -> dict[str, float]:
        """Inverse essay frequency of each key, log((1 + N) / (1 + df)) + 1: a question word
        few essays use ("subreddit") says more about which sentence answers than one every
        essay uses ("model")."""
        if self._key_df is None:
            texts = list(self.texts.values())
            # a large corpus is estimated from evenly spaced essays: one pass over a few
            # hundred texts, not over every word of every essay on the first question
            sample = texts[:: max(1, len(texts) // DF_SAMPLE)]
            key: dict[str, str] = {}
            df: dict[str, int] = {}
            for text in sample:
                words = set(_WORD.findall(text.lower()))
                for k in {key.get(w) or key.setdefault(w, key_of(w)) for w in words}:
                    df[k] = df.get(k, 0) + 1
            self._key_df, self._df_docs = df, len(sample)
        n = self._df_docs
        return {k: math.log((1 + n) / (1 + self._key_df.get(k, 0))) + 1.0 for k in keys}

    def challenge_corpus(self, load_claims: Callable[[], list[ClaimRecord]]) -> ChallengeCorpus:
        """What challenge mode reads, with the claims `load_claims` returns, built once."""
        if self._challenge is None:
            self._challenge = ChallengeCorpus(
                self.table, self.texts, load_claims(), self.principal, self.surnames
            )
        return self._challenge

    @classmethod
    def build(
        cls,
        docs: dict[str, Document],
        chunks: dict[str, Chunk],
        table: SentenceTable,
        persons: list[str],
    ) -> AnswerCorpus:
        essays = [
            EssayInfo(
                d,
                doc.meta.title,
                doc.meta.authors,
                doc.meta.date,
                doc.meta.tags,
                is_interview(doc.text),
            )
            for d, doc in sorted(docs.items())
        ]
        texts = {d: doc.text for d, doc in docs.items()}
        flagged = {d for d, doc in docs.items() if doc.meta.principal}
        principal = principal_essay(essays, flagged, responses_to(essays, texts))
        surnames = {e.doc_id: [n for n in map(surname, e.authors) if n] for e in essays}
        notes = NoteTable(note_chunks(docs, chunks), texts, table)
        return cls(docs, chunks, table, essays, principal, persons, texts, surnames, notes)

    def title(self, doc_id: str) -> str:
        return self.docs[doc_id].meta.title

    def run(self, first: int, last: int) -> Sentence | None:
        """Rows first..last (one paragraph) as one quote, inside a chunk that holds them all;
        None when no single chunk does (a quote never spans two chunks)."""
        start, end = int(self.table.spans[first, 0]), int(self.table.spans[last, 1])
        for row in (last, first):
            chunk = self.chunks[self.table.chunk_ids[row]]
            if chunk.start <= start and end <= chunk.end:
                doc = self.docs[chunk.doc_id]
                return Sentence(Evidence(chunk=chunk, doc=doc, score=0.0), start, end, 1.0)
        return None

    def sentence(self, row: int, similarity: float = 1.0) -> Sentence:
        """A table row as a quotable Sentence inside its own chunk."""
        chunk = self.chunks[self.table.chunk_ids[row]]
        doc = self.docs[chunk.doc_id]
        start, end = (int(x) for x in self.table.spans[row])
        return Sentence(Evidence(chunk=chunk, doc=doc, score=0.0), start, end, similarity)
