"""Every document's chunks in one query equal the per-document reads (the corpus view is
built from it: one query per document costs time in proportion to the store, quadratic over
a corpus)."""

from __future__ import annotations

from counterpoint.kg.documents import load_all_chunks, load_chunks
from counterpoint.service import Counterpoint


def test_one_query_equals_one_per_document(service: Counterpoint) -> None:
    doc_ids = [s.doc.doc_id for s in service.stored_documents()]
    assert len(doc_ids) >= 5
    together = load_all_chunks(service.store, doc_ids)
    assert together == {d: load_chunks(service.store, d) for d in doc_ids}
    assert all(together[d] for d in doc_ids)
    # only the documents asked for
    assert list(load_all_chunks(service.store, doc_ids[:2])) == doc_ids[:2]
    assert service.view.chunks_of(doc_ids[0]) == together[doc_ids[0]]
