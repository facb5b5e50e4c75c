"""Plain data passed between stages. Offsets always index `Document.text`, end exclusive."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Metadata:
    """Bibliographic facts about one essay; flags on the CLI override what the file says."""

    title: str
    authors: tuple[str, ...] = ()
    date: dt.date | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()
    publisher: str | None = None
    # The essay "the essay" and "the author" mean in a question (front matter `principal:
    # true`); without one, answering takes the essay the others respond to most.
    principal: bool = False


@dataclass(frozen=True)
class RawDocument:
    """A loaded file before cleaning: text exactly as read, metadata as found."""

    source: str
    text: str
    meta: Metadata


SpanKind = Literal[
    "heading", "paragraph", "quotation", "footnote", "footnote_marker", "caption", "page"
]
SPAN_KINDS: tuple[SpanKind, ...] = (
    "heading",  # a section title; chunks never cross one
    "paragraph",  # the author's own body text
    "quotation",  # quoted from elsewhere (label = attribution): not the author's own claims
    "footnote",  # a footnote body (label = its number), kept as its own span
    "footnote_marker",  # the number in the body that points to a footnote (label = number)
    "caption",  # image caption kept as a non-body span (never a claim, never evidence)
    "page",  # a PDF page (label = page number), so citations can say "p. 3"
)


@dataclass(frozen=True)
class Span:
    """A typed region of the canonical text; `kind` is one of SPAN_KINDS."""

    kind: SpanKind
    start: int
    end: int
    label: str | None = None


@dataclass(frozen=True)
class Document:
    """A cleaned essay. `text` is canonical: every offset in the system refers to it."""

    doc_id: str
    meta: Metadata
    text: str
    content_hash: str
    source: str
    spans: tuple[Span, ...] = ()
    removed: tuple[str, ...] = field(default=(), compare=False)

    def quote(self, start: int, end: int) -> str:
        return self.text[start:end]

    @property
    def body_hash(self) -> str:
        """Hash of the body text alone (paragraphs, quotations, footnotes): the same essay
        saved under another title or with a different heading repeat is still a duplicate."""
        import hashlib

        body = "\n".join(
            self.text[s.start : s.end]
            for s in self.spans
            if s.kind in ("paragraph", "quotation", "footnote")
        )
        return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Chunk:
    """A retrieval unit: whole paragraphs of one section, with offsets into the document."""

    chunk_id: str
    doc_id: str
    start: int
    end: int
    text: str
    section: str | None = None
