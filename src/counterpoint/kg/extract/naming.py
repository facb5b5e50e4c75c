"""Which essay names which: an author's surname or a cited title, the test of an explicit answer.

An essay that names another (by its author, or by citing its title) answers it, and its claims
may link to that essay's claims on similarity (responses.py); one that does not name it links
there only through a restatement with a stance. Naming is a question about two essays' texts
and metadata alone, asked by the whole relink (`named_essays`, word look-ups over the corpus)
and by the links update (`Naming`, pair by pair on first ask), so it is kept in one place for
both.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from counterpoint.kg.extract.pair_signals import content_set
from counterpoint.kg.extract.text import tokens

# An essay names another's title when it holds this share of the title's content words.
TITLE_SHARE = 0.8
# ... within a stretch of this many times the title's length in words (cites_title)
TITLE_WINDOW = 2


@dataclass(frozen=True)
class EssayInfo:
    """What an essay says about itself: who wrote it and its title, and its body text."""

    doc_id: str
    title: str
    authors: tuple[str, ...]
    text: str


def named_essays(essays: Sequence[EssayInfo]) -> dict[str, set[str]]:
    """For each essay, the other essays it names: an author's surname (capitalised, as a
    word), or most of the content words of a title. Word look-ups in dictionaries, so the
    cost grows with the corpus's words, not with pairs of essays."""
    by_surname: dict[str, set[str]] = {}
    for e in essays:
        for author in e.authors:
            parts = author.split()
            if parts and len(parts[-1]) > 2:
                by_surname.setdefault(parts[-1], set()).add(e.doc_id)
    bodies = {e.doc_id: content_set(e.text) for e in essays}
    containing: dict[str, set[str]] = {}
    for doc_id, words in bodies.items():
        for w in words:
            containing.setdefault(w, set()).add(doc_id)
    out: dict[str, set[str]] = {e.doc_id: set() for e in essays}
    for e in essays:
        for word in capitalised_words(e.text):
            out[e.doc_id] |= by_surname.get(word, set())
    texts = {e.doc_id: e.text for e in essays}
    for t in essays:
        title = content_set(t.title)
        if len(title) < 3:
            continue
        # an essay holding the share holds one of the (len - needed + 1) rarest words
        needed = math.ceil(TITLE_SHARE * len(title))
        rarest = sorted(title, key=lambda w: (len(containing.get(w, ())), w))
        holders = set().union(
            *(containing.get(w, set()) for w in rarest[: len(title) - needed + 1])
        )
        for doc_id in holders:
            if len(title & bodies[doc_id]) >= TITLE_SHARE * len(title) and cites_title(
                texts[doc_id], t.title
            ):
                out[doc_id].add(t.doc_id)
    for doc_id, names in out.items():
        names.discard(doc_id)
    return out


_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]+")
_POSSESSIVE = re.compile(r"['’]s?$")


def capitalised_words(text: str) -> set[str]:
    """The capitalised words of a text, each also without a possessive ending: an essay
    names an author as often as "Roe's essay" as "Roe"."""
    words = set(_CAPITALISED.findall(text))
    return words | {_POSSESSIVE.sub("", w) for w in words}


def cites_title(text: str, title: str) -> bool:
    """Does the text cite the title: TITLE_SHARE of its content words within one stretch
    of TITLE_WINDOW x the title's length in words? Essays on one subject share the words
    of each other's titles ("brand", "open", "economics") scattered over their bodies; a
    citation keeps them together ("in 'Brand Is a Lagging Indicator', …", "her essay on
    brand as a lagging indicator"). Found with two pointers over the text's title words."""
    words = content_set(title)
    span = TITLE_WINDOW * len(tokens(title))
    needed = math.ceil(TITLE_SHARE * len(words))
    hits = [(i, w) for i, w in enumerate(tokens(text)) if w in words]
    held: dict[str, int] = {}
    lo = 0
    for i, w in hits:
        held[w] = held.get(w, 0) + 1
        while i - hits[lo][0] >= span:
            first = hits[lo][1]
            held[first] -= 1
            if not held[first]:
                del held[first]
            lo += 1
        if len(held) >= needed:
            return True
    return False


Named = dict[str, set[str]] | Callable[[str, str], bool]


class Naming:
    """Whether essay A names essay B, worked out on first ask for that pair: the test of
    `named_essays` for one pair, so the cost follows the pairs asked about, not the corpus.
    `text_of`, when given, reads an essay's text on first need (the essays' own texts are
    not used then): the links update does not read every essay's text for one change."""

    def __init__(
        self, essays: Sequence[EssayInfo], text_of: Callable[[str], str] | None = None
    ) -> None:
        self._essays = {e.doc_id: e for e in essays}
        self._text_of = text_of
        self._capitalised: dict[str, set[str]] = {}
        self._words: dict[str, frozenset[str]] = {}
        self._answers: dict[tuple[str, str], bool] = {}

    def __call__(self, a: str, b: str) -> bool:
        key = (a, b)
        if key not in self._answers:
            self._answers[key] = self._names(a, b)
        return self._answers[key]

    def _names(self, a: str, b: str) -> bool:
        ea, eb = self._essays.get(a), self._essays.get(b)
        if ea is None or eb is None or a == b:
            return False
        if a not in self._capitalised:
            text = self._text_of(a) if self._text_of is not None else ea.text
            self._capitalised[a] = capitalised_words(text)
            self._words[a] = content_set(text)
        surnames = {p[-1] for p in (x.split() for x in eb.authors) if p and len(p[-1]) > 2}
        if surnames & self._capitalised[a]:
            return True
        title = content_set(eb.title)
        if len(title) < 3 or len(title & self._words[a]) < TITLE_SHARE * len(title):
            return False
        text = self._text_of(a) if self._text_of is not None else ea.text
        return cites_title(text, eb.title)


def named_lookup(named: dict[str, set[str]]) -> Callable[[str, str], bool]:
    """`named_essays`' answer as the test `answers` asks: essay `a` names essay `b`."""
    return lambda a, b: b in named.get(a, set())


def answers(a: str, b: str, names: Callable[[str, str], bool]) -> bool:
    """Whether essay `a` answers essay `b`, from the two essays alone: it names it."""
    return names(a, b)
