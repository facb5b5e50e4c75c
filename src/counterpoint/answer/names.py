"""The other forms of a name a question uses, as the essays write them.

A reader names an entity one way and an essay another: the question says "Acme Robotics", the
sentence that answers says "AR has become the default supplier"; or the reader writes an
alias the gazetteer lists. Exact-string matching of the question's names then misses the very
sentence that holds the fact, and the answer declines. Two general sources of other forms,
nothing about any one corpus:

- the shipped gazetteer (kg/extract/gazetteer.json): a label and its aliases name one entity
  (only the named types, which carry a public identifier; concept aliases such as a two-letter
  abbreviation of a common noun would match far too much);
- initials: an essay that writes a multi-word capitalised name often abbreviates it later to
  its initials. The initials count as the name only inside an essay that holds both the full
  name and the initials as an all-capital word, so a stray acronym elsewhere is not taken for
  it. The reverse holds too: a question that uses the initials matches the full name of an
  essay that holds both.

Possessives ("Acme's") need nothing here: the question's name pattern stops at the
apostrophe and a mention is matched up to a non-word character.
"""

from __future__ import annotations

import re
from functools import lru_cache

from counterpoint.answer.words import COMMON_FUNCTION_WORDS
from counterpoint.kg.extract.gazetteer import NAMED_TYPES, load_gazetteer

# Initials of two to five words: shorter is one word, longer is rarely abbreviated in prose.
_MIN_WORDS, _MAX_WORDS = 2, 5
_CAPITALISED = re.compile(r"[A-Z][\w&'’-]*")
_RUN = re.compile(r"(?<![\w])[A-Z][\w&'’-]*(?:[ \t]+[A-Z][\w&'’-]*)+")


@lru_cache(maxsize=1)
def _alias_groups() -> dict[str, tuple[str, ...]]:
    """Every form of a named gazetteer entity → all forms of that entity (label first)."""
    out: dict[str, tuple[str, ...]] = {}
    for e in load_gazetteer():
        if e.type not in NAMED_TYPES:
            continue
        forms = tuple(dict.fromkeys((e.label, *e.aliases)))
        for f in forms:
            out.setdefault(f, forms)  # earlier entries win a shared alias, as in the gazetteer
    return out


def _word(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w]){re.escape(term)}(?![\w])")


def initials(name: str) -> str | None:
    """The upper-case initials of a name of two to five capitalised words ("Acme Robotics"
    → "AR"), else None."""
    words = name.split()
    if not _MIN_WORDS <= len(words) <= _MAX_WORDS:
        return None
    if not all(_CAPITALISED.fullmatch(w) for w in words):
        return None
    return "".join(w[0] for w in words)


def _expansions(acronym: str, text: str) -> list[str]:
    """Multi-word capitalised names in `text` whose initials are `acronym`. Each run of
    capitalised words is read in windows of the acronym's length (a name may follow a
    capitalised opener: "Then Acme Robotics …"); a window holding a function word or a
    single letter ("As I …") is a sentence opening, not a name."""
    n, out = len(acronym), []
    for run in _RUN.finditer(text):
        words = run.group(0).split()
        for i in range(len(words) - n + 1):
            window = words[i : i + n]
            if any(len(w) < 2 or w.lower() in COMMON_FUNCTION_WORDS for w in window):
                continue
            if "".join(w[0] for w in window) == acronym:
                out.append(" ".join(window))
    return out


def other_forms(term: str, texts: dict[str, str]) -> list[str]:
    """The forms of `term` other than itself that some essay uses: its gazetteer aliases,
    and its initials (or, for initials, the full name) within an essay holding both. The
    answer engine asks once per question (AnswerEngine.names) and keeps the result for
    retrieval, sentence search and scoring."""
    return list(_other_forms(term, texts))


def _uses(texts: dict[str, str], form: str) -> list[str]:
    """The texts that hold `form` as a word of its own (a substring test first: cheap)."""
    rx = _word(form)
    return [t for t in texts.values() if form in t and rx.search(t)]


def _other_forms(term: str, texts: dict[str, str]) -> tuple[str, ...]:
    out: list[str] = []
    for form in _alias_groups().get(term, ()):
        if form != term and _uses(texts, form):
            out.append(form)
    short = initials(term)
    if short is not None:
        if any(_word(short).search(t) for t in _uses(texts, term)):
            out.append(short)
    elif term.isupper() and term.isalpha() and _MIN_WORDS <= len(term) <= _MAX_WORDS:
        for t in _uses(texts, term):
            out.extend(_expansions(term, t))
    return tuple(f for f in dict.fromkeys(out) if f != term)


def name_forms(terms: list[str], texts: dict[str, str]) -> dict[str, list[str]]:
    """Each question name → its other forms in the essays (names with none are left out)."""
    out = {t: other_forms(t, texts) for t in terms}
    return {t: forms for t, forms in out.items() if forms}


def all_forms(terms: list[str], forms: dict[str, list[str]]) -> list[str]:
    """The names and every other form of them, each once, the names first."""
    return list(dict.fromkeys([*terms, *(f for t in terms for f in forms.get(t, []))]))


def question_variants(
    question: str, forms: dict[str, list[str]]
) -> dict[str, tuple[re.Pattern[str], str]]:
    """Each other form → (a pattern for a text that uses it but not the name as the question
    writes it, the question with the name written in that form). "What did Acme Robotics
    build?" → {"AR": (…, "What did AR build?")}: a sentence that says only "AR" is compared
    with the question as that sentence would word it."""
    out: dict[str, tuple[re.Pattern[str], str]] = {}
    for name, others in forms.items():
        named = _word(name)
        if not named.search(question):
            continue
        for form in others:
            only = re.compile(
                rf"^(?!.*(?<![\w]){re.escape(name)}(?![\w])).*(?<![\w]){re.escape(form)}(?![\w])",
                re.S,
            )
            out.setdefault(form, (only, named.sub(form.replace("\\", "\\\\"), question)))
    return out
