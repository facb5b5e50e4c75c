"""The Library tab: what is in the corpus, adding essays (upload or, when allowed, a URL) and
removing one. Handlers are plain functions of the service, so they are tested without a page.

Uploads go through the same `Counterpoint.ingest` as the CLI (and the local API), one call for
all files: each file gets its own row (a bad file never stops the others), and the derived
indexes are rebuilt once at the end, after which every reader sees the new corpus.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from counterpoint.errors import CounterpointError, UsageError
from counterpoint.ui.ports import AppService
from counterpoint.ui.rows import document_rows

UPLOAD_TYPES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf")
TABLE_HEADERS = ["Title", "Author", "Date", "Source", "Chunks", "Claims", "Thesis", "Id"]


def library_rows(service: AppService) -> list[list[Any]]:
    """One table row per document, the thesis claims joined (a consistent snapshot)."""
    with service.reading():
        docs = document_rows(service, with_text=False)
        theses: dict[str, list[str]] = {}
        for claim in service.claims():
            if claim.is_thesis:
                theses.setdefault(claim.doc_id, []).append(claim.text)
    return [
        [
            d["title"],
            ", ".join(d["authors"]),
            d["date"] or "",
            d["url"] or "",
            d["n_chunks"],
            d["n_claims"],
            " / ".join(theses.get(d["doc_id"], [])),
            d["doc_id"],
        ]
        for d in docs
    ]


def document_choices(service: AppService) -> list[tuple[str, str]]:
    """(label, doc_id) pairs for dropdowns."""
    with service.reading():
        return [
            (f"{s.doc.meta.title} ({s.doc.doc_id})", s.doc.doc_id)
            for s in service.stored_documents()
        ]


def _check_uploads(service: AppService, paths: list[str]) -> tuple[list[str], list[str]]:
    """Files to ingest and one-line refusals (type, size, count) for the others: an upload is
    a handful of essays, so each file past `max_upload_files` is refused on its own line and
    the ones before it still go in."""
    settings = service.settings
    limit_mb = min(settings.max_upload_mb, settings.max_file_mb)
    accepted: list[str] = []
    refused: list[str] = []
    for p in paths:
        path = Path(p)
        if path.suffix.lower() not in UPLOAD_TYPES:
            refused.append(f"❌ {path.name}: not a supported type ({', '.join(UPLOAD_TYPES)})")
        elif path.stat().st_size > limit_mb * 1024 * 1024:
            refused.append(
                f"❌ {path.name}: larger than the {limit_mb:g} MB upload limit "
                "(setting max_upload_mb, COUNTERPOINT_MAX_UPLOAD_MB)"
            )
        elif len(accepted) >= settings.max_upload_files:
            refused.append(
                f"❌ {path.name}: not added, one upload takes at most "
                f"{settings.max_upload_files} files (setting max_upload_files; use "
                "`counterpoint ingest --recursive` for a folder)"
            )
        else:
            accepted.append(p)
    return accepted, refused


class _GradioProgress:
    """Ingest stages as a gr.Progress bar: one step per stage per file."""

    def __init__(self, progress: Any) -> None:
        self._progress = progress
        self._total = 1
        self._done = 0

    def start(self, total: int) -> None:
        from counterpoint.ingest_types import STAGES

        self._total = max(1, total) * len(STAGES)

    def stage(self, source: str, stage: str) -> None:
        name = Path(source).name if source else "all documents"
        self._done += 1
        self._progress(min(self._done / self._total, 1.0), desc=f"{stage}: {name}")

    def done(self, result: Any) -> None:
        pass


def upload(service: AppService, paths: list[str] | None, progress: Any = None) -> str:
    """Ingest uploaded files; a Markdown report, one line per file."""
    paths = [str(p) for p in (paths or [])]
    if not paths:
        return "⚠️ Choose one or more .md, .txt, .html or .pdf files first."
    accepted, lines = _check_uploads(service, paths)
    if accepted:
        sink = _GradioProgress(progress) if progress is not None else None
        try:
            results, _ = service.ingest(accepted, None, False, sink, False)
        except CounterpointError as exc:
            return "\n\n".join([*lines, f"⚠️ {exc}"])
        for r in results:
            name = Path(r.source).name
            if r.status == "error":
                lines.append(f"❌ {name}: {_strip_source(r.error or '', r.source)}")
            else:
                lines.append(
                    f"✅ {name}: {r.status} as “{r.title}” ({r.n_chunks} chunks, "
                    f"{r.n_claims} claims)"
                )
    return "\n\n".join(lines)


def fetch_url(service: AppService, url: str) -> str:
    if not service.settings.allow_network:
        return "⚠️ Fetching URLs is off: set COUNTERPOINT_ALLOW_NETWORK=true to enable it."
    url = (url or "").strip()
    if not url.startswith(("http://", "https://")):
        return "⚠️ Give an http(s):// URL."
    try:
        results, _ = service.ingest([url], None, False, None, True)
    except CounterpointError as exc:
        return f"⚠️ {exc}"
    r = results[0]
    if r.status == "error":
        return f"❌ {url}: {_strip_source(r.error or '', url)}"
    return f"✅ {url}: {r.status} as “{r.title}” ({r.n_chunks} chunks)"


def remove_document(service: AppService, doc_id: str | None, confirmed: bool) -> str:
    if not doc_id:
        return "⚠️ Pick a document to remove."
    if not confirmed:
        return "⚠️ Tick “Yes, remove it” to confirm: this deletes the essay and its claims."
    try:
        service.remove([doc_id])
    except UsageError as exc:
        return f"⚠️ {exc}"
    return f"🗑️ Removed {doc_id}."


def _strip_source(error: str, source: str) -> str:
    """Ingest errors start with the (temporary) path; the report names the file already."""
    return error.split(": ", 1)[1] if error.startswith(source) and ": " in error else error
