"""Entity mentions: a shipped gazetteer (named entities with a Wikidata QID, plus general
domain concepts; see gazetteer.py) and, for every other name, a general pattern: a run of
capitalised words that does not open its sentence becomes an unlisted "Thing". No name is
listed because one of our own essays uses it; the pattern is what finds those.

Each mention is an exact span of the canonical text, resolved to one entity per concept
(aliases, case for long names, possessives left outside the span). Deterministic.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from counterpoint.corpus.ids import slugify
from counterpoint.corpus.models import Document
from counterpoint.kg.extract.gazetteer import load_gazetteer
from counterpoint.kg.extract.text import Sentence, body_sentences

EXTRACTOR_NAME = "counterpoint-gazetteer-entities"
EXTRACTOR_VERSION = "1.1"  # 1.1: QID-only named entities, concepts.json
# Aliases this short ("HF", "Tab") match only in their exact case, or ordinary words would hit.
CASE_SENSITIVE_MAX_LEN = 4
# Mention confidence: a listed name is nearly certain; a listed concept ("alignment") may be the
# everyday word; an unlisted capitalised name is as likely noise as an entity.
LISTED_CONFIDENCE, CONCEPT_CONFIDENCE, UNLISTED_CONFIDENCE = 0.9, 0.8, 0.5
# Unlisted names shorter than this are initials or fragments.
MIN_NAME_CHARS = 3


@dataclass(frozen=True)
class Entity:
    slug: str
    label: str
    type: str  # Organization | Person | Product | Protocol | Concept | Thing
    wikidata: str | None = None


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    entity: Entity
    confidence: float


@lru_cache(maxsize=1)
def gazetteer() -> tuple[dict[str, Entity], re.Pattern[str], re.Pattern[str]]:
    """Alias → entity, and two patterns: case-sensitive for short or capitalised aliases
    (so 'Tab' or 'HF' never match inside ordinary words), case-insensitive for the rest."""
    by_alias: dict[str, Entity] = {}
    exact: list[str] = []
    folded: list[str] = []
    for row in load_gazetteer():
        ent = Entity(slugify(row.label), row.label, row.type, row.wikidata)
        for alias in [row.label, *row.aliases]:
            case_sensitive = len(alias) <= CASE_SENSITIVE_MAX_LEN or alias[:1].isupper()
            key = alias if case_sensitive else alias.lower()
            by_alias.setdefault(key, ent)
            (exact if case_sensitive else folded).append(alias)

    return by_alias, _alternation(exact, 0), _alternation(folded, re.IGNORECASE)


def _body(names: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


def _alternation(names: list[str], flags: int) -> re.Pattern[str]:
    return re.compile(rf"{_BEFORE}(?:{_body(names)})(?![\w-])", flags)


# what may not stand before an alias (a letter, "/" or "-": inside a word, a path, a compound)
_BEFORE = r"(?<![A-Za-z/-])"
_NOT_BEFORE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz/-")


@lru_cache(maxsize=1)
def _fast() -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """The gazetteer's two patterns as `extract_mentions` runs them, matching exactly where
    they match, faster: the case-sensitive one without its look-behind (which the caller
    tests: re then scans for an alias's first character instead of trying the look-behind at
    every position), and the case-insensitive one case-sensitive over lowered ASCII text
    (re's per-character case folding made it the slowest step). None for the second when an
    alias to fold is not ASCII (re folds "ſ", "ı" or "K" to an ASCII letter, lower() does
    not)."""
    exact: list[str] = []
    folded: list[str] = []
    for row in load_gazetteer():
        for alias in [row.label, *row.aliases]:
            case_sensitive = len(alias) <= CASE_SENSITIVE_MAX_LEN or alias[:1].isupper()
            (exact if case_sensitive else folded).append(alias)
    tail = re.compile(rf"(?:{_body(exact)})(?![\w-])")
    if not all(a.isascii() for a in folded):
        return tail, None
    return tail, _alternation([a.lower() for a in folded], 0)


def _exact_matches(
    pattern: re.Pattern[str], text: str, start: int, end: int
) -> list[re.Match[str]]:
    """`pattern` (`_fast`'s first) with the look-behind tested here: the matches the
    gazetteer's case-sensitive pattern finds in text[start:end] (a failed look-behind moves
    the search on by one character, as re does)."""
    out = []
    pos = start
    while (m := pattern.search(text, pos, end)) is not None:
        at = m.start()
        if at and text[at - 1] in _NOT_BEFORE:
            pos = at + 1
            continue
        out.append(m)
        pos = m.end()
    return out


_NAME = re.compile(r"\b[A-Z][a-zA-Z]+(?:[ .][A-Z][a-zA-Z]+)*\b")
_STOP = {
    "The", "This", "That", "These", "Those", "It", "In", "As", "We", "I", "If", "But", "And",
    "While", "However", "Most", "Many", "Some", "One", "At", "On", "For", "A", "An", "When",
    "What", "Why", "How", "Both", "Each", "Every", "Upon", "Across", "Put", "Lastly", "Nobody",
    "Sometimes", "Typically", "With", "Consider", "Instead", "None",
}  # fmt: skip


def extract_mentions(doc: Document, sentences: list[Sentence] | None = None) -> list[Mention]:
    """Gazetteer mentions first (longest alias wins), then unlisted capitalised names, in the
    body sentences (pass them when already computed: segmenting a long essay is not free)."""
    by_alias, _, folded = gazetteer()
    # Taken spans, disjoint and sorted by start (so their ends are sorted too): an overlap
    # test is two bisections, not a scan of every earlier mention (quadratic on long texts).
    starts: list[int] = []
    ends: list[int] = []
    out: list[Mention] = []

    def free(s: int, e: int) -> bool:
        i = bisect.bisect_right(starts, s)
        return not (i and ends[i - 1] > s) and not (i < len(starts) and starts[i] < e)

    def take(s: int, e: int) -> None:
        i = bisect.bisect_right(starts, s)
        starts.insert(i, s)
        ends.insert(i, e)

    tail, folded_ascii = _fast()
    text = doc.text
    for sent in body_sentences(doc) if sentences is None else sentences:
        found: list[tuple[int, int, Entity, float]] = []
        for m in _exact_matches(tail, text, sent.start, sent.end):
            ent = by_alias.get(m.group())
            if ent is not None:
                conf = CONCEPT_CONFIDENCE if ent.type == "Concept" else LISTED_CONFIDENCE
                found.append((m.start(), m.end(), ent, conf))
        # the look-behind reads the character before the sentence too
        at = max(0, sent.start - 1)
        window = text[at : sent.end]
        if folded_ascii is not None and window.isascii():
            low = window.lower()
            matches = [
                (m.group(), m.start() + at, m.end() + at)
                for m in folded_ascii.finditer(low, sent.start - at)
            ]
        else:
            matches = [
                (m.group().lower(), m.start(), m.end())
                for m in folded.finditer(text, sent.start, sent.end)
            ]
        for key, s, e in matches:
            ent = by_alias.get(key)
            if ent is not None:
                conf = CONCEPT_CONFIDENCE if ent.type == "Concept" else LISTED_CONFIDENCE
                found.append((s, e, ent, conf))
        for s, e, ent, conf in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
            if free(s, e):
                take(s, e)
                out.append(Mention(s, e, doc.text[s:e], ent, conf))
        for m in _NAME.finditer(doc.text, sent.start, sent.end):
            s, e = m.start(), m.end()
            words = m.group().split()
            if s == sent.start and len(words) == 1:
                continue  # a capital at the start of a sentence is not a name
            if words[0] in _STOP:
                words = words[1:]
                s = e - len(" ".join(words)) if words else e
            if not words or not free(s, e) or len(doc.text[s:e]) < MIN_NAME_CHARS:
                continue
            label = doc.text[s:e]
            take(s, e)
            ent = Entity(slugify(label), label, "Thing")
            out.append(Mention(s, e, label, ent, UNLISTED_CONFIDENCE))
    return sorted(out, key=lambda m: (m.start, m.end))
