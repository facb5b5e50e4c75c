"""What two claims' own words say about each other: shared content, opposition, verdicts.

Cross-essay linking (responses.py) decides a link's polarity from general signals of the
sentences alone, and which claims are worth comparing at all. These rules read one sentence or
one pair of sentences, never an essay or the corpus, so they live apart from the search for
pairs: views.py and answer/stance.py use the same verdicts, and the bench scripts replay them
on held-out misses. Word lists: lexicon/cues.json (through signals.py), lexicon/antonyms.json,
lexicon/function_words.txt.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

from counterpoint.kg.extract import signals
from counterpoint.kg.extract.text import tokens

# Polarity evidence: each opposition signal adds this.
OPPOSITION_STEP = 0.5
# A negator this many words before an endorsement negates it ("is not right").
NEGATION_SCOPE = 3


@functools.cache
def _antonyms() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    path = resources.files("counterpoint.kg.extract.lexicon").joinpath("antonyms.json")
    pairs = json.loads(path.read_text("utf-8"))["pairs"]
    return [(re.compile(rf"\b{a}\b"), re.compile(rf"\b{b}\b")) for a, b in pairs]


@functools.cache
def _function_words() -> frozenset[str]:
    from counterpoint.kg.extract import lexicon

    return lexicon.words("function_words")


@functools.lru_cache(maxsize=65536)
def content_set(text: str) -> frozenset[str]:
    fw = _function_words()
    return frozenset(t for t in tokens(text) if t not in fw and len(t) > 2)


def leans_on_context(text: str) -> bool:
    """Anaphoric or verdict sentences mean little without the one before ("This is wrong.",
    "Our data says otherwise."). A short sentence with neither names its own subject ("Some
    readers took the comparison as a throwaway.") and is read on its own: matched through
    its neighbour, it linked to whatever the neighbour restated."""
    return (
        signals.opens("anaphor_open", text)
        or signals.has("verdict_attack", text)
        or signals.has("verdict_support", text)
    )


def may_take_stance(text: str) -> bool:
    """Could the sentence, standing on its own, take a stance towards a claim it restates:
    a negator, an evidence opening, or one side of an antonym pair? (A verdict cue makes a
    sentence lean on the one before, so it does not stand on its own.) Only such claims are
    compared with the essays that are not named (the others could not link there)."""
    if leans_on_context(text):
        return False
    low = signals.plain(text)
    return (
        signals.has("negation", low)
        or signals.opens("evidence_open", text)
        or any(_antonym_word(w) for w in set(_WORDS.findall(low)))
    )


_WORDS = re.compile(r"[a-z]+")


@functools.lru_cache(maxsize=65536)
def _antonym_word(word: str) -> bool:
    """Is the word either side of an antonym pair (lexicon/antonyms.json)? Word by word,
    cached: the vocabulary repeats, a long alternation per sentence costs more."""
    return _antonym_pattern().fullmatch(word) is not None


@functools.cache
def _antonym_pattern() -> re.Pattern[str]:
    path = resources.files("counterpoint.kg.extract.lexicon").joinpath("antonyms.json")
    pairs = json.loads(path.read_text("utf-8"))["pairs"]
    return re.compile("|".join(f"(?:{w})" for pair in pairs for w in pair))


_REPLACES = re.compile(r"\b(?:not|rather than|instead of|more than)\b(.{3,80}?)(?:[,;.]|$)")


def opposition(premise: str, target: str) -> float:
    """> 0 when the two claims say opposite things (negative: they agree), from negation
    asymmetry, antonymous words, and a premise that denies what the target asserts."""
    p, t = signals.plain(premise), signals.plain(target)
    score = OPPOSITION_STEP if signals.one_negated(p, t) else 0.0
    return score + strong_opposition(premise, target)


def strong_opposition(premise: str, target: str) -> float:
    """`opposition` without negation asymmetry, its weakest sign (a negation anywhere in one
    claim and not the other: "does not provide" in a clause the other claim never
    addresses): antonymous words, and a premise that replaces what the target asserts."""
    p, t = signals.plain(premise), signals.plain(target)
    score = 0.0
    for a, b in _antonyms():
        if (a.search(p) and b.search(t) and not b.search(p)) or (
            b.search(p) and a.search(t) and not a.search(p)
        ):
            score += OPPOSITION_STEP
            break
    # "not X but Y" / "X rather than Y" where X restates the target: Y replaces it. Not when
    # the target sets the same words aside the same way ("Brand matters more than price"
    # against itself): a restatement shares its construction, it does not oppose it.
    m = _REPLACES.search(p)
    if m and content_set(m.group(1)) & content_set(t):
        mt = _REPLACES.search(t)
        if not (mt and content_set(mt.group(1)) & content_set(m.group(1))):
            score += OPPOSITION_STEP
    return score


def _negated(low: str, at: int) -> bool:
    """Is there a negator among the NEGATION_SCOPE words before offset `at`?"""
    before = " ".join(low[:at].split()[-NEGATION_SCOPE:])
    return bool(before) and signals.has("negation", before)


def verdict(text: str) -> float:
    """The sentence's own verdict: > 0 agrees, < 0 disagrees, 0 says nothing explicit. A
    negated endorsement ("not right", "no longer holds up") disagrees; a negation elsewhere
    in the sentence ("supports the view that service, not speed, …") leaves it an
    endorsement."""
    low = signals.plain(text)
    att = signals.count("verdict_attack", low)
    sup = [m.start() for m in signals.anywhere("verdict_support").finditer(low)]
    if sup and not att and any(_negated(low, at) for at in sup):
        return -1.0
    return float(len(sup) - att)
