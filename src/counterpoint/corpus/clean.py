"""Turn a raw essay into canonical text plus typed structure spans, and say what was removed.

The canonical text is what every offset refers to, so cleaning happens exactly once, before
anything is stored. Rules are generic (shapes of lines and blocks), never strings from one
essay; tests/data/cleaning holds cases from several texts.

Decisions:
- Captions (short unpunctuated lines between paragraphs, "Figure 2:" lines, Markdown images),
  drop-cap letters, a repeated title and trailing blog widgets are *removed*, each recorded in
  `Cleaned.removed` as "kind: text".
- Block quotes stay in reading order as "quotation" spans (label = the line introducing them).
- Footnote bodies move to the end of the text, each its own "footnote" span (label = number),
  shown as "[n] body"; the body keeps a "[n]" "footnote_marker" span at the original place.
- Pages (form feeds from the PDF loader) become "page" spans labelled with the page number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from counterpoint.corpus.footnotes import split_glued, split_markdown_markers
from counterpoint.corpus.models import Span, SpanKind
from counterpoint.kg.extract.cues import SPEECH as _SPEECH

# Navigation and widget headings blogs append after the article body.
_BOILERPLATE = re.compile(
    r"^(recent (posts|comments)|related (posts|articles|reading)|share this( post| article)?:?"
    r"|leave a (reply|comment)|categories|archives|tags|subscribe( to .*)?|follow us"
    r"|comments|\d+ comments?|like this:?|like loading\.*|posted in .*|filed under .*"
    r"|share on .*|you (may|might) also like:?|sign up .*newsletter.*|previous post|next post)$",
    re.IGNORECASE,
)
_CAPTION_PREFIX = re.compile(
    r"^(fig(ure)?\.?|image|photo|picture|chart|source|credit|illustration)\s*\d*\s*[:.\-–—]",
    re.IGNORECASE,
)
_MD_IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")
_MD_LINK = re.compile(r"(?<!!)\[([^\]^][^\]]*)\]\((?:[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")
_MD_FOOTNOTE_DEF = re.compile(r"^\[\^([\w-]+)\]:\s*(.*)$", re.DOTALL)
_EMPHASIS_LINE = re.compile(r"^(\*\*|__)([^*_]+)\1$")
_INLINE_MARKUP = [  # Markdown emphasis and code: the words stay, the markers go
    (re.compile(r"\*\*(\S(?:[^*]*?\S)?)\*\*"), r"\1"),
    (re.compile(r"(?<![\w*])\*(\S(?:[^*]*?\S)?)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<!\w)__(\S(?:.*?\S)?)__(?!\w)"), r"\1"),
    (re.compile(r"(?<!\w)_(\S(?:[^_]*?\S)?)_(?!\w)"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
]
_LIST_ITEM = re.compile(r"^([-*+•]|\d{1,3}[.)])\s+")
_ENDS_SENTENCE = re.compile(r"[.!?…][”’\"')\]]*$")
_ENDS_OPEN = re.compile(r"[:;,]$")


@dataclass(frozen=True)
class Cleaned:
    """Canonical text, its structure, and what was dropped (kept for the audit trail)."""

    text: str
    spans: tuple[Span, ...]
    removed: tuple[str, ...]


@dataclass
class _Block:
    text: str
    page: int | None
    multiline: bool = False
    kind: SpanKind = "paragraph"
    label: str | None = None
    markers: list[tuple[int, str]] = field(default_factory=list)


_INNER_BOUNDARY = re.compile(r"[.!?][”’\"')\]]*\s+[“\"'(]?[A-Z]")


def _lines_are_paragraphs(lines: list[str]) -> bool:
    """Text saved with one paragraph per line (no blank lines between): every line that is
    not a heading ends a sentence, and most of them hold several sentences. Hard-wrapped
    prose ends lines mid-sentence, and one-sentence-per-line writing has no inner sentence
    boundaries, so both still join into one paragraph."""
    if len(lines) < 2 or any(_LIST_ITEM.match(line) for line in lines):
        return False
    prose = [line for line in lines if not is_heading(line)]
    if not prose or not all(_ENDS_SENTENCE.search(line) for line in prose):
        return False
    several = sum(1 for line in prose if _INNER_BOUNDARY.search(line))
    return several * 2 >= len(prose)


def _raw_blocks(raw: str) -> list[_Block]:
    """Blank-line separated blocks, wrapped lines joined; form feeds mark page breaks."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    pages = text.split("\f")
    blocks: list[_Block] = []
    for n, page in enumerate(pages, start=1):
        for chunk in re.split(r"\n[ \t]*\n", page):
            lines = [line.strip() for line in chunk.split("\n") if line.strip()]
            if not lines:
                continue
            if all(line.startswith(">") for line in lines):
                body = " ".join(line.lstrip(">").strip() for line in lines).strip()
                if body:
                    blocks.append(_Block(body, n if len(pages) > 1 else None, kind="quotation"))
                continue
            if _lines_are_paragraphs(lines):
                for line in lines:
                    blocks.append(_Block(line, n if len(pages) > 1 else None))
                continue
            joined = lines[0]
            for line in lines[1:]:  # wrapped lines join; list items keep their own line
                joined += ("\n" if _LIST_ITEM.match(line) else " ") + line
            block = _Block(joined, n if len(pages) > 1 else None, multiline=len(lines) > 1)
            blocks.append(block)
    return blocks


def is_heading(block: str) -> bool:
    """A short single line without sentence punctuation reads as a section heading."""
    if "\n" in block or len(block) > 80:
        return False
    words = block.split()
    if not words or len(words) > 10 or not block[0].isupper():
        return False
    if block.endswith("?"):
        return len(words) <= 4
    return not (_ENDS_SENTENCE.search(block) or _ENDS_OPEN.search(block))


def _is_caption(block: _Block) -> bool:
    text = block.text
    if _MD_IMAGE.match(text) or (_CAPTION_PREFIX.match(text) and len(text.split()) <= 40):
        return True
    if block.multiline or _LIST_ITEM.match(text) or len(text.split()) > 40:
        return False
    return not (_ENDS_SENTENCE.search(text) or _ENDS_OPEN.search(text))


def _introduces_quote(block: _Block) -> bool:
    return block.text.endswith(":") and bool(_SPEECH.search(block.text))


def _is_wrapped_in_quotes(text: str) -> bool:
    return len(text) > 2 and text[0] in '“"' and text.rstrip(".")[-1] in '”"'


def _same(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s).strip().lower()  # noqa: E731
    return norm(a) == norm(b)


def _is_link_line(block: _Block) -> bool:
    text = block.text
    return not block.multiline and len(text.split()) <= 12 and not _ENDS_SENTENCE.search(text)


def _drop_widgets(blocks: list[_Block], removed: list[str]) -> list[_Block]:
    """Blog widgets ("Recent Posts", "Share this:") in the second half of the text, with the
    short link lines under them; a real sentence after them is kept."""
    out: list[_Block] = []
    in_widget = False
    half = len(blocks) // 2
    for i, b in enumerate(blocks):
        if b.kind == "paragraph" and _BOILERPLATE.match(b.text) and i >= half:
            in_widget = True
        elif not (in_widget and _is_link_line(b)):
            in_widget = False
        if in_widget:
            removed.append(f"boilerplate: {b.text}")
        else:
            out.append(b)
    return out


def _classify(blocks: list[_Block], title: str | None, removed: list[str]) -> list[_Block]:
    """Markdown shapes, title repeat, drop caps, headings, captions and quotations."""
    for b in blocks:
        if b.kind == "paragraph" and (m := _MD_HEADING.match(b.text)) and not b.multiline:
            b.text, b.kind = m.group(1), "heading"
        elif m := _MD_FOOTNOTE_DEF.match(b.text):
            b.text, b.kind, b.label = m.group(2).strip(), "footnote", m.group(1)
        b.text = _MD_LINK.sub(r"\1", b.text)
        if (m := _EMPHASIS_LINE.match(b.text)) and is_heading(m.group(2).strip()):
            b.text, b.kind = m.group(2).strip(), "heading"  # "**Bold line**" as a heading
        for pattern, repl in _INLINE_MARKUP:
            b.text = pattern.sub(repl, b.text)
    blocks = [b for b in blocks if b.text]
    if blocks and title and _same(blocks[0].text, title) and blocks[0].kind != "quotation":
        removed.append(f"title: {blocks.pop(0).text}")
    out: list[_Block] = []
    for i, b in enumerate(blocks):
        if len(b.text) == 1 and b.text.isalpha() and b.kind == "paragraph":
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if nxt is not None and nxt.text[:1].islower():
                nxt.text = b.text + nxt.text  # "O" + "nce upon…": the letter rejoins its word
                removed.append(f"drop-cap: {b.text} (rejoined)")
            else:
                removed.append(f"drop-cap: {b.text}")
            continue
        out.append(b)
    blocks = out
    blocks = _drop_widgets(blocks, removed)
    out = []
    for i, b in enumerate(blocks):
        if b.kind == "paragraph":
            if _CAPTION_PREFIX.match(b.text) and len(b.text.split()) <= 40:
                removed.append(f"caption: {b.text}")
                continue
            if is_heading(b.text):
                b.kind = "heading"
            elif _is_caption(b):
                removed.append(f"caption: {b.text}")
                continue
            elif (i > 0 and _introduces_quote(blocks[i - 1])) or _is_wrapped_in_quotes(b.text):
                b.kind = "quotation"
        if b.kind == "quotation" and i > 0 and _introduces_quote(blocks[i - 1]):
            b.label = blocks[i - 1].text
        out.append(b)
    return out


def _footnotes(blocks: list[_Block]) -> list[_Block]:
    """Split glued and Markdown footnotes; bodies go to the end, markers stay in place."""
    body: list[_Block] = []
    notes: list[_Block] = []
    number = 1
    for b in blocks:
        if b.kind == "footnote":
            notes.append(b)
            continue
        if b.kind in ("paragraph", "quotation"):
            text, md_markers = split_markdown_markers(b.text)
            b.text, b.markers = text, list(md_markers)
            if not md_markers:
                split, number = split_glued(b.text, number)
                b.text, b.markers = split.text, list(split.markers)
                notes.extend(
                    _Block(t, b.page, kind="footnote", label=lab) for lab, t in split.notes
                )
        body.append(b)
    return body + notes


def clean_text(raw: str, title: str | None = None) -> Cleaned:
    """Raw text (Markdown-ish, plain, or loader output) → canonical text, spans, removals."""
    removed: list[str] = []
    blocks = _footnotes(_classify(_raw_blocks(raw), title, removed))
    parts: list[str] = []
    spans: list[Span] = []
    pages: dict[int, list[int]] = {}
    pos = 0
    for b in blocks:
        if parts:
            pos += 2
        start = pos
        if b.kind == "footnote":
            prefix = f"[{b.label}] "
            parts.append(prefix + b.text)
            start += len(prefix)
        else:
            parts.append(b.text)
            if b.page is not None:
                pages.setdefault(b.page, [start, start + len(b.text)])[1] = start + len(b.text)
        spans.append(Span(b.kind, start, start + len(b.text), b.label))
        for offset, label in b.markers:
            at = start + offset
            spans.append(Span("footnote_marker", at, at + len(label) + 2, label))
        pos = start + len(b.text)
    spans.extend(Span("page", s, e, str(n)) for n, (s, e) in pages.items())
    spans.sort(key=lambda s: (s.start, -s.end, s.kind))
    return Cleaned(text="\n\n".join(parts), spans=tuple(spans), removed=tuple(removed))
