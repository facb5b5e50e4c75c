"""Stable identifiers. Derived from content and offsets, never from row numbers, so the same
input always yields the same ids and IRIs (re-ingest is a no-op, links survive rebuilds)."""

from __future__ import annotations

import hashlib
import re
import unicodedata


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def slugify(value: str, max_len: int = 64) -> str:
    """ASCII, lowercase, hyphenated; safe inside IRIs, file names and CLI arguments."""
    norm = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", norm.lower()).strip("-")
    slug = slug[:max_len].rstrip("-")
    return slug or "document"


def span_id(doc_id: str, text_hash: str, start: int, end: int, kind: str = "chunk") -> str:
    digest = hashlib.sha256(f"{doc_id}|{text_hash}|{kind}|{start}|{end}".encode()).hexdigest()
    return f"{kind[:2]}-{digest[:16]}"
