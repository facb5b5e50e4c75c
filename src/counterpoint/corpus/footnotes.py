"""Footnote numbers glued to the word before them ("standard.1We can debate…").

Blog exports flatten hover footnotes into the paragraph: the number sticks to the preceding
word and the footnote body follows. We recognise them by shape and by sequence: a marker is a
number equal to the *next expected* footnote number, glued to a lowercase letter or closing
punctuation and followed by a capital. Sequencing is what keeps "GPT4All" or "COVID19" out.

Where the body ends:
- marker after sentence-final punctuation: the body runs to the end of the paragraph;
- marker mid-sentence inside an open parenthesis: the body ends before the closing one;
- marker mid-sentence otherwise: the body is one sentence, and the paragraph resumes after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from counterpoint.corpus.sentences import sentence_spans

_GLUED = re.compile(r"(?<=[a-z.,;:!?)\]”’\"%])(\d{1,3})(?=[A-Z“‘\"(])")
_MD_MARKER = re.compile(r"\[\^([\w-]+)\]")
_SENTENCE_FINAL = '.!?”’"'


@dataclass(frozen=True)
class Split:
    """A paragraph with its glued footnotes taken out: `markers` are (offset, label) pairs
    where a "[n]" marker was put into `text`; `notes` are (label, body) in order."""

    text: str
    markers: tuple[tuple[int, str], ...]
    notes: tuple[tuple[str, str], ...]


def _body_end(rest: str, before: str) -> int:
    """Length of the footnote body at the start of `rest` (see the module docstring)."""
    if not before or before[-1] in _SENTENCE_FINAL:
        return len(rest)
    open_parens = before.count("(") - before.count(")")
    if open_parens > 0:
        depth = 0
        for i, ch in enumerate(rest):
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    return i
                depth -= 1
        return len(rest)
    sentences = sentence_spans(rest)
    return sentences[0][1] if len(sentences) > 1 else len(rest)


def split_glued(text: str, next_number: int) -> tuple[Split, int]:
    """Take glued footnotes numbered next_number, next_number+1, … out of one paragraph."""
    out = ""
    markers: list[tuple[int, str]] = []
    notes: list[tuple[str, str]] = []
    rest = text
    while True:
        match = next((m for m in _GLUED.finditer(rest) if int(m.group(1)) == next_number), None)
        if match is None:
            break
        before = rest[: match.start()]
        after = rest[match.end() :]
        end = _body_end(after, before)
        body = after[:end].strip()
        remainder = after[end:]
        if len(body.split()) < 2:
            break  # a number before a single capitalised word is not a footnote
        label = str(next_number)
        out += before
        markers.append((len(out), label))
        out += f"[{label}]"
        if remainder.strip() and not remainder[:1].isspace() and remainder[:1].isalnum():
            out += " "
        notes.append((label, body))
        rest = remainder if not remainder[:1].isspace() else " " + remainder.lstrip()
        next_number += 1
    out += rest
    return Split(out.rstrip(), tuple(markers), tuple(notes)), next_number


def split_markdown_markers(text: str) -> tuple[str, tuple[tuple[int, str], ...]]:
    """Markdown "[^label]" references become "[label]" markers at known offsets."""
    out = ""
    markers: list[tuple[int, str]] = []
    pos = 0
    for m in _MD_MARKER.finditer(text):
        out += text[pos : m.start()]
        markers.append((len(out), m.group(1)))
        out += f"[{m.group(1)}]"
        pos = m.end()
    return out + text[pos:], tuple(markers)
