"""Which essay a question means, from the corpus's metadata (titles, authors, dates, tags)
and the question's words: a quoted title, an author's name, "the compliance essay", "the
response essays", an interview, or "the essay"/"the author" alone, which means the principal
essay (front matter `principal: true`, else the essay the others respond to most:
`responses_to`). Every rule reads the metadata of whatever corpus is ingested.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from counterpoint.answer.asked import QUOTED, asked_for
from counterpoint.answer.words import COMMON_FUNCTION_WORDS


@dataclass(frozen=True)
class EssayInfo:
    """What scope resolution needs to know about one essay."""

    doc_id: str
    title: str
    authors: tuple[str, ...] = ()
    date: dt.date | None = None
    tags: tuple[str, ...] = ()
    interview: bool = False  # its text is an interview (Q/A turns, answer/speakers.py)


@dataclass(frozen=True)
class Scope:
    """Essays the question points at. `strict`: the question restricts itself to them
    ("according to 'X'", "per the compliance essay"); otherwise they are preferred only.
    `reason` says how they were found, for the line that tells the reader."""

    doc_ids: tuple[str, ...] = ()
    strict: bool = False
    reason: str = ""


# "the compliance essay" and "the essay about sourdough", read apart: one match must not
# swallow the other ("the author of the essay about sourdough").
_DESCRIBED = (
    re.compile(
        r"\bthe (?P<w>(?:[\w-]+ ){0,2}?[\w-]+) (?P<n>essay|article|piece|post|reply|response)s?\b",
        re.I,
    ),
    re.compile(
        r"\b(?:essay|article|piece|post) (?:on|about) (?P<w2>(?:the )?[\w-]+(?: [\w-]+)?)", re.I
    ),
)
_AS_TIME = re.compile(r"\b(?:after|before|since|when|until|by the time)\s+$", re.I)
_WRITTEN = re.compile(r"\s+(?:was|had been|were|is)\s+(?:written|published|posted)\b", re.I)
# The reader means the corpus's interview: "in the interview", "the interviewee", "the
# developer interviewed", "the interviewed builder".
_INTERVIEW_MEANT = re.compile(
    r"\bthe (?:interview|interviewee|conversation)\b|\binterviewed\b|\binterviewee['’]s\b",
    re.I,
)
_PRINCIPAL_WORDS = frozenset(["seed", "original", "first", "source", "principal", "main"])
_RESPONSE_WORDS = frozenset(["response", "responses", "reply", "replies", "sample", "other"])
_BARE_ESSAY = re.compile(
    r"\b(?:the|this) (?:essay|author|essayist|writer|article|post|piece)\b|\bthe author['’]s\b"
    r"|\b(?:he|his|him)\b",
    re.I,
)
_RESTRICTING = re.compile(
    r"\b(?:according to|per|in|from|does|do|did|by)\s+(?:the\s+)?(?:\w+\s+){0,3}?$", re.I
)
_BY_AUTHOR = re.compile(r"\b(?:according to|per)\s+(?:\w+\s+)?$", re.I)
_STOP = COMMON_FUNCTION_WORDS | frozenset(
    [
        "article",
        "essay",
        "essays",
        "her",
        "his",
        "my",
        "one",
        "our",
        "piece",
        "post",
        "reply",
        "response",
        "their",
        "your",
    ]
)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _stem(w: str) -> str:
    for suffix in ("ations", "ation", "ness", "ing", "ies", "es", "s", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


def _title_matches(fragment: str, title: str) -> bool:
    """A quoted fragment names a title when its words open the title or are most of it."""
    f, t = _words(fragment), _words(title)
    if not f or not t:
        return False
    if t[: len(f)] == f:
        return True
    content = [w for w in f if w not in _STOP]
    return len(content) >= 2 and sum(w in t for w in content) / len(content) >= 0.8


def surname(author: str) -> str | None:
    """The last word of a personal name ("Ada Lovelace" → "Lovelace"); None for names that
    do not look like a person's (one word, or not capitalised word by word)."""
    parts = author.split()
    if len(parts) < 2 or not all(p[:1].isupper() for p in parts):
        return None
    return parts[-1]


def _described(words: list[str], essays: list[EssayInfo], principal: str | None) -> list[str]:
    """Essays whose title or tags share the describing words ("the compliance essay")."""
    if set(words) & _PRINCIPAL_WORDS:
        return [principal] if principal else []
    if set(words) & _RESPONSE_WORDS:
        return [e.doc_id for e in essays if e.doc_id != principal]
    stems = {_stem(w) for w in words if w not in _STOP}
    if not stems:
        return []
    hits = []
    for e in essays:
        vocab = {_stem(w) for w in _words(e.title + " " + " ".join(e.tags))}
        if stems <= vocab or (len(stems) > 1 and len(stems & vocab) >= len(stems) - 1):
            hits.append(e.doc_id)
    return hits if len(hits) <= 2 else []


def resolve_scope(question: str, essays: list[EssayInfo], principal: str | None) -> Scope:
    """Which essays the question means: quoted titles, authors' surnames, descriptions
    ("the compliance essay", "the response essays"), else "the essay"/"the author" alone
    means the principal essay (when there is one). A "which essay …" question is never
    restricted to the essay it mentions: it asks which *other* essay says something."""
    found: list[str] = []
    reasons: list[str] = []
    strict = False
    for m in QUOTED.finditer(question):
        for e in essays:
            if _title_matches(m.group("t"), e.title) and e.doc_id not in found:
                found.append(e.doc_id)
                reasons.append("named by title")
                strict = strict or bool(_RESTRICTING.search(question[: m.start()]))
    for m in (m for rx in _DESCRIBED for m in rx.finditer(question)):
        if _AS_TIME.search(question[: m.start()]) and _WRITTEN.match(question[m.end() :]):
            continue  # "adopted after the seed essay was written": a time, not a scope
        words = _words(m.groupdict().get("w") or m.groupdict().get("w2") or "")
        for d in _described(words, essays, principal):
            if d not in found:
                found.append(d)
                reasons.append("described")
                strict = True
    for e in essays:
        for a in e.authors:
            name = surname(a)
            hit = re.search(rf"\b{re.escape(name)}\b", question) if name else None
            if hit and e.doc_id not in found:
                found.append(e.doc_id)
                reasons.append("named author")
                # "according to Quill", "per Quill": the author's own essay, not reports of it
                strict = strict or bool(_BY_AUTHOR.search(question[: hit.start()]))
    if _INTERVIEW_MEANT.search(question):
        # "In the interview, …", "the interviewed developer": the corpus's interview(s)
        interviews = [e.doc_id for e in essays if e.interview]
        if 0 < len(interviews) <= 2:
            for d in interviews:
                if d not in found:
                    found.append(d)
                    reasons.append("described")
            strict = True
    which_essay = asked_for(question) == ["essay"]
    if not found and principal and _BARE_ESSAY.search(question) and not which_essay:
        return Scope((principal,), strict=True, reason="principal")
    if which_essay:
        strict = False
    return Scope(tuple(found), strict=strict and not which_essay, reason=", ".join(reasons))


def principal_essay(
    essays: list[EssayInfo],
    flagged: set[str],
    incoming: dict[str, int],
) -> str | None:
    """The corpus's principal essay: the flagged one, else the essay the most others respond
    to (named or linked to), the oldest on a tie; None when no essay is responded to."""
    flagged_ids = [e.doc_id for e in essays if e.doc_id in flagged]
    if flagged_ids:
        return flagged_ids[0]
    scored = [(incoming.get(e.doc_id, 0), e) for e in essays]
    scored = [(n, e) for n, e in scored if n > 0]
    if not scored:
        return None
    far = dt.date.max
    scored.sort(key=lambda x: (-x[0], x[1].date or far, x[1].doc_id))
    return scored[0][1].doc_id


def responses_to(essays: list[EssayInfo], texts: dict[str, str]) -> dict[str, int]:
    """For each essay, how many other essays name its author (a response names whom it
    answers). Each text is read once for every surname in it (a one-word surname is a word
    of the text, as `\\bname\\b` finds it); searching every text for every essay's authors
    was quadratic (10k essays: 10^8 searches)."""
    names_of = {e.doc_id: [n for n in (surname(a) for a in e.authors) if n] for e in essays}
    wanted = {n for names in names_of.values() for n in names}
    one_word = {n for n in wanted if _ONE_WORD.fullmatch(n)}
    others = {n: re.compile(rf"\b{re.escape(n)}\b") for n in sorted(wanted - one_word)}
    named_in: dict[str, set[str]] = {}
    for doc_id, text in texts.items():
        found = one_word.intersection(_ONE_WORD.findall(text)) if one_word else set()
        found |= {n for n, rx in others.items() if rx.search(text)}
        for n in found:
            named_in.setdefault(n, set()).add(doc_id)
    out: dict[str, int] = {}
    for e in essays:
        names = names_of[e.doc_id]
        if names:
            naming = set().union(*(named_in.get(n, set()) for n in names))
            out[e.doc_id] = len(naming - {e.doc_id})
    return out


_ONE_WORD = re.compile(r"\w+")
