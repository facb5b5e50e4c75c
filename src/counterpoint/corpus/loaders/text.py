"""Plain text: strict UTF-8, binary refused (see the package docstring for why)."""

from __future__ import annotations

from counterpoint.corpus.models import Metadata, RawDocument
from counterpoint.errors import DocumentError

# Control characters other than tab, newline, carriage return and form feed (a page break).
_CONTROL = {c for c in range(32) if c not in (9, 10, 12, 13)} | {127}


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 text or a one-line reason why not; never a guess at a legacy encoding."""
    head = data[:8192]
    if b"\x00" in head:
        raise DocumentError(source, "looks like a binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            source,
            f"not valid UTF-8 (byte {exc.start}; Latin-1 or binary?); re-save the file as UTF-8",
        ) from None
    sample = text[:8192]
    if sample and sum(ord(ch) in _CONTROL for ch in sample) / len(sample) > 0.01:
        raise DocumentError(source, "looks like a binary file (control characters), not text")
    if not text.strip():
        raise DocumentError(source, "file is empty (no text to ingest)")
    return text


def title_line(text: str) -> str | None:
    """A plain text's first block, when it is one heading-shaped line, is its title."""
    from counterpoint.corpus.clean import is_heading

    first = text.strip().split("\n\n", 1)[0].strip()
    return first if first and "\n" not in first and is_heading(first) else None


def load_text(data: bytes, source: str, fallback: str) -> RawDocument:
    text = decode_text(data, source)
    return RawDocument(source=source, text=text, meta=Metadata(title_line(text) or fallback))
