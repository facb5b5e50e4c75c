"""The names a question uses, read against the corpus: those the essays contain, as the
essays spell them (`subject_terms`: what the question is about, which every answering sentence
must mention), and those no essay contains in any case (`unknown_names`: a question about a
company the corpus never names is declined, not answered from the nearest passage).
"""

from __future__ import annotations

import re

from counterpoint.answer.asked import QUOTED

_NAME = re.compile(r"(?<![\w])(?:[A-Z][\w.&/-]*[A-Za-z0-9]|[a-z]+[A-Z][\w-]*|[a-z]/\w+)")
_WH_START = frozenset(
    [
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "in",
        "on",
        "at",
        "for",
        "to",
        "by",
        "according",
        "per",
        "the",
        "a",
        "an",
        "is",
        "are",
        "was",
        "were",
        "do",
        "does",
        "did",
        "can",
        "could",
        "would",
        "should",
        "will",
        "has",
        "have",
        "had",
        "isn't",
        "doesn't",
        "i",
    ]
)


def subject_terms(question: str, texts: dict[str, str]) -> list[str]:
    """Names in the question that the corpus contains (its subject as the essays spell it):
    capitalised words and handles, minus the question's opening word."""
    out: list[str] = []
    question = QUOTED.sub(" ", question)  # a quoted title names an essay, not the subject
    words = list(_NAME.finditer(question))
    i = 0
    while i < len(words):
        m = words[i]
        if m.start() == 0 and m.group(0).lower() in _WH_START:
            i += 1
            continue
        phrase, end = m.group(0), m.end()
        while i + 1 < len(words) and question[end : words[i + 1].start()] == " ":
            phrase, end = f"{phrase} {words[i + 1].group(0)}", words[i + 1].end()
            i += 1
        i += 1
        name = phrase.rstrip(".")
        if name.lower() in _WH_START or len(name) < 2:
            continue
        if m.start() == 0 and " " not in name and _common_word(name, texts):
            continue  # "Within how many hours …": capitalised only as the opening word
        if any(name in t for t in texts.values()) and name not in out:
            out.append(name)
        elif " " in name:  # "Ada Lovelace" missing as a whole: try its words
            for part in name.split():
                known = any(part in t for t in texts.values())
                if part.lower() not in _WH_START and known and part not in out:
                    out.append(part)
    return out


def unknown_names(question: str, vocabulary: frozenset[str]) -> list[str]:
    """Names the question uses that no essay, title or author contains in any case (the
    corpus's lower-cased words are `vocabulary`): "How much has Globex raised?" over a corpus
    that never names Globex. Words opening a sentence and short all-capital acronyms
    ("IPO", "CEO": common nouns written as letters) are not taken for names."""
    q = QUOTED.sub(" ", question)
    out: list[str] = []
    for m in _NAME.finditer(q):
        word = m.group(0).rstrip(".")
        if len(word) < 2 or word.lower() in _WH_START or (word.isupper() and len(word) <= 4):
            continue
        if m.start() == 0 or re.search(r"[.?!:;][\"”’']?\s+$", q[: m.start()]):
            continue
        parts = [p for p in re.findall(r"\w+", word.lower()) if not p.isdigit()]
        if any(p not in vocabulary for p in parts):
            out.append(word)
    return list(dict.fromkeys(out))


def _common_word(word: str, texts: dict[str, str]) -> bool:
    """Whether the corpus writes `word` in lower case as a word of its own and never
    capitalised inside a sentence: then a question that opens with it capitalised
    ("Within …", "Roughly …") does not name anything, while "Runway …" still does when
    the essays also write "the startup's runway"."""
    low = word.lower()
    if low == word:
        return False
    lower = re.compile(rf"(?<![\w.]){re.escape(low)}(?!\w)")
    inside = re.compile(rf"(?<=[\w,;] ){re.escape(word)}(?!\w)")
    found = False
    for t in texts.values():
        if inside.search(t):
            return False
        found = found or bool(lower.search(t))
    return found
