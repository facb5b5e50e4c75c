"""What challenge mode reads about the corpus: every sentence (the table), the texts, the
claims and which sentence holds which claim, the principal essay and the authors' surnames.

Kept apart from target choice and evidence weighing because both read it, and the claim ↔ row
maps are built once per corpus object rather than per question.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from counterpoint.answer.sentence_table import SentenceTable
from counterpoint.answer.words import COMMON_FUNCTION_WORDS
from counterpoint.kg.claims import ClaimRecord

_WORD = re.compile(r"[a-z][a-z0-9'-]+")
_STOP = COMMON_FUNCTION_WORDS | frozenset(
    [
        "about",
        "also",
        "been",
        "can",
        "can't",
        "could",
        "doesn't",
        "don't",
        "had",
        "has",
        "have",
        "he",
        "i",
        "into",
        "isn't",
        "it's",
        "just",
        "may",
        "might",
        "more",
        "most",
        "only",
        "over",
        "she",
        "should",
        "so",
        "such",
        "than",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "those",
        "very",
        "we",
        "will",
        "won't",
        "would",
        "you",
    ]
)


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def overlap(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / ((len(a) + len(b)) or 1)


def stem(word: str) -> str:
    """A light plural/possessive strip ("shops" -> "shop", "rents" -> "rent")."""
    word = word.removesuffix("'s")
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def stems(words: set[str]) -> set[str]:
    """`stem` of each word: "shop" in the question meets "shops" in the sentence."""
    return {stem(w) for w in words}


@dataclass
class Corpus:
    """What weighing reads: the sentence table, texts, claims, the principal essay."""

    table: SentenceTable
    texts: dict[str, str]
    claims: list[ClaimRecord]
    principal: str | None = None
    surnames: dict[str, list[str]] = field(default_factory=dict)  # doc id → authors' surnames
    _claim_rows: dict[str, int] | None = None
    _claim_at: dict[int, ClaimRecord] | None = None
    _by_id: dict[str, ClaimRecord] | None = None
    _name_patterns: dict[str, re.Pattern[str]] | None = None
    _on_row: dict[int, list[ClaimRecord]] | None = None
    _idf: dict[str, float] | None = None

    def idf(self) -> dict[str, float]:
        """Inverse sentence frequency of each stemmed content word of the corpus."""
        if self._idf is None:
            n = len(self.table)
            df: dict[str, int] = {}
            for row in range(n):
                for w in stems(content_words(self.text(row))):
                    df[w] = df.get(w, 0) + 1
            self._idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
        return self._idf

    def coverage(self, query: set[str], row: int) -> float:
        """The share of the query's (stemmed) content words, each weighted by its rarity in
        the corpus, that the sentence at `row` holds: the corpus's topic words, in nearly
        every sentence, say little about which sentence the reader means."""
        idf = self.idf()
        unseen = math.log(len(self.table) + 1) + math.log(2)
        q = stems(query)
        total = sum(idf.get(w, unseen) for w in q)
        shared = sum(idf.get(w, unseen) for w in q & stems(content_words(self.text(row))))
        return shared / total if total else 0.0

    def text(self, row: int) -> str:
        s, e = self.table.spans[row]
        return self.texts[self.table.doc_ids[row]][s:e]

    def claim_rows(self) -> dict[str, int]:
        """claim id → the table row holding the claim's start."""
        if self._claim_rows is None:
            starts: dict[tuple[str, int], int] = {}
            for i, d in enumerate(self.table.doc_ids):
                starts[(d, int(self.table.spans[i, 0]))] = i
            out = {}
            for c in self.claims:
                row = starts.get((c.doc_id, c.start))
                if row is None:
                    row = self.table.row_at(c.doc_id, c.start)
                if row is not None:
                    out[c.id] = row
            self._claim_rows = out
        return self._claim_rows

    def _patterns(self) -> dict[str, re.Pattern[str]]:
        if self._name_patterns is None:
            self._name_patterns = {
                d: re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")
                for d, names in self.surnames.items()
                if names
            }
        return self._name_patterns

    def essays_named(self, text: str) -> list[str]:
        """Essays whose authors' surnames the text names (one compiled pattern per essay)."""
        return [d for d, pattern in self._patterns().items() if pattern.search(text)]

    def names_author_of(self, doc_id: str, text: str) -> bool:
        """Does the text name an author of `doc_id`? (One pattern, not one per essay: asked
        of every retrieved sentence.)"""
        pattern = self._patterns().get(doc_id)
        return pattern is not None and pattern.search(text) is not None

    def by_id(self) -> dict[str, ClaimRecord]:
        if self._by_id is None:
            self._by_id = {c.id: c for c in self.claims}
        return self._by_id

    def claims_on(self, row: int) -> list[ClaimRecord]:
        """Every claim whose start lies in the sentence at `row`."""
        if self._on_row is None:
            on: dict[int, list[ClaimRecord]] = {}
            by_id = self.by_id()
            for cid, r in self.claim_rows().items():
                on.setdefault(r, []).append(by_id[cid])
            self._on_row = on
        return self._on_row.get(row, [])

    def claim_for(self, row: int, question: str) -> ClaimRecord | None:
        """The claim on a sentence; where several claims share it, the one whose words the
        reader's words repeat most (then the most linked)."""
        on_row = self.claims_on(row)
        if len(on_row) <= 1:
            return on_row[0] if on_row else None
        words = content_words(question)
        best = self.claim_at().get(row)
        return max(on_row, key=lambda c: (overlap(words, content_words(c.text)), c is best))

    def claim_at(self) -> dict[int, ClaimRecord]:
        """table row → the claim it holds; where several claims share a sentence, the one
        the argument graph links most (then a thesis, then the longest)."""
        if self._claim_at is None:
            linked: dict[str, int] = {}
            for c in self.claims:
                for t in (*c.attacks, *c.supports):
                    linked[t] = linked.get(t, 0) + 1
                    linked[c.id] = linked.get(c.id, 0) + 1
            by_id = {c.id: c for c in self.claims}
            out: dict[int, ClaimRecord] = {}
            for cid, row in self.claim_rows().items():
                c = by_id[cid]
                old = out.get(row)
                rank = (linked.get(c.id, 0), c.is_thesis, c.end - c.start)
                if old is None or rank > (
                    linked.get(old.id, 0),
                    old.is_thesis,
                    old.end - old.start,
                ):
                    out[row] = c
            self._claim_at = out
        return self._claim_at
