"""Exports: citations (BibTeX, RIS, CSL-JSON), W3C Web Annotations, and the graph itself."""

from counterpoint.export.citations import (
    CITATION_FORMATS,
    CitedWork,
    export_answer_citations,
    publishers,
    render_citations,
)

__all__ = [
    "CITATION_FORMATS",
    "CitedWork",
    "export_answer_citations",
    "publishers",
    "render_citations",
]
