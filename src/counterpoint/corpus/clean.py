"""Turn a raw essay into canonical text plus typed structure spans.

The canonical text is what every offset refers to, so cleaning happens exactly once, before
anything is stored. Rules are generic (shapes of lines), never lists of strings from one essay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from counterpoint.corpus.models import Span

# Navigation and widget headings blogs append after the article body.
_BOILERPLATE = re.compile(
    r"^(recent (posts|comments)|related (posts|articles)|share this( post)?:?"
    r"|leave a (reply|comment)|categories|archives|tags|subscribe|follow us|comments"
    r"|like this:?|posted in .*|filed under .*)$",
    re.IGNORECASE,
)
_TERMINAL = (".", "!", ";", ",", ":", "”", '"', ")")


@dataclass(frozen=True)
class Cleaned:
    """Canonical text, its structure, and what was dropped (kept for the audit trail)."""

    text: str
    spans: tuple[Span, ...]
    removed: tuple[str, ...]


def _blocks(raw: str) -> list[str]:
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    blocks = [re.sub(r"[ \t]+\n", "\n", b).strip() for b in re.split(r"\n\s*\n", text)]
    return [b for b in blocks if b]


def is_heading(block: str) -> bool:
    """A short single line without sentence punctuation reads as a section heading."""
    if "\n" in block or len(block) > 80:
        return False
    words = block.split()
    if not words or len(words) > 10 or not block[0].isupper():
        return False
    if block.endswith("?"):
        return len(words) <= 4
    return not block.endswith(_TERMINAL)


def clean_text(raw: str, title: str | None = None) -> Cleaned:
    """Drop title repeats, drop-cap letters and trailing boilerplate; type the rest."""
    blocks = _blocks(raw)
    removed: list[str] = []
    if blocks and title and blocks[0].strip().lower() == title.strip().lower():
        removed.append(blocks.pop(0))
    kept: list[str] = []
    for block in blocks:
        if len(block) == 1 and block.isalpha():
            removed.append(block)  # a drop-cap letter separated from its paragraph
            continue
        kept.append(block)
    while kept and _BOILERPLATE.match(kept[-1]):
        removed.append(kept.pop())
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    for block in kept:
        if parts:
            pos += 2
        kind = "heading" if is_heading(block) else "paragraph"
        spans.append(Span(kind=kind, start=pos, end=pos + len(block)))
        parts.append(block)
        pos += len(block)
    return Cleaned(text="\n\n".join(parts), spans=tuple(spans), removed=tuple(removed))
