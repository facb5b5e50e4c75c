"""Questions in two parts, answered part by part and joined.

"How long did X take according to A, and what did Y cost according to B?" asks for two facts,
often from two essays. Read as one question, retrieval finds passages close to the mix of both
parts and often to neither, and the answerability check looks for one kind of thing (a
duration) and declines when the best passage holds the other (an amount). Each part is
therefore planned on its own, with its own reading, scope and retrieval, and the answers are
joined with their citations renumbered.

A question splits only where ", and" is followed by a question word that opens a second
question of at least a few words: "How long and how much does it take…" and "X and Y" noun
phrases stay whole. Sentences before the last one ("The seed essay says X. According to …")
are context and go with both parts.
"""

from __future__ import annotations

import re
from dataclasses import replace

from counterpoint.answer.models import Answer, Citation

_QUESTION_WORD = r"(?:what|which|who|whom|whose|when|where|why|how)\b"
_PREPOSITION = r"(?:in|on|at|for|by|from|with|of|to|after|before|since|until)"
_SPLIT = re.compile(rf",?\s+and\s+(?=(?:{_PREPOSITION}\s+)?{_QUESTION_WORD})", re.I)
_OPENS_QUESTION = re.compile(
    rf"^\s*(?:(?:{_PREPOSITION}|according to [^,]+,|per [^,]+,)\s+)?{_QUESTION_WORD}"
    r"|^\s*(?:is|are|was|were|do|does|did|can|could|will|would|should|has|have|had)\b",
    re.I,
)
# where a part says whose account it asks for; not part of what it asks
_SCOPE = re.compile(r",?\s*\b(?:according to|per)\s+(?:'[^']*'|\"[^\"]*\"|“[^”]*”|[^,?]+)", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“‘])")
MIN_WORDS = 4  # each part asks something on its own ("How long and how much …" does not)
_MARK = re.compile(r"\[(\d+)\]")
_QUOTED = re.compile(r"“[^”]*”")


def split_parts(question: str) -> list[str]:
    """The question's parts: two when it joins two questions with ", and <question word>",
    else the question alone."""
    text = question.strip()
    sentences = _SENTENCE_END.split(text)
    last = sentences[-1]
    context = " ".join(sentences[:-1])
    found = list(_SPLIT.finditer(last))
    if len(found) != 1:
        return [question]
    cut = found[0]
    first = last[: cut.start()].strip().rstrip(",")
    second = last[cut.end() :].strip()
    if not _OPENS_QUESTION.match(first):
        return [question]
    # "…, and how long according to 'Another Essay'?" leaves out its verb: alone it asks
    # nothing, so such a question is read whole
    if min(len(_SCOPE.sub("", first).split()), len(_SCOPE.sub("", second).split())) < MIN_WORDS:
        return [question]
    parts = [first.rstrip("?") + "?", second[0].upper() + second[1:].rstrip("?") + "?"]
    return [f"{context} {p}" if context else p for p in parts]


def asking_sentence(question: str) -> str:
    """The sentence that asks, without the statements before it ("The baker opened in May.
    How many loaves …?" → "How many loaves …?"); the question itself when it has none."""
    sentences = _SENTENCE_END.split(question.strip())
    return sentences[-1] if len(sentences) > 1 and "?" in sentences[-1] else question


_IT = re.compile(r"\b(?:it|its)\b", re.I)


def resolve_it(second: str, subjects: list[str]) -> str:
    """The second part with its first "it"/"its" replaced by the first part's subject
    ("… does the shipyard owe, and what does Lund say its real asset is?" → "… say the
    shipyard's real asset is?"): asked alone, "its" names nothing to search for. Only when
    the second part names none of those subjects itself, and only "it": "they" as often means
    the people the first part asks about as its subject."""
    if not subjects or any(x in second for x in subjects):
        return second
    m = _IT.search(second)
    if m is None:
        return second
    name = subjects[0] + ("'s" if m.group(0).lower() == "its" else "")
    return second[: m.start()] + name + second[m.end() :]


def shift_marks(text: str, offset: int) -> str:
    """Citation marks [n] of an answer text moved up by `offset`; text inside quotation
    marks (a quoted passage may hold a bracketed number of its own) is left as it is."""
    out = []
    at = 0
    for quoted in _QUOTED.finditer(text):
        out.append(_MARK.sub(lambda m: f"[{int(m.group(1)) + offset}]", text[at : quoted.start()]))
        out.append(quoted.group(0))
        at = quoted.end()
    out.append(_MARK.sub(lambda m: f"[{int(m.group(1)) + offset}]", text[at:]))
    return "".join(out)


def join_answers(question: str, answers: list[Answer]) -> Answer:
    """One answer from the parts' answers, in order: each answered part with its citations
    renumbered after the previous part's, each declined part as its one-line "not covered"
    (its related reading dropped: the other part's evidence is the answer). Grounded when at
    least one part is; every citation is one a part's own verification let through."""
    texts: list[str] = []
    citations: list[Citation] = []
    for part in answers:
        if not part.grounded:
            texts.append(part.answer.split("\n\n")[0].strip())  # compose.related_block
            continue
        offset = len(citations)
        texts.append(shift_marks(part.answer, offset))
        citations += [replace(c, n=c.n + offset) for c in part.citations]
    return Answer(
        question,
        "\n\n".join(t for t in texts if t),
        any(a.grounded for a in answers),
        citations=citations,
    )
