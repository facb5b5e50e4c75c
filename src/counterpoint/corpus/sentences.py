"""Sentence spans with offsets. Offsets matter more than perfect segmentation: every span
returned is exactly `text[start:end]`, trimmed of surrounding whitespace."""

from __future__ import annotations

import re

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace
# and an opening capital, quote, digit or bracket. Abbreviations like "e.g." rarely precede
# capitals in essays; when they do we merely split one sentence in two.
# A footnote marker after the punctuation ("standard.[1] We") stays with its sentence.
_BOUNDARY = re.compile(r"(?<=[.!?])(?:[”\"')\]]|\[\w{1,4}\])*\s+(?=[A-Z0-9“\"'(\[])")
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|vs|etc|e\.g|i\.e|U\.S|Inc|Ltd|Co)\.)$")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split text[start:end] into sentence spans (absolute offsets), paragraphs included."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for block in re.finditer(r"[^\n]+", text[start:end]):
        b0 = start + block.start()
        piece = block.group()
        cur = 0
        for m in _BOUNDARY.finditer(piece):
            if _ABBREV.search(piece[: m.start() + 1]):
                continue
            spans.append((b0 + cur, b0 + m.start() + len(m.group().rstrip())))
            cur = m.end()
        spans.append((b0 + cur, b0 + len(piece)))
    out = []
    for s, e in spans:
        seg = text[s:e]
        s2 = s + (len(seg) - len(seg.lstrip()))
        e2 = e - (len(seg) - len(seg.rstrip()))
        if e2 > s2:
            out.append((s2, e2))
    return out
