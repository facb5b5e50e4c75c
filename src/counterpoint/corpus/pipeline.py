"""From a raw file to a cleaned `Document` with a stable id."""

from __future__ import annotations

from counterpoint.corpus.clean import clean_text
from counterpoint.corpus.ids import content_hash, slugify
from counterpoint.corpus.models import Document, RawDocument
from counterpoint.errors import DocumentError


def make_document(raw: RawDocument) -> Document:
    """The doc id is a slug of the URL's last segment or the title: readable and stable
    across edits of the text, so a changed essay replaces its old version."""
    cleaned = clean_text(raw.text, raw.meta.title)
    if not cleaned.text.strip():
        raise DocumentError(raw.source, "no text left after cleaning (only captions/widgets?)")
    if not any(s.kind in ("paragraph", "quotation") for s in cleaned.spans):
        raise DocumentError(raw.source, "no paragraphs found (only headings or short lines?)")
    key = raw.meta.title
    if raw.meta.url:
        tail = raw.meta.url.rstrip("/").rsplit("/", 1)[-1]
        key = tail if len(tail) > 3 else raw.meta.url
    return Document(
        doc_id=slugify(key),
        meta=raw.meta,
        text=cleaned.text,
        content_hash=content_hash(cleaned.text),
        source=raw.source,
        spans=cleaned.spans,
        removed=cleaned.removed,
    )
