"""Does a passage hold the kind of thing the question asks for?

"How much" needs a quantity, "when" a date, "who" a name, and it must be a new one: a number
or a name the question itself already contains is not an answer. A passage that mentions the
question's subject but holds nothing of the asked-for kind is related reading, not an answer;
that is how "the essays mention X, but not its price" is told apart from an answer.

Holding the kind is the first test; whether the token is tied to what the question asks
(in the same clause as its relation word) is `binding.py`'s, which reuses the patterns here.
"""

from __future__ import annotations

import re

from counterpoint.answer.attributes import counted
from counterpoint.answer.word_keys import key_of
from counterpoint.answer.words import NOT_NAMES

NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|"
    r"trillion|dozen|dozens|half|third|quarter|twice|double|triple|tenfold|score"
)
MAGNITUDE = r"(?:k|m|bn|b|mm|thousand|million|billion|trillion|hundred)"
CURRENCY = r"(?:dollars?|euros?|pounds?|usd|eur|gbp|yen|yuan)"
# A share or a change measured against a whole: "17%", "rose by 17 percent" (a percentage
# written out is the same quantity), "sales rose by a quarter" (a change by a fraction).
PROPORTION = re.compile(
    rf"\b\d[\d,.]*\s?%|\b(?:\d[\d,.]*|(?:{NUMBER_WORDS})(?:[ -](?:{NUMBER_WORDS}))*)[ -]"
    rf"per ?cent\b|\b(?:by|to) (?:a|one|two|three) (?:half|third|thirds|quarter|quarters)\b",
    re.I,
)
_AMOUNT = re.compile(
    rf"[$€£¥]\s?\d|\b\d[\d,.]*\s?{MAGNITUDE}\b|\b(?:{NUMBER_WORDS}|\d[\d,.]*)[ -]"
    rf"(?:{NUMBER_WORDS}[ -])?(?:{MAGNITUDE}s?[ -])?(?:of )?{CURRENCY}\b|\b\d+(?:-\d+)? "
    rf"figures?\b|\b(?:hundreds|thousands|millions|billions) of (?:{CURRENCY}|[a-z]+ {CURRENCY})"
    rf"\b|{PROPORTION.pattern}",
    re.I,
)
_DURATION_UNITS = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|decades?)"
_DURATION_PLURAL = r"seconds|minutes|hours|days|weeks|months|quarters|years|decades"
# "one" as a count, not as a pronoun ("the one my grandfather liked", "no one", "one of the
# reasons", "one another"): a determiner before it or "of the" after it makes it a pronoun.
_ONE = (
    r"(?<!the )(?<!no )(?<!this )(?<!that )(?<!any )(?<!each )(?<!every )(?<!which )"
    r"\bone\b(?!\s+(?:another|of (?:the|its|their|our|his|her|these|those|them|us)\b))"
)
_NUMBER = re.compile(
    rf"(?<![\w.-])\d[\d,.]*(?:%|\b)(?!-\w)|\b(?!one\b)(?:{NUMBER_WORDS})\b|{_ONE}|\bpercent\b"
    rf"|\b(?:few|several|"
    rf"many) {_DURATION_UNITS}\b|\bevery (?:\w+ )?{_DURATION_UNITS}\b|\b(?:a|an) "
    rf"{_DURATION_UNITS}\b"
    # "re-trained in days", "measured in quarters": a duration named by its unit alone
    rf"|\b(?:in|within|over|takes?) (?:{_DURATION_PLURAL})\b",
    re.I,
)
MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
DATE = re.compile(
    rf"\b(?:1[0-9]{{3}}|20[0-9]{{2}})s?\b|\b(?:{MONTHS})\b(?! (?:be|have))|\b(?:spring|summer|"
    rf"autumn|fall|winter) of\b|\b(?:last|this|next|that) (?:year|spring|summer|autumn|winter|"
    rf"month|decade)\b",
    re.I,
)
CAPITALISED = re.compile(r"\b[A-Z][\w’'.&-]*[\w]|\b[a-z]+[A-Z]\w*")
PERSON_NAME = re.compile(
    r"\b[A-Z][a-z]+(?:[ -](?:de|van|von|da|del|le|la|[A-Z][a-z]?\.?))*(?: [A-Z][a-z'’]+)+\b"
    r"|\b[A-Z][a-z]+[A-Z]\w+\b|\b[A-Z][a-z]+ [IVX]+\b"
)


def _new_tokens(pattern: re.Pattern[str], text: str, question: str) -> list[str]:
    """Matches in `text` that do not occur in the question (case-insensitive)."""
    q = question.lower()
    return [m.group(0) for m in pattern.finditer(text) if m.group(0).lower().strip() not in q]


def has_amount(text: str, question: str) -> bool:
    return bool(_new_tokens(_AMOUNT, text, question))


# A year is a date, not a count: "removed its minimums in 2017" does not say how much
# anything saved. A four-digit year after a preposition of time, a month or "and"/"to" in a
# range ("between 2016 and 2021") names when, whatever the question counts.
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")
_BEFORE_YEAR = re.compile(
    rf"\b(?:in|since|by|from|until|till|to|and|between|before|after|around|circa|during|"
    rf"early|late|mid|of|{MONTHS})[\s,-]+(?:\d{{1,2}},?\s+)?$",
    re.I,
)
# "a bench for every four lamps", "one desk per four staff": the number after "every",
# "each" or "per" is the other side of a ratio, not a count of the thing it names.
_RATIO_BEFORE = re.compile(r"\b(?:every|each|per)\s+$", re.I)
# "1 bench for every four lamps": the number before "for every / each / per" counts the
# unit it names (benches) per something else; it answers "how many benches", not "how many
# lamps".
_RATIO_AFTER = re.compile(
    r"\s+(?P<unit>[\w-]+)\s+(?:[\w-]+\s+){0,2}?(?:for\s+)?(?:every|each|per)\s", re.I
)
_SHARE = re.compile(r"half|third|thirds|quarter|quarters", re.I)
_SHARE_OF = re.compile(
    r"\s+(?:of\s+)?(?:the|its|their|our|his|her|all)\s+(?P<whole>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)"
)
# A question about a rate ("how often", "how fast", "a year") is answered by one.
_RATIO_ASKED = re.compile(
    r"\b(?:every|each|per|ratio|rates?|often|frequency|fast|speed|a (?:year|month|week|day))\b",
    re.I,
)


def not_a_count(text: str, start: int, end: int, question: str) -> bool:
    """Whether the number at text[start:end] is a year or the far side of a ratio: each
    measures something other than the count or amount the question asks for."""
    token = text[start:end].strip()
    if _YEAR.fullmatch(token) and _BEFORE_YEAR.search(text[max(0, start - 24) : start]):
        return True
    if _RATIO_ASKED.search(question):
        return False
    if _RATIO_BEFORE.search(text[max(0, start - 8) : start]):
        return True
    things = {key_of(w) for w in counted(question)}
    after = _RATIO_AFTER.match(text, end)
    if after and things and key_of(after.group("unit")) not in things:
        return True
    # "half the audience": a share of some other whole does not count the asked-for things;
    # nor does a share of a whole it leaves unsaid ("fewer than a third had come by car"
    # for "how many shoppers were surveyed"): a proportion is not a count.
    if not _SHARE.fullmatch(token) or not things:
        return False
    share = _SHARE_OF.match(text, end)
    return share is None or not {key_of(w) for w in share.group("whole").split()} & things


def counts(text: str, question: str) -> list[tuple[int, int]]:
    """Spans of numbers in `text` the question lacks that can be the count it asks for."""
    q = question.lower()
    return [
        m.span()
        for m in _NUMBER.finditer(text)
        if m.group(0).lower().strip() not in q and not not_a_count(text, *m.span(), question)
    ]


def has_number(text: str, question: str) -> bool:
    return bool(counts(text, question)) or has_amount(text, question)


def has_date(text: str, question: str) -> bool:
    return bool(_new_tokens(DATE, text, question))


def names_in(text: str, question: str) -> list[str]:
    """Capitalised names in `text` that the question does not already contain."""
    q = question.lower()
    out = []
    for m in CAPITALISED.finditer(text):
        word = m.group(0).rstrip(".’'")
        if word.lower() in NOT_NAMES or word.lower() in q or len(word) < 2:
            continue
        out.append(word)
    return out


def known_names(persons: list[str] | None) -> list[str]:
    """The entity extractor's persons and, for a full name, its first and last words: an
    essay names a known person once in full and then by one name ("Gates", "Elon")."""
    out: list[str] = []
    for name in persons or []:
        out.append(name)
        parts = name.split()
        if len(parts) > 1:
            out += [p for p in (parts[0], parts[-1]) if len(p) >= 3 and p[:1].isupper()]
    return list(dict.fromkeys(out))


def has_person(text: str, question: str, persons: list[str] | None = None) -> bool:
    """A person's name the question lacks: one of the entity extractor's persons found in
    the text, or a multi-word capitalised name ("Ada Lovelace", "Henry III"), or a handle
    written in camel case."""
    q = question.lower()
    for name in known_names(persons):
        if name.lower() not in q and re.search(rf"\b{re.escape(name)}\b", text):
            return True
    for m in PERSON_NAME.finditer(text):
        first = m.group(0).split()[0].lower()
        if first in NOT_NAMES or m.group(0).lower() in q:
            continue
        return True
    return False


def person_names(text: str) -> list[str]:
    """Multi-word capitalised names in `text` ("Ada Quill", "Bo Ferro-Quist"), in order."""
    out = []
    for m in PERSON_NAME.finditer(text):
        if m.group(0).split()[0].lower() not in NOT_NAMES:
            tail = re.match(r"(?:-[A-Z][a-z'’]+)+", text[m.end() :])  # "Ferro-Quist"
            out.append(m.group(0) + (tail.group(0) if tail else ""))
    return out


def has_name(text: str, question: str) -> bool:
    return bool(names_in(text, question))


# A number as a text writes it: digits or number words ("twenty-six", "forty five").
_ANY_NUMBER = rf"(?:\d[\d,.]*|\b(?:{NUMBER_WORDS})(?:[ -](?:{NUMBER_WORDS}))*)"

# A question that names the unit of the number it wants ("as a percentage", "in degrees",
# "per share") is answered only by a number in that unit: a sentence with some other figure
# about the same subject is a near miss, not an answer.
_UNITS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (re.compile(asked, re.I), re.compile(given, re.I))
    for asked, given in (
        (
            r"\b(?:what|which|as an?|in) (?:\w+ )?percent(?:age)?\b|\bhow many per ?cent\b",
            rf"\d\s?%|{_ANY_NUMBER}\s?per ?cent\b",
        ),
        (
            r"\bin degrees\b|\bhow many degrees\b|\bwhat (?:\w+ )?temperature\b",
            rf"\d\s?°|{_ANY_NUMBER}\s?degrees?\b",
        ),
        (r"\bper share\b|\ba share\b", r"\d[^.;]{0,12}\b(?:per|a) share\b"),
        # "how long" asks a span of time or a length: a bare count answers another question
        (
            r"\bhow long\b",
            rf"\b{_DURATION_UNITS}\b|{_ANY_NUMBER}[ -](?:metres?|meters?|km|kilomet(?:re|er)s?|"
            r"miles?|feet|foot|inches|pages?|words?)\b",
        ),
    )
)


def in_asked_unit(text: str, question: str) -> bool:
    """False when the question names a unit (percentage, degrees, per share) and the text
    has no number in it; True otherwise."""
    return not any(asked.search(question) and not given.search(text) for asked, given in _UNITS)


def holds(kind: str, text: str, question: str, persons: list[str] | None = None) -> bool:
    """Whether `text` holds something of `kind` that the question does not already say.
    Untyped kinds (essay, position, list, other) always hold: evidence decides them."""
    if kind == "amount":
        return has_amount(text, question) and in_asked_unit(text, question)
    if kind == "number":
        return has_number(text, question) and in_asked_unit(text, question)
    if kind == "date":
        return has_date(text, question)
    if kind == "person":
        return has_person(text, question, persons)
    if kind in ("organisation", "name"):
        return has_name(text, question)
    return True
