"""The essays a links update reads: claims, the sentence before each claim, mean claim vectors.

What an update reads of each essay version (its claims, the sentence before each claim, its
mean claim vector) is kept between updates in the link cache (kg/extract/link_cache.py), so a
change (kg/extract/link_update.py) reads the graph only for the changed essays, and compares
them only with the essays their mean vectors relate them to.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np

from counterpoint.corpus.models import Document
from counterpoint.kg.base import GraphStore
from counterpoint.kg.claims import ClaimRecord, load_essay_claims
from counterpoint.kg.documents_read import StoredDocument, load_documents
from counterpoint.kg.extract import views
from counterpoint.kg.extract.essay_pairs import essay_vectors
from counterpoint.kg.extract.link_cache import LinkCache
from counterpoint.kg.extract.pipeline import sentence_contexts
from counterpoint.kg.extract.text import body_sentences
from counterpoint.kg.namespaces import Iris
from counterpoint.retrieval.base import Embed


def _contexts(doc: Document, records: list[ClaimRecord]) -> dict[str, str]:
    """Claim id -> the sentence before it in its paragraph ('' when none)."""
    return sentence_contexts(body_sentences(doc), ((r.id, r.start) for r in records))


class Essays:
    """The stored essays' claims (with their own links), contexts and mean claim vectors,
    read on demand for the essays an update needs: from the link cache for an unchanged
    essay of the version cached, else from the graph (and then cached)."""

    def __init__(
        self,
        store: GraphStore,
        iris: Iris,
        stored: Mapping[str, StoredDocument],
        touched: set[str],
        cache: LinkCache,
        embed: Embed,
    ) -> None:
        self.store, self.iris, self.stored, self.touched = store, iris, stored, touched
        self.cache, self.embed = cache, embed
        self.by_doc: dict[str, list[ClaimRecord]] = {}  # loaded so far (possibly empty)
        self.contexts: dict[str, str] = {}

    def version(self, doc_id: str) -> str:
        return self.stored[doc_id].version

    def load(self, doc_ids: Collection[str]) -> None:
        """Make sure the claims of these essays are in `by_doc`."""
        wanted = sorted(d for d in doc_ids if d not in self.by_doc and d in self.stored)
        known = {
            d: mine
            for d in wanted
            if d not in self.touched and (mine := self.cache.claims(d, self.version(d))) is not None
        }
        graphs = {d: self.iris.doc_graph(d) for d in wanted}
        got: dict[str, list[ClaimRecord]] = {d: [] for d in wanted}
        for r in load_essay_claims(self.store, graphs, known):
            got[r.doc_id].append(r)
        for d in wanted:
            if d not in known:
                self.cache.put_claims(d, self.version(d), got[d])
        self.by_doc.update(got)

    def records(self, doc_ids: Collection[str]) -> list[ClaimRecord]:
        """The claims of these essays, in (essay, start, end) order, as load_claims gives."""
        self.load(doc_ids)
        return [r for d in sorted(doc_ids) for r in self.by_doc.get(d, [])]

    def vectors(self) -> dict[str, np.ndarray]:
        """Essay -> its mean claim vector (`essay_pairs.essay_vectors`), for every stored essay
        with claims: the cached vector of an unchanged essay, else its claims embedded."""
        versions = {d: s.version for d, s in self.stored.items() if d not in self.touched}
        held = self.cache.vectors(versions)
        missing = [d for d in self.stored if d not in held]
        recs = self.records(missing)
        if recs:
            vecs = np.asarray(self.embed([r.text for r in recs]), dtype=np.float32)
            rows_of: dict[str, list[int]] = {}
            for i, r in enumerate(recs):
                rows_of.setdefault(r.doc_id, []).append(i)
            made = essay_vectors(rows_of, vecs)
        else:
            made = {}
        for d in missing:
            held[d] = made.get(d)
            self.cache.put_vector(d, self.version(d), held[d])
        return {d: v for d, v in held.items() if v is not None}

    def gather_contexts(
        self, doc_ids: Collection[str], fresh: Mapping[str, tuple[str, dict[str, str]]]
    ) -> None:
        """The sentence before each claim of these essays into `contexts`: cached for an
        unchanged essay, taken from ingest (`fresh`) for an essay of the version it made
        them from, else computed from the essay's sentence spans."""
        self.load(doc_ids)
        for d in sorted(doc_ids):
            recs, version = self.by_doc.get(d, []), self.version(d)
            if not recs:
                continue
            got = None if d in self.touched else self.cache.contexts(d, version)
            made = fresh.get(d)
            if got is None and made is not None and made[0] == version:
                got = made[1]
                self.cache.put_contexts(d, version, got)
            if got is None or views.VIEWS_MARK not in got or any(r.id not in got for r in recs):
                doc = load_documents(self.store, d, with_spans=True)[0].doc
                got = _contexts(doc, recs)
                self.cache.put_contexts(d, version, got)
            self.contexts.update(got)
