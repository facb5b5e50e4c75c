"""Does a passage hold the kind of thing the question asks for?

"How much" needs a quantity, "when" a date, "who" a name, and it must be a new one: a number
or a name the question itself already contains is not an answer. A passage that mentions the
question's subject but holds nothing of the asked-for kind is related reading, not an answer;
that is how "the essays mention X, but not its price" is told apart from an answer.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from counterpoint.answer.attributes import LEXICON, counted
from counterpoint.answer.words import COMMON_FUNCTION_WORDS

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|"
    r"trillion|dozen|dozens|half|third|quarter|twice|double|triple|tenfold|score"
)
_MAGNITUDE = r"(?:k|m|bn|b|mm|thousand|million|billion|trillion|hundred)"
_CURRENCY = r"(?:dollars?|euros?|pounds?|usd|eur|gbp|yen|yuan)"
_AMOUNT = re.compile(
    rf"[$€£¥]\s?\d|\b\d[\d,.]*\s?{_MAGNITUDE}\b|\b(?:{_NUMBER_WORDS}|\d[\d,.]*)[ -]"
    rf"(?:{_NUMBER_WORDS}[ -])?(?:{_MAGNITUDE}s?[ -])?(?:of )?{_CURRENCY}\b|\b\d+(?:-\d+)? "
    rf"figures?\b|\b(?:hundreds|thousands|millions|billions) of (?:{_CURRENCY}|[a-z]+ {_CURRENCY})"
    rf"\b|\b\d[\d,.]*\s?%",
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
    rf"(?<![\w.-])\d[\d,.]*(?:%|\b)(?!-\w)|\b(?!one\b)(?:{_NUMBER_WORDS})\b|{_ONE}|\bpercent\b"
    rf"|\b(?:few|several|"
    rf"many) {_DURATION_UNITS}\b|\bevery (?:\w+ )?{_DURATION_UNITS}\b|\b(?:a|an) "
    rf"{_DURATION_UNITS}\b"
    # "re-trained in days", "measured in quarters": a duration named by its unit alone
    rf"|\b(?:in|within|over|takes?) (?:{_DURATION_PLURAL})\b",
    re.I,
)
_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE = re.compile(
    rf"\b(?:1[0-9]{{3}}|20[0-9]{{2}})s?\b|\b(?:{_MONTHS})\b(?! (?:be|have))|\b(?:spring|summer|"
    rf"autumn|fall|winter) of\b|\b(?:last|this|next|that) (?:year|spring|summer|autumn|winter|"
    rf"month|decade)\b",
    re.I,
)
_CAPITALISED = re.compile(r"\b[A-Z][\w’'.&-]*[\w]|\b[a-z]+[A-Z]\w*")
_PERSON_NAME = re.compile(
    r"\b[A-Z][a-z]+(?:[ -](?:de|van|von|da|del|le|la|[A-Z][a-z]?\.?))*(?: [A-Z][a-z'’]+)+\b"
    r"|\b[A-Z][a-z]+[A-Z]\w+\b|\b[A-Z][a-z]+ [IVX]+\b"
)
# Capitalised words that are not names: sentence openers, pronouns, days, common nouns.
_NOT_NAMES = frozenset(
    [
        "i",
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "you",
        "my",
        "our",
        "his",
        "her",
        "their",
        "there",
        "here",
        "but",
        "and",
        "or",
        "so",
        "yet",
        "if",
        "when",
        "while",
        "as",
        "in",
        "on",
        "at",
        "of",
        "for",
        "to",
        "by",
        "from",
        "with",
        "however",
        "although",
        "though",
        "because",
        "since",
        "after",
        "before",
        "then",
        "also",
        "even",
        "still",
        "some",
        "many",
        "most",
        "all",
        "each",
        "every",
        "one",
        "no",
        "not",
        "what",
        "which",
        "who",
        "how",
        "why",
        "where",
        "do",
        "does",
        "did",
        "is",
        "are",
        "was",
        "were",
        "be",
        "q",
        "a:",
        "ai",
        "ceo",
        "cto",
        "api",
        "llm",
        "llms",
        "eu",
        "us",
        "uk",
    ]
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
    rf"early|late|mid|of|{_MONTHS})[\s,-]+(?:\d{{1,2}},?\s+)?$",
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
    things = {_key(w) for w in counted(question)}
    after = _RATIO_AFTER.match(text, end)
    if after and things and _key(after.group("unit")) not in things:
        return True
    # "half the audience": a share of some other whole does not count the asked-for things;
    # nor does a share of a whole it leaves unsaid ("fewer than a third had come by car"
    # for "how many shoppers were surveyed"): a proportion is not a count.
    if not _SHARE.fullmatch(token) or not things:
        return False
    share = _SHARE_OF.match(text, end)
    return share is None or not {_key(w) for w in share.group("whole").split()} & things


def _counts(text: str, question: str) -> list[tuple[int, int]]:
    """Spans of numbers in `text` the question lacks that can be the count it asks for."""
    q = question.lower()
    return [
        m.span()
        for m in _NUMBER.finditer(text)
        if m.group(0).lower().strip() not in q and not not_a_count(text, *m.span(), question)
    ]


def has_number(text: str, question: str) -> bool:
    return bool(_counts(text, question)) or has_amount(text, question)


def has_date(text: str, question: str) -> bool:
    return bool(_new_tokens(_DATE, text, question))


def names_in(text: str, question: str) -> list[str]:
    """Capitalised names in `text` that the question does not already contain."""
    q = question.lower()
    out = []
    for m in _CAPITALISED.finditer(text):
        word = m.group(0).rstrip(".’'")
        if word.lower() in _NOT_NAMES or word.lower() in q or len(word) < 2:
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
    for m in _PERSON_NAME.finditer(text):
        first = m.group(0).split()[0].lower()
        if first in _NOT_NAMES or m.group(0).lower() in q:
            continue
        return True
    return False


def person_names(text: str) -> list[str]:
    """Multi-word capitalised names in `text` ("Ada Quill", "Bo Okafor-Lind"), in order."""
    out = []
    for m in _PERSON_NAME.finditer(text):
        if m.group(0).split()[0].lower() not in _NOT_NAMES:
            tail = re.match(r"(?:-[A-Z][a-z'’]+)+", text[m.end() :])  # "Okafor-Lind"
            out.append(m.group(0) + (tail.group(0) if tail else ""))
    return out


def has_name(text: str, question: str) -> bool:
    return bool(names_in(text, question))


# A number as a text writes it: digits or number words ("twenty-six", "forty five").
_ANY_NUMBER = rf"(?:\d[\d,.]*|\b(?:{_NUMBER_WORDS})(?:[ -](?:{_NUMBER_WORDS}))*)"

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


# -- bound to the question ------------------------------------------------------------------
# A sentence that mentions the subject and holds *some* name, figure or date is not yet an
# answer: "Ada Quill of Globex hopes to lead the field by writing a memoir" holds a name
# ("Globex") but not the memoir's title. The asked-for token must sit in the same clause as,
# and within a few words of, a word of the question (its relation: "founded", "spending",
# "tuned"), not the subject itself: a name next to the subject is usually its employer or its
# neighbour in a list, and a figure or date next to it usually measures something else about
# it ("Globex, founded in 2019, …" does not say what Globex raised). One rule for every kind:
# the relation word is what ties a token to the question.
BIND_WINDOW = 6
_CLAUSE_BREAK = re.compile(r"[;:()\[\]—–]|\s-\s|\.\s")
# A name or two in brackets right after a noun is that noun's apposition ("one open-source
# layer (Android)"), part of its clause, not a clause of its own.
_APPOSITION = re.compile(r"(?<=\w )\((?:[\w'’.&/-]+ ?){1,3}\)")
_TOKEN = re.compile(r"[A-Za-z0-9$€£¥][\w$€£¥%'’.-]*[\w%]|[A-Za-z0-9]")
_MONEY = re.compile(
    rf"[$€£¥]\s?\d[\d,.]*(?:\s?{_MAGNITUDE}\b)?|\b(?:{_NUMBER_WORDS}|\d[\d,.]*)[ -]"
    rf"(?:{_NUMBER_WORDS}[ -])?(?:{_MAGNITUDE}s?[ -])?(?:of )?{_CURRENCY}\b|\b\d+(?:-\d+)? "
    rf"figures?\b|\b(?:hundreds|thousands|millions|billions) of (?:{_CURRENCY}|[a-z]+ {_CURRENCY})"
    rf"\b",
    re.I,
)
# Question words that say what kind of thing is wanted, not what it is related to.
_SCAFFOLD = frozenset(
    [
        "according",
        "also",
        "amount",
        "answer",
        "author",
        "call",
        "called",
        "company",
        "does",
        "essay",
        "essays",
        "exactly",
        "figure",
        "firm",
        "give",
        "kind",
        "many",
        "much",
        "name",
        "named",
        "number",
        "person",
        "people",
        "piece",
        "says",
        "still",
        "tell",
        "title",
        "what",
        "which",
        "whom",
        "whose",
        "year",
        "years",
        "date",
        "when",
        "where",
        "who",
    ]
)
_NAME_KINDS = ("person", "organisation", "name")
BOUND_KINDS = ("amount", "number", "date", *_NAME_KINDS)
_WHO_AFTER = re.compile(r",?\s+who\b")


# Verbs a paraphrased question uses for the relation the text words differently: each group
# shares one key (attributes.json, "relations": general English, nothing from our corpus).
@lru_cache(maxsize=1)
def _relation_key() -> dict[str, str]:
    """Each group word's five-letter cut and stem cut → the group's key: a question's base
    form ("ship") meets the text's past tense ("shipped") through the stem."""
    groups = json.loads(LEXICON.read_text(encoding="utf-8"))["relations"]["groups"]
    out: dict[str, str] = {}
    for group in groups:
        for w in group:
            out[w[:5]] = out[str(_stemmer().stemWord(w))[:5]] = group[0][:5]
    return out


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


# Past forms of English irregular verbs → base form (irregular_verbs.json: general grammar).
IRREGULAR = Path(__file__).with_name("irregular_verbs.json")


@lru_cache(maxsize=1)
def _base_forms() -> dict[str, str]:
    forms: dict[str, str] = json.loads(IRREGULAR.read_text(encoding="utf-8"))["forms"]
    return forms


@lru_cache(maxsize=4096)
def _key(word: str) -> str:
    """A word's comparison key: its Snowball stem cut to five letters, so "fork" and
    "forking", "raise" and "raised", "acquired" and "acquisition" share one (a plain
    five-letter cut split the first two pairs); a relation group's words share its key. An
    irregular past ("began", "held") is read as its base ("begin", "hold"), which no stemmer
    reaches, unless it belongs to a relation group itself ("led", "left")."""
    word = word.lower().strip(".'’")
    keys = _relation_key()
    if word[:5] not in keys:
        word = _base_forms().get(word, word)
    cut = str(_stemmer().stemWord(word))[:5]
    return keys.get(word[:5], keys.get(cut, cut))


def key_of(word: str) -> str:
    """The comparison key of one word, as `content_keys` keys it."""
    return _key(word)


def _has_term(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text) is not None


def content_keys(text: str) -> set[str]:
    """Stem keys of the content words of `text`: no function, scaffold or capitalised
    closed-class words."""
    return _anchors(text, [])


def _anchors(question: str, subject: list[str]) -> set[str]:
    """Stem keys of the question's content words other than the subject's."""
    subject_words = {w.lower() for t in subject for w in re.findall(r"[\w'’.-]+", t)}
    out = set()
    for tok in _TOKEN.findall(question):
        for w in re.split(r"[-/]", tok.lower()):
            w = re.sub(r"['’]s$", "", w).strip(".'’")  # "NIST's" is the subject NIST
            if len(w) < 3 or w in COMMON_FUNCTION_WORDS or w in _SCAFFOLD or w in _NOT_NAMES:
                continue
            if w in subject_words:
                continue
            out.add(_key(w))
    return out


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
    rf"(?:{_MONTHS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\.?", re.I
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
    head = _key(m.group("np").split()[-1])
    return any(_key(w) == head for w in after.group(1).split())


def _candidates(
    kind: str, text: str, question: str, persons: list[str] | None
) -> list[tuple[int, int]]:
    """Character spans in `text` of the asked-for kind that the question does not contain."""
    q = question.lower()

    def new(pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        return [m.span() for m in pattern.finditer(text) if m.group(0).lower().strip() not in q]

    if kind == "amount":
        return new(_MONEY) if in_asked_unit(text, question) else []
    if kind == "number":
        return _counts(text, question) + new(_MONEY) if in_asked_unit(text, question) else []
    if kind == "date":
        return new(_DATE)
    spans: list[tuple[int, int]] = []
    if kind == "person":
        for name in known_names(persons):
            if name.lower() not in q:
                spans += [m.span() for m in re.finditer(rf"\b{re.escape(name)}\b", text)]
        for m in _PERSON_NAME.finditer(text):
            if m.group(0).split()[0].lower() not in _NOT_NAMES and m.group(0).lower() not in q:
                spans.append(m.span())
        return spans
    # A person's name does not answer "which model / company / licence": the name of a thing.
    # A person: one the entity extractor knows, or a name a relative "who" follows.
    people = [
        m.span() for name in persons or [] for m in re.finditer(rf"\b{re.escape(name)}\b", text)
    ]
    people += [m.span() for m in _PERSON_NAME.finditer(text) if _WHO_AFTER.match(text, m.end())]
    for m in _CAPITALISED.finditer(text):
        word = m.group(0).rstrip(".’'")
        if word.lower() in _NOT_NAMES or word.lower() in q or len(word) < 2:
            continue
        if any(s <= m.start() < e for s, e in people):
            continue
        if m.start() == 0 or re.search(r"[.!?][\"”’']?\s+$", text[: m.start()]):
            continue  # a capital that opens the sentence says nothing about a name
        if _TURN_LABEL.match(text[: m.start()]):
            continue  # "Q: You've said …": the turn's first word opens a sentence too
        if _CONTRACTION.sub("", word).lower() in _NOT_NAMES:
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
    anchors = _anchors(question, subject)
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
    tokens = [(m.start(), m.end(), _key(m.group(0))) for m in _TOKEN.finditer(text)]
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
