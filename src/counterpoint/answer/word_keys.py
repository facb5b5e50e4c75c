"""Comparison keys of words: how a word of the question and a word of a text are told to be
the same word.

A key is the word's Snowball stem cut to five letters, with the words of a paraphrase group
sharing one key and irregular pasts read as their base. Every answer module that matches a
question's content words against a text (binding a token to the question's relation,
scoring sentences, weighting keys by how many essays use them) must key words the same way,
so the keys live in this one module rather than with any one of those uses.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from counterpoint.answer.attributes import LEXICON
from counterpoint.answer.words import COMMON_FUNCTION_WORDS, NOT_NAMES

# A word or figure as the question and the text are cut into tokens.
TOKEN = re.compile(r"[A-Za-z0-9$€£¥][\w$€£¥%'’.-]*[\w%]|[A-Za-z0-9]")
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
def key_of(word: str) -> str:
    """A word's comparison key (what `content_keys` keys words by): its Snowball stem cut
    to five letters, so "fork" and "forking", "raise" and "raised", "acquired" and
    "acquisition" share one (a plain five-letter cut split the first two pairs); a relation
    group's words share its key. An irregular past ("began", "held") is read as its base
    ("begin", "hold"), which no stemmer reaches, unless it belongs to a relation group
    itself ("led", "left")."""
    word = word.lower().strip(".'’")
    keys = _relation_key()
    if word[:5] not in keys:
        word = _base_forms().get(word, word)
    cut = str(_stemmer().stemWord(word))[:5]
    return keys.get(word[:5], keys.get(cut, cut))


def content_keys(text: str) -> set[str]:
    """Stem keys of the content words of `text`: no function, scaffold or capitalised
    closed-class words."""
    return anchor_keys(text, [])


def anchor_keys(question: str, subject: list[str]) -> set[str]:
    """Stem keys of the question's content words other than the subject's."""
    subject_words = {w.lower() for t in subject for w in re.findall(r"[\w'’.-]+", t)}
    out = set()
    for tok in TOKEN.findall(question):
        for w in re.split(r"[-/]", tok.lower()):
            w = re.sub(r"['’]s$", "", w).strip(".'’")  # "NIST's" is the subject NIST
            if len(w) < 3 or w in COMMON_FUNCTION_WORDS or w in _SCAFFOLD or w in NOT_NAMES:
                continue
            if w in subject_words:
                continue
            out.add(key_of(w))
    return out
