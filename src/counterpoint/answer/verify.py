"""The grounding check every quote passes before anyone sees it."""

from __future__ import annotations

from counterpoint.answer.models import Citation
from counterpoint.errors import GroundingError


def verify_quote(text: str, start: int, end: int, quote: str) -> None:
    if not (0 <= start < end <= len(text)) or text[start:end] != quote:
        raise GroundingError(f"quote does not match text[{start}:{end}]: {quote[:60]!r}")


def verified(citations: list[Citation], texts: dict[str, str]) -> list[Citation]:
    """Return the citations only if every one is exactly its document's text at its offsets."""
    for c in citations:
        verify_quote(texts[c.doc_id], c.start, c.end, c.quote)
    return citations
