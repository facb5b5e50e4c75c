"""Which documents a search may draw from: by id, author and publication date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from counterpoint.corpus.ids import slugify
from counterpoint.corpus.models import Document
from counterpoint.errors import UsageError


@dataclass(frozen=True)
class Filters:
    doc_id: str | None = None
    author: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    # Only these documents (answering searches the essays a question names this way).
    within: frozenset[str] | None = None

    def is_empty(self) -> bool:
        return not (self.doc_id or self.author or self.since or self.until or self.within)

    def allowed_docs(self, docs: dict[str, Document]) -> set[str] | None:
        """None when nothing is filtered; an unknown document id is a usage error, while an
        author or date range that matches nothing simply leaves nothing to search."""
        if self.is_empty():
            return None
        if self.doc_id is not None and self.doc_id not in docs:
            raise UsageError(f"unknown document id: {self.doc_id} (see `counterpoint docs`)")
        out = set()
        for doc_id, doc in docs.items():
            if self.doc_id is not None and doc_id != self.doc_id:
                continue
            if self.within is not None and doc_id not in self.within:
                continue
            if self.author and slugify(self.author) not in {slugify(a) for a in doc.meta.authors}:
                continue
            date = doc.meta.date
            if self.since and (date is None or date < self.since):
                continue
            if self.until and (date is None or date > self.until):
                continue
            out.add(doc_id)
        return out
