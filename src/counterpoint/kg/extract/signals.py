"""General signals of argument in one sentence, read from the cue lexicon (lexicon/cues.json).

Every signal is a property of English argumentative prose (negation, contrast, concession,
hedges, reporting, narration, evidence), never of one essay or topic: the readers (claims,
theses, links) combine them, so a cue class can be extended in the data file without code.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

_OPENING_JUNK = re.compile(r"^[\s\"'(\[*_-]+")


@functools.lru_cache(maxsize=1024)
def plain(text: str) -> str:
    """Lower case with straight quotes: what cue patterns are matched against. Cached: one
    sentence is asked about some twenty cue classes in turn (and ``replace`` is several times
    faster than ``translate`` with a table)."""
    straight = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return straight.lower()


def _pattern(phrase: str) -> str:
    body = re.escape(phrase.rstrip("*")).replace(r"\ ", r"\s+")
    tail = r"\w*" if phrase.endswith("*") else ""
    left = r"\b" if phrase[:1].isalnum() else ""
    right = "" if tail or not phrase[-1:].isalnum() else r"\b"
    if phrase.startswith("n't"):
        left = ""
    return f"{left}{body}{tail}{right}"


@functools.cache
def _lexicon() -> dict[str, list[str]]:
    text = resources.files("counterpoint.kg.extract.lexicon").joinpath("cues.json")
    data = json.loads(text.read_text("utf-8"))
    return {k: v["phrases"] for k, v in data.items() if not k.startswith("_")}


@functools.cache
def anywhere(cls: str) -> re.Pattern[str]:
    """Any entry of a cue class, anywhere in a (plain) text."""
    phrases = sorted(_lexicon()[cls], key=len, reverse=True)
    return re.compile("|".join(_pattern(p) for p in phrases))


@functools.cache
def at_start(cls: str) -> re.Pattern[str]:
    """An entry of a cue class opening a (plain) text."""
    phrases = sorted(_lexicon()[cls], key=len, reverse=True)
    return re.compile("^(?:" + "|".join(_pattern(p) for p in phrases) + ")")


_WORD = re.compile(r"\w+")


def _is_word(phrase: str) -> bool:
    """A cue that is one plain word: its pattern (\\bword\\b) matches exactly when the word
    is one of the text's maximal runs of word characters."""
    return bool(_WORD.fullmatch(phrase)) and phrase[0].isalnum() and phrase[-1].isalnum()


@functools.cache
def _split(cls: str) -> tuple[frozenset[str], re.Pattern[str] | None]:
    """A cue class as its one-word cues (a set) and a pattern for the others (or None)."""
    entries = _lexicon()[cls]
    rest = sorted((p for p in entries if not _is_word(p)), key=len, reverse=True)
    pattern = re.compile("|".join(_pattern(p) for p in rest)) if rest else None
    return frozenset(p for p in entries if _is_word(p)), pattern


@functools.lru_cache(maxsize=1024)
def _words(plain_text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(plain_text))


def has(cls: str, text: str) -> bool:
    """Does a cue of this class occur in the text? The same answer as `anywhere(cls)`, found
    faster: one-word cues by a set lookup of the sentence's words (most cues are one word, and
    a long alternation costs `re` a try of every branch at every position: claim scoring
    asks this some fourteen times per sentence of a document)."""
    text = plain(text)
    words, rest = _split(cls)
    if words and not words.isdisjoint(_words(text)):
        return True
    return rest is not None and rest.search(text) is not None


def count(cls: str, text: str) -> int:
    return len(anywhere(cls).findall(plain(text)))


def opens(cls: str, text: str) -> bool:
    """Does the sentence open with a cue of this class (after quotes or brackets)?"""
    return bool(at_start(cls).match(_opening(plain(text))))


@functools.lru_cache(maxsize=1024)
def _opening(plain_text: str) -> str:
    """A plain text without the quotes or brackets before its first word. Cached: claim
    scoring asks some seven `opens` of one sentence in turn."""
    return _OPENING_JUNK.sub("", plain_text)


def phrases(cls: str) -> list[str]:
    return list(_lexicon()[cls])


_NOUN_ENDINGS = ("ion", "ions", "ment", "ments", "er", "ers")
# "Its argument is that…", "The essay's second major claim is that…": a third party's view
# named by a noun of stance (Hyland 1999, attribution by a text's own nouns), then restated.
_VIEW_NOUN_REPORT = re.compile(
    r"^(?:its|his|her|their|the [\w-]+'s)(?: [\w-]+){0,3} (?:argument|claim|point|thesis"
    r"|prediction|contention|case|view) is that\b"
)


def reports_view(text: str) -> bool:
    """Does the sentence open by reporting someone else's view ("Carver argues that…", "The
    essay claims…", "He wrote that…")? Not when the reporter is the author ("I argue")."""
    words = plain(text).split()[:4]
    head = " ".join(words)
    if not words or words[0] in ("i", "we", "i'd", "we'd"):
        return False
    verbs = [
        m.group(0)
        for m in anywhere("report_verb").finditer(head)
        if not m.group(0).endswith(_NOUN_ENDINGS)  # "prediction", "argument": not a report
    ]
    return bool(verbs) or bool(_VIEW_NOUN_REPORT.match(plain(text)))


def attributes_view(text: str) -> bool:
    """Does the sentence give someone else's view: it reports one (`reports_view`), names a
    source with a reporting verb ("The essay also made the point that…"), or passes a
    verdict on a named source's view ("I also agree with the essay's skepticism…")?"""
    if reports_view(text):
        return True
    if not has("third_person_source", text):
        return False
    return has("report_verb", text) or has("verdict_support", text) or has("verdict_attack", text)


# "…, as the essay suggested, …", "As Roe argues, …": an attribution by "as" presents the
# view as true (a factive frame: Hyland 1999 'Academic attribution', the writer's
# commitment to a cited view), so the sentence is the author's claim, not a report of it
_AS_SOURCE = re.compile(
    r"(?:^|[,(;:—–]\s*)as\s+(?:[\w'-]+\s+){0,4}?(?:argu|suggest|not|observ|point|writ|predict"
    r"|put|sa(?:y|id)|warn|claim|show)\w*\b"
)


def endorses_source(text: str) -> bool:
    """Does the sentence adopt someone else's view with "as X says" (not report it)?"""
    return bool(_AS_SOURCE.search(plain(text)))
