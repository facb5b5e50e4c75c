"""The extractive answer as a reader wants it: a short answer first, then the evidence.

The short answer is one or two sentences built only from cited spans: who says it, in which
essay, and the span itself in quotation marks with its [n]. The evidence follows grouped by
essay and author, so a quote never sits under another essay's byline. Quotes are cut to the
clause that holds the answer when a sentence runs long; a clause is still exactly
`text[start:end]` of the stored document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import groupby

from counterpoint.answer.models import Citation

# Sentences longer than this (words) are cut to the clause(s) that hold the answer.
LONG_SENTENCE_WORDS = 32
MIN_CLAUSE_WORDS = 7
# Where a long sentence may be cut: after ; : — – or before a coordinating/subordinating
# turn that opens a new clause.
_CUT = re.compile(
    r"(?<=[;:])\s+|\s+[—–]\s+|,\s+(?=(?:but|and|while|whereas|which|although|though|so|yet"
    r"|because|especially|including|unless|if)\b)"
)


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clause spans of text[start:end] (absolute offsets, trimmed, never empty)."""
    out, cur = [], start
    for m in _CUT.finditer(text, start, end):
        out.append((cur, m.start()))
        cur = m.end()
    out.append((cur, end))
    trimmed = []
    for s, e in out:
        piece = text[s:e]
        s2 = s + len(piece) - len(piece.lstrip())
        e2 = e - (len(piece) - len(piece.rstrip()))
        while e2 > s2 and text[e2 - 1] in ",;:":
            e2 -= 1
        if e2 > s2:
            trimmed.append((s2, e2))
    return trimmed


def tighten(text: str, start: int, end: int, keep: Callable[[str], float]) -> tuple[int, int]:
    """The shortest run of clauses of a long sentence that scores best under `keep` (how
    much of the answer a piece holds); the whole sentence when it is short or cannot be cut
    without losing what `keep` values."""
    if len(text[start:end].split()) <= LONG_SENTENCE_WORDS:
        return start, end
    parts = clauses(text, start, end)
    if len(parts) < 2:
        return start, end
    whole = keep(text[start:end])
    best, best_len = (start, end), len(text[start:end].split())
    for i in range(len(parts)):
        for j in range(i, len(parts)):
            s, e = parts[i][0], parts[j][1]
            n = len(text[s:e].split())
            if n < MIN_CLAUSE_WORDS or n >= best_len:
                continue
            if keep(text[s:e]) >= whole:
                best, best_len = (s, e), n
    return best


def who(c: Citation) -> str:
    return " and ".join(c.authors) if c.authors else "The author"


def byline(c: Citation) -> str:
    return f"{who(c)} writes in “{c.title}”"


def lead_sentence(c: Citation) -> str:
    """One short-answer sentence from one citation: who, which essay, the span, its [n]."""
    return f"{byline(c)}: “{c.quote.rstrip()}” [{c.n}]."


def grouped(cites: list[Citation], heading: str) -> str:
    """Quotes grouped by essay, each group under its own byline (so a quote never sits under
    another essay's author), groups in order of their first citation."""
    if not cites:
        return ""
    lines = [f"{heading}:"]
    first: dict[str, int] = {}
    for c in cites:
        first.setdefault(c.doc_id, c.n)
    ordered = sorted(cites, key=lambda c: (first[c.doc_id], c.n))
    for _, group in groupby(ordered, key=lambda c: c.doc_id):
        chunk = list(group)
        head = chunk[0]
        lines.append(f"{byline(head)}{f' ({head.date})' if head.date else ''}:")
        lines.extend(f"  [{c.n}] “{c.quote}”" for c in chunk)
    return "\n".join(lines)


def answer_text(lead: list[Citation], rest: list[Citation], prefix: str | None = None) -> str:
    """The short answer (one lead sentence per essay it draws on, after the line saying which
    essay "the essay" was taken to be), then the other supporting quotes by essay."""
    head = " ".join(lead_sentence(c) for c in lead)
    parts = [f"{prefix} {head}" if prefix else head]
    block = grouped(rest, "More from the essays")
    if block:
        parts.append(block)
    return "\n\n".join(parts)


def scope_line(title: str, authors: tuple[str, ...], reason: str) -> str | None:
    """Which essay the answer reads "the essay" or "the author" as."""
    if reason != "principal":
        return None
    by = f" by {' and '.join(authors)}" if authors else ""
    return f"“The essay” here is “{title}”{by}, the essay the others respond to."


def speaker_line(name: str, title: str, authors: tuple[str, ...], said: bool) -> str:
    """Who answers in an interview: its interviewee, not the byline, who asks."""
    by = f" ({' and '.join(authors)} asks the questions)" if authors else ""
    if said:
        return f"{name} says it, answering the questions in “{title}”{by}."
    return f"{name} is the one interviewed in “{title}”{by}."


def author_line(title: str, authors: tuple[str, ...], date: str | None) -> str | None:
    """The plain answer to "who wrote …": the byline of the essay the lead quote is from
    (its front matter, not a sentence of the text, so no quote carries it)."""
    if not authors:
        return None
    when = f" ({date})" if date else ""
    return f"“{title}” is by {' and '.join(authors)}{when}."


WANTED = {
    "amount": "the amount you ask about",
    "number": "the number you ask about",
    "date": "the date you ask about",
    "person": "who it was",
    "organisation": "which organisation it was",
    "name": "the name you ask about",
}


def related_block(related: list[Citation]) -> str:
    """The nearest passages after an honest no, as their own paragraph (after a blank line,
    so the no is always the answer's first paragraph), or "" when there are none."""
    if not related:
        return ""
    lines = ["Related reading (not an answer):"]
    lines += [f"  {byline(c)}: “{c.quote}”" for c in related]
    return "\n\n" + "\n".join(lines)


def not_answered(
    subject: str,
    titles: list[str],
    kinds: list[str],
    related: list[Citation],
    attributes: list[str] | None = None,
) -> str:
    """The honest no: "The essays mention X (in “T”), but not …" (its price, when the
    question names an attribute; else the kind asked for), then related reading."""
    where = f" (in {', '.join(f'“{t}”' for t in titles[:3])})" if titles else ""
    what = " or ".join(dict.fromkeys(WANTED.get(k, "what you ask") for k in kinds))
    if attributes:
        what = "its " + " or ".join(dict.fromkeys(attributes))
    text = (
        f"The essays mention {subject}{where}, but not {what or 'what you ask'}: "
        "the corpus does not cover that."
    )
    return text + related_block(related)


def not_mentioned(names: list[str], related: list[Citation]) -> str:
    """The honest no for a question about something the corpus never names."""
    listed = " or ".join(names)
    text = f"The essays do not mention {listed}: the corpus does not cover this question."
    return text + related_block(related)


VERDICT_LINE = {
    "supported": "the corpus argues for this claim and nothing substantial against it",
    "contested": "the corpus holds substantial evidence on both sides",
    "refuted": "the corpus argues against this claim and nothing substantial for it",
    "unclear": "nothing in the corpus takes a clear position on this claim",
}


def challenge_text(
    verdict: str,
    target: Citation | None,
    for_side: list[Citation],
    against: list[Citation],
    basis_line: str,
    strength: float | None = None,
    near: list[Citation] | None = None,
) -> str:
    """Verdict (with strength when known), the claim challenged, evidence for, evidence
    against, what the verdict rests on, and (`near`) sentences the reader's words fit about
    as well as the claim, which the verdict does not weigh."""
    shown_strength = f" (argument strength {strength:.2f})" if strength is not None else ""
    parts = [f"Verdict: {verdict}{shown_strength}: {VERDICT_LINE[verdict]}."]
    if target is not None:
        parts[0] += f" The claim you challenge: {lead_sentence(target)}"
    else:
        parts[0] += " No sentence of the corpus states the position you take closely enough."
    for cites, head in ((for_side, "Supporting the claim"), (against, "Against the claim")):
        block = grouped(cites, head)
        if block:
            parts.append(block)
    parts.append(basis_line)
    block = grouped(near or [], "Your words fit this about as closely (not weighed)")
    if block:
        parts.append(block)
    return "\n\n".join(parts)
