"""Is the asked-for token bound to the question?

A sentence that mentions the subject and holds *some* name, figure or date is not yet an
answer: "Ada Quill of Globex hopes to lead the field by writing a memoir" holds a name
("Globex") but not the memoir's title. The asked-for token must sit in the same clause as,
and within a few words of, a word of the question (its relation: "founded", "spending",
"tuned"), not the subject itself: a name next to the subject is usually its employer or its
neighbour in a list, and a figure or date next to it usually measures something else about
it ("Globex, founded in 2019, …" does not say what Globex raised). One rule for every kind:
the relation word is what ties a token to the question.
"""

from __future__ import annotations

import re

from counterpoint.answer.answerable import (
    CAPITALISED,
    CURRENCY,
    DATE,
    MAGNITUDE,
    MONTHS,
    NUMBER_WORDS,
    PERSON_NAME,
    PROPORTION,
    counts,
    in_asked_unit,
    known_names,
)
from counterpoint.answer.word_keys import TOKEN, anchor_keys, key_of
from counterpoint.answer.words import NOT_NAMES

BIND_WINDOW = 6
_CLAUSE_BREAK = re.compile(r"[;:()\[\]—–]|\s-\s|\.\s")
# A name or two in brackets right after a noun is that noun's apposition ("one open-source
# layer (Android)"), part of its clause, not a clause of its own.
_APPOSITION = re.compile(r"(?<=\w )\((?:[\w'’.&/-]+ ?){1,3}\)")
_MONEY = re.compile(
    rf"[$€£¥]\s?\d[\d,.]*(?:\s?{MAGNITUDE}\b)?|\b(?:{NUMBER_WORDS}|\d[\d,.]*)[ -]"
    rf"(?:{NUMBER_WORDS}[ -])?(?:{MAGNITUDE}s?[ -])?(?:of )?{CURRENCY}\b|\b\d+(?:-\d+)? "
    rf"figures?\b|\b(?:hundreds|thousands|millions|billions) of (?:{CURRENCY}|[a-z]+ {CURRENCY})"
    rf"\b",
    re.I,
)
_NAME_KINDS = ("person", "organisation", "name")
BOUND_KINDS = ("amount", "number", "date", *_NAME_KINDS)
_WHO_AFTER = re.compile(r",?\s+who\b")


def _has_term(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text) is not None


# Adjectives of place and people ("American", "Canadian", "Chinese", "British", "Dutch",
# "Midwestern"): their common English endings (Quirk et al. 1985, App. I.43, nationality
# words). Before a lower-case noun such a word describes the noun; it names no organisation.
_DEMONYM = re.compile(r"(?:ian|ean|can|ese|ish|ch|ern)s?$")
_LOWER_NEXT = re.compile(r"\s+[a-z]")
# "What is the name of the condominium developer …", "which bakery …": the asked noun.
_ASKED_NOUN = re.compile(
    r"\bname of (?:the|a|an|its|his|her|their|that)\s+(?P<np>(?:[\w-]+\s+){0,2}?[\w-]+)"
    r"(?=\s+(?:who|that|which|whose|in|at|of|on|for|from|with|whom|behind)\b|\s*[?,])",
    re.I,
)


# A speaker's label opening an interview turn or a transcript line ("Q: ", "**A:** ",
# "Ada Quill: "): the word after it opens the turn's sentence.
_TURN_LABEL = re.compile(r"^[*_\s]*[A-Z][\w .'’-]{0,30}:[*_]*\s+$")
_CONTRACTION = re.compile(r"['’](?:s|ve|re|ll|d|m)$|n['’]t$", re.I)
_CALENDAR = re.compile(
    rf"(?:{MONTHS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\.?", re.I
)
# Names of places by their generic last word (street types of the USPS Publication 28
# suffix list and common landform / division nouns): "Birch Road" names where something
# is, not the person, company or thing a "what is the name of …" question asks for.
_PLACE_NOUNS = (
    r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Drive|Square|Court|Place|Terrace|"
    r"Highway|Parkway|County|Township|District|River|Lake|Bay|Mountain|Valley|Island"
)
_PLACE_NAME = re.compile(rf"(?:[A-Z][\w'’-]*\s+){{0,2}}(?:{_PLACE_NOUNS})\b\.?")
_PLACE_HEADS = (
    rf"place|street|road|avenue|city|town|county|district|neighbou?rhood|area|region|country|"
    rf"state|location|address|{_PLACE_NOUNS.lower()}"
)
# The question asks for a place: "where", or a place noun heads what it asks for ("on which
# street", "the name of the county"); a place it only mentions ("in Ada's city") does not.
_PLACE_ASKED = re.compile(
    rf"\bwhere\b|\b(?:which|what|name of (?:the|a|an|its|his|her|their))\s+(?:[\w-]+\s+)?"
    rf"(?:{_PLACE_HEADS})\b",
    re.I,
)


def owner_of_asked(text: str, end: int, question: str) -> bool:
    """Whether the name ending at `end` is a possessive whose noun is the one the question
    asks the name of ("Springfield's developers" for "the name of the developer"): the owner
    of a thing is not its name."""
    m = _ASKED_NOUN.search(question)
    if m is None:
        return False
    after = re.match(r"['’]s\s+((?:[\w-]+\s+){0,2}?[\w-]+)", text[end:])
    if after is None:
        return False
    head = key_of(m.group("np").split()[-1])
    return any(key_of(w) == head for w in after.group(1).split())


def _candidates(
    kind: str, text: str, question: str, persons: list[str] | None
) -> list[tuple[int, int]]:
    """Character spans in `text` of the asked-for kind that the question does not contain."""
    q = question.lower()

    def new(pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        return [m.span() for m in pattern.finditer(text) if m.group(0).lower().strip() not in q]

    if kind == "amount":
        return new(_MONEY) + new(PROPORTION) if in_asked_unit(text, question) else []
    if kind == "number":
        return counts(text, question) + new(_MONEY) if in_asked_unit(text, question) else []
    if kind == "date":
        return new(DATE)
    spans: list[tuple[int, int]] = []
    if kind == "person":
        for name in known_names(persons):
            if name.lower() not in q:
                spans += [m.span() for m in re.finditer(rf"\b{re.escape(name)}\b", text)]
        for m in PERSON_NAME.finditer(text):
            if m.group(0).split()[0].lower() not in NOT_NAMES and m.group(0).lower() not in q:
                spans.append(m.span())
        return spans
    # A person's name does not answer "which model / company / licence": the name of a thing.
    # A person: one the entity extractor knows, or a name a relative "who" follows.
    people = [
        m.span() for name in persons or [] for m in re.finditer(rf"\b{re.escape(name)}\b", text)
    ]
    people += [m.span() for m in PERSON_NAME.finditer(text) if _WHO_AFTER.match(text, m.end())]
    for m in CAPITALISED.finditer(text):
        word = m.group(0).rstrip(".’'")
        if word.lower() in NOT_NAMES or word.lower() in q or len(word) < 2:
            continue
        if any(s <= m.start() < e for s, e in people):
            continue
        if m.start() == 0 or re.search(r"[.!?][\"”’']?\s+$", text[: m.start()]):
            continue  # a capital that opens the sentence says nothing about a name
        if _TURN_LABEL.match(text[: m.start()]):
            continue  # "Q: You've said …": the turn's first word opens a sentence too
        if _CONTRACTION.sub("", word).lower() in NOT_NAMES:
            continue  # "You've", "It's": a pronoun with its verb, not a name
        if re.search(r"[a-z]-$", text[: m.start()]):
            continue  # "pre-PMF", "non-EU": part of a lower-case compound
        if _DEMONYM.search(word) and _LOWER_NEXT.match(text, m.start() + len(word)):
            continue  # "four Canadian towns": an adjective of place, not a name
        if _CALENDAR.fullmatch(word):
            continue  # "in April", "on Monday": a date, not a name
        if _PLACE_NAME.match(text, m.start()) and not _PLACE_ASKED.search(question):
            continue  # "Birch Road", "Pine County": a place, not the asked thing's name
        if owner_of_asked(text, m.start() + len(re.sub(r"['’]s$", "", word)), question):
            continue  # "Springfield's developers": the owner of the asked thing, not its name
        spans.append((m.start(), m.start() + len(word)))
    return spans


# A date that opens its sentence or clause, alone or after a short time phrase ("In 1266
# the garrison held …", "In the spring of 1999, the firm went public", "By 2020 …"), is a
# fronted time adverbial: it dates the clause's main verb wherever that verb sits, so the
# word window does not apply (Quirk et al. 1985, 8.13: initial adjuncts of time).
_FRONTED = re.compile(
    r"^\s*(?:(?:in|on|by|since|during|until|till|after|before|from|at|early|late|around|"
    r"circa)\b(?:\s+[A-Za-z]+){0,3})?\s*$",
    re.I,
)


def fronted(prefix: str) -> bool:
    """Whether `prefix`, the clause's text before a date, is at most a short time phrase."""
    return _FRONTED.match(prefix) is not None


def bound(
    kind: str,
    text: str,
    question: str,
    subject: list[str],
    persons: list[str] | None = None,
    window: int = BIND_WINDOW,
    lead_in: str = "",
) -> bool:
    """Whether `text` holds a new token of `kind` within `window` words of one of the
    question's own words, in the same clause. Every typed kind is held to it: a figure, date
    or name elsewhere in a sentence about the subject answers some other question.

    `lead_in`: the sentence before `text` in its paragraph, read as the start of the same
    clause. A list or a fragment continues the sentence that says what it lists ("Each shift
    gets a face. Ada with steam, Bo with rail."): the relation word may sit there."""
    if kind not in BOUND_KINDS:
        return True
    spans = _candidates(kind, text, question, persons)
    if not spans:
        return False
    anchors = anchor_keys(question, subject)
    if not anchors:
        return True  # nothing to bind to: holding the kind is all that can be asked
    joint = len(lead_in) + 1 if lead_in else 0
    if lead_in:
        text = f"{lead_in} {text}"
        spans = [(s + joint, e + joint) for s, e in spans]
    names = list(dict.fromkeys(subject))
    inner = {m.end() for m in _APPOSITION.finditer(text)} | {
        m.start() + 1 for m in _APPOSITION.finditer(text)
    }
    cuts = (m.end() for m in _CLAUSE_BREAK.finditer(text))
    breaks = [0, *(b for b in cuts if b != joint and b not in inner), len(text) + 1]
    tokens = [(m.start(), m.end(), key_of(m.group(0))) for m in TOKEN.finditer(text)]
    for start, end in spans:
        lo = max(b for b in breaks if b <= start)
        hi = min(b for b in breaks if b > start)
        clause = [(i, t) for i, t in enumerate(tokens) if lo <= t[0] < hi]
        inside = [i for i, t in clause if t[0] < end and start < t[1]]
        if not inside:
            continue
        opening = max(lo, joint if start >= joint else 0)
        if kind == "date" and fronted(text[opening:start]):
            if any(key in anchors for _i, (_s, _e, key) in clause):
                return True  # "In 1266 the garrison held …": the date dates the whole clause
            continue
        if len(names) > 1 and all(_has_term(text[lo:hi], n) for n in names):
            return True  # "When did X become Y?": the clause that joins X and Y is the relation
        first, last = inside[0], inside[-1]
        for i, (_s, _e, key) in clause:
            if first <= i <= last or key not in anchors:
                continue
            if min(abs(i - first), abs(i - last)) <= window:
                return True
    return False
