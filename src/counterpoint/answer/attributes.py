"""The attribute a fact question asks about, and whether a sentence gives it.

"How much funding had Globex raised?" asks for Globex's funding; a sentence about Globex
with a figure in it ("Globex, founded in 2019, now has 40 staff") is about Globex but not
about its funding. The essays of a corpus often name an entity and never the asked-for
attribute: those questions are near misses, and the honest answer is "the essays mention
Globex, but not its funding". The lexicon (attributes.json) is general: the property groups
of schema.org and Wikidata with their everyday synonyms, one `source` per attribute.

An attribute counts as asked when the question is typed (it wants a figure, a date or a
name: any attribute word it uses says which) or when the attribute word heads its
wh-phrase ("What is the maximum fine …", "What hardware does …"). Elsewhere in an
untyped question the word is part of what the reader describes ("Why did Globex release
its weights?" does not ask for a release).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEXICON = Path(__file__).with_name("attributes.json")
# "what / which [is the] [up to three modifiers] ATTRIBUTE": the attribute heads the phrase.
_WH_HEAD = r"\b(?:what|which)\s+(?:(?:is|are|was|were)\s+)?(?:(?:the|its|their|his|her|a|an)\s+)?"
# An auxiliary among them ends the phrase: in "What does the chef liken …" the chef
# is the clause's subject, not the thing asked for.
_MODIFIERS = (
    r"(?:(?!(?:do|does|did|is|are|was|were|has|have|had|can|could|will|would|should)\b)"
    r"[\w'’-]+\s+){0,3}?"
)


@dataclass(frozen=True)
class Attribute:
    name: str
    asked: tuple[str, ...]
    given: tuple[str, ...]


def _pattern(entries: tuple[str, ...]) -> str:
    """Whole-word alternatives; a trailing '*' matches any word ending. A hyphen joins a
    word: 'fine' does not match inside 'fine-tuned'."""
    parts = []
    for e in entries:
        stem, wild = (e[:-1], True) if e.endswith("*") else (e, False)
        body = re.escape(stem).replace(r"\ ", r"\s+")
        parts.append(body + (r"[\w'’]*" if wild else ""))
    return r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])"


@dataclass(frozen=True)
class _Compiled:
    attribute: Attribute
    anywhere: re.Pattern[str]
    heading: re.Pattern[str]
    given: re.Pattern[str]


@lru_cache(maxsize=1)
def _lexicon() -> tuple[_Compiled, ...]:
    raw = json.loads(LEXICON.read_text(encoding="utf-8"))["attributes"]
    out = []
    for a in raw:
        attr = Attribute(a["name"], tuple(a["asked"]), tuple(a["given"]))
        asked = _pattern(attr.asked)
        out.append(
            _Compiled(
                attr,
                re.compile(asked, re.I),
                re.compile(_WH_HEAD + _MODIFIERS + asked, re.I),
                re.compile(_pattern(attr.given), re.I),
            )
        )
    return tuple(out)


# A fronted phrase that sets the scene before the question proper ("In the footnote about
# founders writing books, who …", "According to the note on funding, which …"): it says
# where to look, not what is asked, so its words name no asked attribute.
_SETTING = re.compile(
    r"^\s*(?:in|on|at|from|within|among|across|per|according to|after|before|during)\b"
    r"[^,?]*,\s*(?=(?:what|which|who|whom|whose|when|where|how)\b)",
    re.I,
)


# Statements before the question proper ("The baker opened in May. How many …?")
# give its background; only the sentence that asks names what is asked.
_PREAMBLE = re.compile(r"^[^?]*[.!]\s+(?=[A-Z][^.!]*\?)")
# "the chef's bakery", "the owners’ boat": a possessor describes what is asked about.
_POSSESSIVE = re.compile(r"['’](?:s\b|(?=\s))")


# "staff training", "price setting": before a noun made of a verb (its -ing form) the word
# modifies that noun, which is what the question is about (Quirk et al. 1985, 17.108).
_BEFORE_GERUND = re.compile(r"\s+[a-z]{2,}ing\b")


def _asks(pattern: re.Pattern[str], question: str) -> bool:
    """Whether some match of `pattern` is neither a possessive (see _POSSESSIVE) nor the
    modifier of a noun made of a verb (see _BEFORE_GERUND)."""
    return any(
        not _POSSESSIVE.match(question, m.end()) and not _BEFORE_GERUND.match(question, m.end())
        for m in pattern.finditer(question)
    )


def asked_attributes(question: str, typed: bool) -> list[Attribute]:
    """The attributes the question asks about (see the module docstring for when a word
    that names one counts); a fronted scene-setting phrase, statements before the question
    sentence and a possessor ("the chef's bakery") are not read."""
    question = _SETTING.sub("", _PREAMBLE.sub("", question))
    return [c.attribute for c in _lexicon() if _asks(c.anywhere if typed else c.heading, question)]


def gives(attribute: Attribute, text: str) -> bool:
    """Whether `text` words the attribute (any of its given or asked words)."""
    for c in _lexicon():
        if c.attribute == attribute:
            return bool(c.given.search(text) or c.anywhere.search(text))
    return False


@lru_cache(maxsize=1)
def _measure() -> re.Pattern[str]:
    nouns = json.loads(LEXICON.read_text(encoding="utf-8"))["measure_nouns"]["nouns"]
    head = "|".join(re.escape(n) for n in nouns)
    return re.compile(
        rf"\b(?:what|which)\s+(?P<mods>(?:[\w'’-]+\s+){{1,3}}?)(?:{head})\b(?!\s+of\b)", re.I
    )


def qualifiers(question: str) -> list[str]:
    """The words that narrow a measure noun the question asks for: "At what oven
    temperature …" → ["oven"]; "What revenue figure …" → ["revenue"]. A sentence that gives
    some other temperature answers another question."""
    m = _measure().search(question)
    if m is None:
        return []
    words = m.group("mods").split()
    return [w for w in words if w.lower() not in _NOT_QUALIFIERS]


# Words that may stand between "what" and a measure noun without narrowing it.
_NOT_QUALIFIERS = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "the",
        "a",
        "an",
        "its",
        "their",
        "his",
        "her",
        "exact",
        "approximate",
        "rough",
        "typical",
        "average",
        "total",
        "minimum",
        "maximum",
        "overall",
        "current",
        "likely",
        "recommended",
        "ideal",
        "kind",
        "sort",
        "type",
        "of",
    ]
)


_HOW_MANY = re.compile(r"\bhow many\s+(?P<np>(?:[\w'’-]+\s*){1,3})", re.I)
# Words that end the counted noun phrase ("how many acres does …", "how many hours of …").
_NP_END = frozenset(
    [
        "do",
        "does",
        "did",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "can",
        "could",
        "will",
        "would",
        "should",
        "of",
        "in",
        "at",
        "on",
        "for",
        "to",
        "by",
        "with",
        "per",
        "the",
        "a",
        "an",
        "there",
        "it",
        "they",
        "he",
        "she",
        "we",
        "you",
    ]
)
# Counted nouns too general to say which count is meant.
_GENERIC = frozenset(["people", "times", "things", "ways", "ones", "more", "other", "others"])


def counted(question: str) -> list[str]:
    """The words of the noun phrase a "how many" question counts ("How many acres does the
    ranch cover?" → ["acres"]): a count of something else does not answer it."""
    m = _HOW_MANY.search(question)
    if m is None:
        return []
    out = []
    for w in m.group("np").split():
        w = w.strip("?,.;:")
        if w.lower() in _NP_END:
            break
        out.append(w)
    return [] if any(w.lower() in _GENERIC for w in out) else out
