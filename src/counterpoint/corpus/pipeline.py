"""From a raw file to a cleaned `Document` with a readable, stable id and checked metadata."""

from __future__ import annotations

import re

from counterpoint.corpus.clean import clean_text
from counterpoint.corpus.ids import base_doc_id, canonical_url, content_hash, source_key
from counterpoint.corpus.models import Document, Metadata, RawDocument
from counterpoint.errors import DocumentError

# Characters no metadata field may hold: C0 controls other than tab/newline/CR, DEL, C1
# controls, lone surrogates and the two non-characters XML 1.0 forbids. Each of them breaks
# at least one output (SPARQL XML results, JSON with surrogates, RIS, BibTeX).
_BAD_META_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _shown(value: str, limit: int = 60) -> str:
    """A value quoted for a one-line message: escaped, and cut if long."""
    text = repr(value[:limit] + ("…" if len(value) > limit else ""))
    return text


def check_metadata(meta: Metadata, source: str) -> None:
    """Refuse metadata that would be stored or exported wrongly. A URL must be http(s):
    a `javascript:` or `data:` URL in front matter would otherwise become a link in the app and
    in every citation export (documented choice: refuse the file, naming the field, rather
    than drop the URL and ingest without telling)."""
    if meta.url is not None and canonical_url(meta.url) is None:
        raise DocumentError(
            source,
            f"url {_shown(meta.url)} is not an http(s) URL (only http:// and https:// URLs "
            "are stored); fix or remove it",
        )
    fields: list[tuple[str, str]] = [("title", meta.title)]
    fields += [("author", a) for a in meta.authors]
    fields += [("tags", t) for t in meta.tags]
    if meta.publisher is not None:
        fields.append(("publisher", meta.publisher))
    for name, value in fields:
        bad = _BAD_META_CHARS.search(value)
        if bad:
            raise DocumentError(
                source,
                f"{name} {_shown(value)} contains the control character "
                f"U+{ord(bad.group()):04X}; remove it",
            )


def make_document(raw: RawDocument) -> Document:
    """The doc id is a slug of the URL's last segment or the title: readable and stable
    across edits of the text, so a changed essay replaces its old version. Whether that id
    is free is decided at ingest against the store (see `corpus.identity`)."""
    check_metadata(raw.meta, raw.source)
    cleaned = clean_text(raw.text, raw.meta.title)
    if not cleaned.text.strip():
        raise DocumentError(raw.source, "no text left after cleaning (only captions/widgets?)")
    if not any(s.kind in ("paragraph", "quotation") for s in cleaned.spans):
        raise DocumentError(raw.source, "no paragraphs found (only headings or short lines?)")
    key = source_key(raw.meta.url, raw.source)
    return Document(
        doc_id=base_doc_id(raw.meta.title, raw.meta.url, key),
        meta=raw.meta,
        text=cleaned.text,
        content_hash=content_hash(cleaned.text),
        source=raw.source,
        spans=cleaned.spans,
        removed=cleaned.removed,
    )
