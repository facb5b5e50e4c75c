"""Rows about the corpus that several front ends show the same way (`docs --json`, the local
API, the Library tab). Plain Python: the CLI imports it without gradio or FastAPI."""

from __future__ import annotations

from typing import Any, Protocol

from counterpoint.kg.documents_read import StoredDocument


class _Corpus(Protocol):
    def stored_documents(self) -> list[StoredDocument]: ...

    def count_claims(self, doc_id: str) -> int: ...


def document_rows(service: _Corpus, with_text: bool = True) -> list[dict[str, Any]]:
    """`counterpoint docs --json` rows (also the Library table's source)."""
    rows = []
    for s in service.stored_documents():
        meta = s.doc.meta
        row: dict[str, Any] = {
            "doc_id": s.doc.doc_id,
            "title": meta.title,
            "authors": list(meta.authors),
            "date": meta.date.isoformat() if meta.date else None,
            "url": meta.url,
            "n_chunks": s.n_chunks,
            "n_claims": service.count_claims(s.doc.doc_id),
        }
        if with_text:
            row["text"] = s.doc.text
        rows.append(row)
    return rows
