"""The sources panel: each cited passage shown inside its paragraph, the quoted span marked.

HTML, because a highlight inside running text needs <mark>; everything taken from a document
(text, title, author, section) is escaped, and only http(s) URLs become links. The marked span
is exactly `text[start:end]` of the stored document: when the citation's quote disagrees with
the document (it should never happen), the quote is shown on its own and flagged.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from counterpoint.corpus.ids import is_http_url

if TYPE_CHECKING:
    from counterpoint.answer.models import Answer, Citation
    from counterpoint.corpus.models import Chunk, Document

# Span kinds that read as a paragraph around a quote (headings never hold one).
_PARAGRAPH_KINDS = ("paragraph", "quotation", "footnote")
# At most this many characters of context either side of the quote.
CONTEXT_CHARS = 600
EMPTY = "<p><em>Ask a question to see its sources.</em></p>"


def anchor(n: int) -> str:
    """The element id of source [n]: the answer's [n] links here."""
    return f"cp-src-{n}"


def paragraph_bounds(doc: Document, start: int, end: int, chunk: Chunk | None) -> tuple[int, int]:
    """The smallest paragraph-like span holding [start, end); else its blank-line paragraph."""
    holding = [
        (s.start, s.end)
        for s in doc.spans
        if s.kind in _PARAGRAPH_KINDS and s.start <= start and end <= s.end
    ]
    if holding:
        return min(holding, key=lambda b: b[1] - b[0])
    # No stored spans (older graphs): paragraphs are blank-line separated in canonical text,
    # kept inside the chunk when the chunk holds the quote.
    lo_limit, hi_limit = 0, len(doc.text)
    if chunk is not None and chunk.start <= start and end <= chunk.end:
        lo_limit, hi_limit = chunk.start, chunk.end
    before = doc.text.rfind("\n\n", lo_limit, start)
    after = doc.text.find("\n\n", end, hi_limit)
    return (before + 2 if before >= 0 else lo_limit), (after if after >= 0 else hi_limit)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def passage_html(doc: Document | None, c: Citation, chunk: Chunk | None) -> str:
    """The paragraph with the cited span in <mark>, or the quote alone if the document is gone."""
    if doc is None or doc.text[c.start : c.end] != c.quote:
        note = "" if doc is None else ' <em class="cp-warn">(quote not found at its offsets)</em>'
        return f"<blockquote><mark>{_esc(c.quote)}</mark>{note}</blockquote>"
    p_lo, p_hi = paragraph_bounds(doc, c.start, c.end, chunk)
    lo, hi = max(p_lo, c.start - CONTEXT_CHARS), min(p_hi, c.end + CONTEXT_CHARS)
    before = ("…" if lo > p_lo else "") + doc.text[lo : c.start]
    after = doc.text[c.end : hi] + ("…" if hi < p_hi else "")
    return (
        f"<blockquote>{_esc(before)}<mark>{_esc(doc.text[c.start : c.end])}</mark>"
        f"{_esc(after)}</blockquote>"
    )


def source_html(c: Citation, doc: Document | None, chunk: Chunk | None) -> str:
    """One source: [n], title (linked when http(s)), author, date, section, then the passage."""
    title = _esc(c.title or c.doc_id)
    if is_http_url(c.url):
        title = f'<a href="{_esc(c.url or "")}" target="_blank" rel="noopener">{title}</a>'
    who = _esc(", ".join(c.authors)) or "Unknown author"
    section = chunk.section if chunk is not None else None
    meta = [who, _esc(c.date or "n.d.")]
    if section:
        meta.append(f"section “{_esc(section)}”")
    url = f'<div class="cp-url">{_esc(c.url)}</div>' if is_http_url(c.url) and c.url else ""
    return (
        f'<div class="cp-source" id="{anchor(c.n)}"><div class="cp-source-head"><b>[{c.n}]</b> '
        f"<i>{title}</i> · {' · '.join(meta)}</div>{url}{passage_html(doc, c, chunk)}</div>"
    )


def sources_html(
    citations: Iterable[Citation], docs: Mapping[str, Document], chunks: Mapping[str, Chunk]
) -> str:
    rows = [source_html(c, docs.get(c.doc_id), chunks.get(c.chunk_id)) for c in citations]
    if not rows:
        return "<p><em>No sources: the corpus has no passage that answers this.</em></p>"
    return '<div class="cp-sources">' + "".join(rows) + "</div>"


def answer_sources_html(
    answer: Answer, docs: Mapping[str, Document], chunks: Mapping[str, Chunk]
) -> str:
    return sources_html(answer.citations, docs, chunks)


_REF = re.compile(r"\[(\d+)\]")


def link_citations(markdown: str, numbers: Iterable[int]) -> str:
    """Each [n] of a cited source becomes a link to its anchor in the sources panel. A [n]
    inside a quotation (“…”) is the essay's own footnote marker and stays text."""
    known = set(numbers)
    out: list[str] = []
    depth = 0
    pos = 0
    for m in _REF.finditer(markdown):
        between = markdown[pos : m.start()]
        depth = max(0, depth + between.count("“") - between.count("”"))
        out.append(between)
        n = int(m.group(1))
        out.append(f"[\\[{n}\\]](#{anchor(n)})" if n in known and depth == 0 else m.group(0))
        pos = m.end()
    out.append(markdown[pos:])
    return "".join(out)
