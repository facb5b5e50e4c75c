"""General signals of argument in one sentence, read from the cue lexicon (lexicon/cues.json).

Every signal is a property of English argumentative prose (negation, contrast, concession,
hedges, reporting, narration, evidence), never of one essay or topic: the readers (claims,
theses, links) combine them, so a cue class can be extended in the data file without code.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
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
    # a cue word is a whole word, not part of a hyphenated compound: "well" in "well-known",
    # "right" in "by-right" and "not" in "not-for-profit" say nothing about stance
    left = r"(?<![\w-])" if phrase[:1].isalnum() else ""
    right = "" if tail or not phrase[-1:].isalnum() else r"(?![\w-])"
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
# the words a cue may be: not a part of a hyphenated compound (see `_pattern`)
_WHOLE_WORD = re.compile(r"(?<![\w-])\w+(?![\w-])")
_IN_WORD = re.compile(r"[\w-]")


def _is_word(phrase: str) -> bool:
    """A cue that is one plain word: its pattern (\\bword\\b) matches exactly when the word
    is one of the text's maximal runs of word characters."""
    return bool(_WORD.fullmatch(phrase)) and phrase[0].isalnum() and phrase[-1].isalnum()


def _whole_words(phrase: str) -> frozenset[str]:
    """The words of a cue that every match of its pattern (`_pattern`) holds as whole words
    of the text (maximal runs of word characters, not joined to another by a hyphen): a word
    of the phrase bounded on each side by a non-word character of the phrase other than a
    hyphen (a space, an apostrophe, a comma…) or by the pattern's word boundary. Not the
    last word of a cue ending in "*" (its match runs on), nor a word at an edge with no
    boundary ("n't")."""
    core = phrase.rstrip("*")
    left = phrase[:1].isalnum() and not phrase.startswith("n't")
    right = not phrase.endswith("*") and phrase[-1:].isalnum()
    return frozenset(
        m.group()
        for m in _WORD.finditer(core)
        if (m.start() > 0 or left)
        and (m.end() < len(core) or right)
        # a part of a hyphenated compound in the cue is no whole word of the text
        and core[m.start() - 1 : m.start()] != "-"
        and core[m.end() : m.end() + 1] != "-"
    )


@dataclass(frozen=True)
class _Cues:
    """A cue class compiled for `has`: a text holds one of its cues exactly when its words
    meet `words`, or a cue in `keyed` whose whole words (`_whole_words`) the text holds all
    of matches, or `rest` (the cues with no whole word, as one alternation) matches. The same
    answer as the class's whole alternation (`anywhere`), found without trying every
    multi-word cue at every position of the text."""

    words: frozenset[str]  # one-word cues
    keys: frozenset[str]  # the words `keyed` is indexed by
    keyed: dict[str, tuple[tuple[frozenset[str], re.Pattern[str]], ...]]
    rest: re.Pattern[str] | None
    # when every cue in `rest` is a word's beginning ("argue*": \bargue\w*), `rest` is the
    # beginnings alone (no \b: re then scans for their first letters) and `_has` tests the
    # word boundary before a match itself
    starts_only: bool = False


@functools.cache
def _cues(cls: str) -> _Cues:
    entries = _lexicon()[cls]
    keyed: dict[str, list[tuple[frozenset[str], re.Pattern[str]]]] = {}
    rest = []
    for phrase in entries:
        if _is_word(phrase):
            continue
        whole = _whole_words(phrase)
        if not whole:
            rest.append(phrase)
            continue
        # indexed by its longest whole word (the rarest, as a rule)
        key = max(sorted(whole), key=len)
        keyed.setdefault(key, []).append((whole, re.compile(_pattern(phrase))))
    rest.sort(key=len, reverse=True)
    starts_only = bool(rest) and all(_is_word_start(p) for p in rest)
    if starts_only:
        pattern = "|".join(re.escape(p.rstrip("*")) for p in rest)
    else:
        pattern = "|".join(_pattern(p) for p in rest)
    return _Cues(
        frozenset(p for p in entries if _is_word(p)),
        frozenset(keyed),
        {k: tuple(v) for k, v in keyed.items()},
        re.compile(pattern) if rest else None,
        starts_only,
    )


def _is_word_start(phrase: str) -> bool:
    """A cue "word*" whose pattern is \\bword\\w*: word characters opening with a letter
    or digit (so the \\b before it is a word's start)."""
    return phrase.endswith("*") and not phrase.startswith("n't") and _is_word(phrase[:-1])


class _Read:
    """One text as the cue tests read it: its plain form, its words, its opening (found when
    first asked), and the answers given so far, by cue class."""

    __slots__ = ("_opening", "found", "opened", "plain", "words")

    def __init__(self, text: str) -> None:
        self.plain = plain(text)
        self.words = frozenset(_WHOLE_WORD.findall(self.plain))
        self._opening: str | None = None
        self.found: dict[str, bool] = {}
        self.opened: dict[str, bool] = {}

    @property
    def opening(self) -> str:
        if self._opening is None:
            self._opening = _OPENING_JUNK.sub("", self.plain)
        return self._opening


@functools.lru_cache(maxsize=8192)
def _read(text: str) -> _Read:
    """Cached: one sentence is asked about some twenty cue classes, by claim scoring, thesis
    choice and the within-essay links in turn (and ingest's prefetch runs the claim
    extractor over a window of documents before each is enriched)."""
    return _Read(text)


def has(cls: str, text: str) -> bool:
    """Does a cue of this class occur in the text? The same answer as `anywhere(cls)`, found
    faster: one-word cues by a set lookup of the sentence's words, multi-word cues only when
    the sentence holds their whole words (most cues are one word, and a long alternation
    costs `re` a try of every branch at every position: claim scoring asks this some
    fourteen times per sentence of a document), each answer kept with the text."""
    read = _read(text)
    found = read.found.get(cls)
    if found is None:
        found = read.found[cls] = _has(_cues(cls), read)
    return found


def _has(cues: _Cues, read: _Read) -> bool:
    words = read.words
    if not cues.words.isdisjoint(words):
        return True
    if not cues.keys.isdisjoint(words):
        for key in cues.keys & words:
            for whole, pattern in cues.keyed[key]:
                if whole <= words and pattern.search(read.plain) is not None:
                    return True
    if cues.rest is None:
        return False
    if not cues.starts_only:
        return cues.rest.search(read.plain) is not None
    text = read.plain
    at = 0
    while (m := cues.rest.search(text, at)) is not None:
        at = m.start()
        if not at or not _IN_WORD.match(text, at - 1):
            return True  # a word starts here (the left boundary of the cue's pattern)
        at += 1
    return False


def count(cls: str, text: str) -> int:
    return len(anywhere(cls).findall(plain(text)))


def opens(cls: str, text: str) -> bool:
    """Does the sentence open with a cue of this class (after quotes or brackets)?"""
    read = _read(text)
    found = read.opened.get(cls)
    if found is None:
        found = read.opened[cls] = at_start(cls).match(read.opening) is not None
    return found


def one_negated(a: str, b: str) -> bool:
    """One of the two texts is negated and the other is not (cues.json negation): the
    plainest sign that two claims say opposite things."""
    return has("negation", a) != has("negation", b)


def after_opener(classes: tuple[str, ...], text: str) -> str:
    """The sentence after an opening cue of the first of these classes that opens it, when a
    comma sets the cue off ("That said, brand multiplies an advantage." -> "brand multiplies
    an advantage."); else the text itself. A connective is not part of the clause it links:
    "said" in "That said," is neither a past verb nor a report."""
    opening = _OPENING_JUNK.sub("", text)
    low = plain(opening)  # one character for one: offsets of `low` are offsets of `opening`
    for cls in classes:
        m = at_start(cls).match(low)
        if m is not None:
            rest = opening[m.end() :]
            return rest[1:].strip() or text if rest.startswith(",") else text
    return text


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
    return (
        bool(verbs)
        or bool(_VIEW_NOUN_REPORT.match(plain(text)))
        or _parenthetical_report(plain(text))
        or _text_labels_view(plain(text))
    )


# "X's essay on Y makes a claim that Z", "The report closes on a bold wager: that Z": a
# text, the subject of the sentence, labels the view it holds with a noun of stance before
# the restated view (Francis 1994, advance labels; Hyland 1999, attribution to a text). The
# text is another's: not "this essay" or "my post", the author's own framing.
_TEXT_SUBJECT = re.compile(
    r"^(?:(?!(?:this|my|our|i|we)\b)[\w'’.-]+\s+){0,6}?(?:essay|article|post|piece|paper|book"
    r"|report|op-ed|column|newsletter|memo|talk|author|writer)s?\b"
)


@functools.cache
def view_noun_frame() -> re.Pattern[str]:
    """A noun of stance followed, within a few words, by the "that" (or colon) opening the
    restated view: "the usual answer is that", "the closing suggestion that", "predictions:
    that" (Hyland 1999: attribution by a text's own nouns; Francis 1994 'labelling').
    Matched against plain text."""
    nouns = "|".join(
        re.escape(n.rstrip("*")) + (r"\w*" if n.endswith("*") else "") for n in phrases("view_noun")
    )
    return re.compile(rf"\b(?:{nouns})\b(?:\s+[\w'-]+){{0,6}}?\s*(?:,|:)?\s+that\b|\b(?:{nouns}):")


def _text_labels_view(low: str) -> bool:
    """Does a text, as the sentence's subject, label a view it holds before restating it
    (`_TEXT_SUBJECT`, then a noun of stance with its that-clause within its first 20
    words)? Lower-case text."""
    m = _TEXT_SUBJECT.match(low)
    if m is None:
        return False
    head = " ".join(low[m.end() :].split()[:20])
    return view_noun_frame().search(head) is not None


# "X, it notes, but Y", "X, the essay argues, and Y": a reporting clause set off by commas
# or dashes inside the reported view (a parenthetical reporting clause: Quirk et al. 1985,
# 15.15, 'comment clauses'); the subject is a pronoun or a definite source noun phrase
_COMMENT_CLAUSE = re.compile(
    r"[,—–]\s*(?:it|he|she|they|(?:the|this|that) (?:essay|author|article|post|piece|paper"
    r"|writer|argument))\s+(\w+)\s*[,—–]"
)


# "From this it infers that…", "Here he argues that…": a pronoun source and
# a reporting verb with its "that" clause within the sentence's first words (the pronoun's
# antecedent, the source, is in the sentence before); the "that" keeps out other senses of
# the verbs ("it maintains its lead")
_PRONOUN_REPORTER = re.compile(r"^(?:[\w,']+\s+){0,3}?(?:it|he|she|they)\s+(?=\w)")
_THAT = re.compile(r"\s+that\b")


def _parenthetical_report(low: str) -> bool:
    """Does a comment clause with a reporting verb sit inside the sentence, or does it open
    with a pronoun reporting a view ("From this it infers that…")? Lower-case
    text."""
    cues = anywhere("report_verb")
    m = _PRONOUN_REPORTER.match(low)
    verb = cues.match(low, m.end()) if m else None
    if verb and _THAT.match(low, verb.end()):
        return True
    return any(cues.fullmatch(c.group(1)) for c in _COMMENT_CLAUSE.finditer(low))


@functools.lru_cache(maxsize=8192)
def attributes_view(text: str) -> bool:
    """Does the sentence give someone else's view: it reports one (`reports_view`), names a
    source with a reporting verb ("The essay also raised the point that…"), or passes a
    verdict on a named source's view ("I also share the report's doubts…")? Cached:
    claim scoring asks it of each sentence, and again of it as the next one's previous."""
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
