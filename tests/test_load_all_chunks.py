"""Every document's chunks in one pass equal the per-document reads, their texts (sliced from
the document's text) the stored anchors, their sections included (the corpus view is built
from it: one query per document costs time in proportion to the store, quadratic over a
corpus)."""

from __future__ import annotations

from counterpoint.kg.documents_read import load_all_chunks, load_chunks
from counterpoint.service import Counterpoint


def test_one_query_equals_one_per_document(service: Counterpoint) -> None:
    docs = {s.doc.doc_id: s.doc for s in service.stored_documents()}
    doc_ids = list(docs)
    assert len(doc_ids) >= 5
    together = load_all_chunks(service.store, docs)
    assert together == {d: load_chunks(service.store, d) for d in doc_ids}
    assert all(together[d] for d in doc_ids)
    assert any(c.section for d in doc_ids for c in together[d]), "needs chunks with a section"
    # only the documents asked for
    first = {d: docs[d] for d in doc_ids[:2]}
    assert list(load_all_chunks(service.store, first)) == doc_ids[:2]
    assert service.view.chunks_of(doc_ids[0]) == together[doc_ids[0]]
