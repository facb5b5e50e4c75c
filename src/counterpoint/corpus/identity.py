"""Which stored document an incoming one is, so that no document ever silently replaces another.

A document is known by its source key (its own http(s) URL if it states one, else the file's
absolute path or the fetched URL, see `ids.source_key`). An incoming document updates a stored
one only when it is provably the same essay:

1. the same source key (the same URL, or the same file), or
2. the same file read again after its stated URL changed (same origin), or
3. the same readable id, the same body text and the same metadata (a copy of the essay read
   from somewhere else, e.g. a second checkout of the corpus).

Anything else is a new document. It takes its readable id (a slug of its URL or title) when
that is free, else the slug plus a short hash of its source key, and the result says so. Two
inputs of one run that resolve to the same document are refused rather than letting the second
overwrite the first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from counterpoint.corpus.ids import origin_of, short_hash, source_key, with_hash
from counterpoint.corpus.models import Document, Metadata
from counterpoint.errors import DocumentError


@dataclass(frozen=True)
class KnownDocument:
    """What identity needs to know of one stored document."""

    doc_id: str
    key: str
    origin: str
    body_hash: str
    meta_sig: str = ""


@dataclass(frozen=True)
class Decision:
    """The id an incoming document gets; `replaces` names the stored document it updates."""

    doc_id: str
    replaces: KnownDocument | None = None
    note: str | None = None


class IdentityTable:
    """Stored documents by id, source key and origin, plus what this run has written."""

    def __init__(self, known: Iterable[KnownDocument]) -> None:
        self.by_id: dict[str, KnownDocument] = {}
        self.by_key: dict[str, KnownDocument] = {}
        self.by_origin: dict[str, KnownDocument] = {}
        self.this_run: dict[str, str] = {}  # doc id -> source (as given) written in this run
        for k in sorted(known, key=lambda k: k.doc_id):
            self._index(k)

    def _index(self, known: KnownDocument) -> None:
        self.by_id[known.doc_id] = known
        self.by_key.setdefault(known.key, known)
        self.by_origin.setdefault(known.origin, known)

    def decide(
        self, base_id: str, key: str, origin: str, body_hash: str, meta_sig: str, source: str
    ) -> Decision:
        """The id for an incoming document (see the module docstring for the rules)."""
        same = self.by_key.get(key)
        reason = "URL" if key.startswith(("http://", "https://")) else "file"
        if same is None:
            same = self.by_origin.get(origin)
            reason = "file"
        if same is None:
            twin = self.by_id.get(base_id)
            if twin is not None and twin.body_hash == body_hash and twin.meta_sig == meta_sig:
                same, reason = twin, "title and text"
        if same is not None:
            earlier = self.this_run.get(same.doc_id)
            if earlier is not None and same.origin != origin:
                raise DocumentError(
                    source,
                    f"same document as {earlier} (same {reason}) ingested earlier in this run; "
                    "not replacing it",
                )
            return Decision(same.doc_id, replaces=same)
        doc_id = base_id
        taken = self.by_id.get(doc_id)
        if taken is not None:
            doc_id = with_hash(base_id, key)
            salt = 0
            while doc_id in self.by_id:  # another key with the same 8 hex digits
                salt += 1
                doc_id = with_hash(base_id, f"{key}#{salt}")
            note = f"id '{base_id}' belongs to another source ({taken.key}); stored as '{doc_id}'"
            return Decision(doc_id, note=note)
        return Decision(doc_id)

    def decide_for(self, doc: Document) -> Decision:
        """`decide` for a freshly made document, whose doc_id is still its readable base id."""
        known = known_of(doc)
        return self.decide(
            doc.doc_id, known.key, known.origin, known.body_hash, known.meta_sig, doc.source
        )

    def record(self, known: KnownDocument, source: str) -> None:
        """A document was written in this run: later inputs must not replace it."""
        old = self.by_id.get(known.doc_id)
        if old is not None:
            for index, value in ((self.by_key, old.key), (self.by_origin, old.origin)):
                if index.get(value) is old:
                    del index[value]
        self.by_id[known.doc_id] = known
        self.by_key[known.key] = known
        self.by_origin[known.origin] = known
        self.this_run[known.doc_id] = source


def meta_signature(meta: Metadata) -> str:
    """The metadata fields the graph stores and reads back, as one comparable string."""
    parts = [meta.title, "\x1f".join(meta.authors), str(meta.date or ""), meta.url or ""]
    parts.append(meta.publisher or "")
    return short_hash("\x1e".join(parts), 32)


def known_of(
    doc: Document,
    key: str | None = None,
    origin: str | None = None,
    body_hash: str | None = None,
) -> KnownDocument:
    """Identity facts of a document; a stored one passes what the graph recorded, and a
    document stored before they were recorded gets them derived from its URL and source."""
    return KnownDocument(
        doc_id=doc.doc_id,
        key=key or source_key(doc.meta.url, doc.source),
        origin=origin or origin_of(doc.source),
        body_hash=body_hash or doc.body_hash,
        meta_sig=meta_signature(doc.meta),
    )
