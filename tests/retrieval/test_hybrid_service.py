"""Hybrid retrieval in a real workspace: the persisted BM25 index follows the graph, filters
restrict the evidence, and graph expansion follows claim links and shared entities."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from claims_helper import TEST_GRAPH, ClaimSpec, add_claims
from counterpoint.config import Settings
from counterpoint.errors import UsageError
from counterpoint.retrieval.hybrid import SearchTrace
from counterpoint.service import Counterpoint
from helpers import SEED_ID

THESIS = "The brand moats that companies build will likely only increase in importance"
LINKED = "Most of these financing decks claim that model size and data scale paired with RLHF"
NOTE = """---
title: Renting Compute
author: Test Author
date: 2024-05-01
---
Labs that rent compute from hyperscalers pay a margin to the clouds on every training run.
"""


def test_lexical_index_is_persisted_and_follows_document_versions(
    workspace: Path, tmp_path: Path, embedder
) -> None:  # type: ignore[no-untyped-def]
    ws = workspace
    service = Counterpoint(Settings(workspace=ws), embedder=embedder)
    manifest = json.loads((ws / "vectors" / "lexical.manifest.json").read_text())
    before = set(service.view.docs)
    assert SEED_ID in before and set(manifest) == before
    assert "hyperscalers" not in str(service.indexes.lexical.search("hyperscalers", 3))
    note = tmp_path / "note.md"
    note.write_text(NOTE)
    results, _ = service.ingest([str(note)])
    manifest = json.loads((ws / "vectors" / "lexical.manifest.json").read_text())
    assert set(manifest) == before | {results[0].doc_id}
    hits = service.retrieve("hyperscalers", 3, method="lexical")
    assert hits and hits[0].doc.doc_id == results[0].doc_id
    service.close()
    # A damaged lexical index is rebuilt from the graph on the next start.
    shutil.rmtree(ws / "vectors" / "lexical")
    again = Counterpoint(Settings(workspace=ws), embedder=embedder)
    try:
        assert (
            again.retrieve("hyperscalers", 3, method="lexical")[0].doc.doc_id == hits[0].doc.doc_id
        )
        assert (ws / "vectors" / "lexical" / "segments.json").exists()
    finally:
        again.close()


def test_hybrid_returns_k_chunks_with_normalised_scores(service: Counterpoint) -> None:
    trace = SearchTrace()
    ev = service.retrieve("What does the essay argue about brand moats?", 5, trace=trace)
    assert len(ev) == 5
    assert ev[0].score == pytest.approx(1.0)
    assert all(0 < e.score <= 1 for e in ev)
    assert trace.dense and trace.lexical
    for e in ev:
        assert e.doc.text[e.chunk.start : e.chunk.end] == e.chunk.text


def test_filters_by_document_author_and_date(service: Counterpoint) -> None:
    q = "brand moats"
    assert service.retrieve(q, 3, author="Michael Dempsey")
    assert service.retrieve(q, 3, author="michael-dempsey")
    assert service.retrieve(q, 3, author="Nobody Atall") == []
    assert service.retrieve(q, 3, since=dt.date(2023, 1, 1), until=dt.date(2023, 12, 31))
    assert service.retrieve(q, 3, since=dt.date(2030, 1, 1)) == []
    assert service.retrieve(q, 3, until=dt.date(2020, 1, 1)) == []
    assert {e.doc.doc_id for e in service.retrieve(q, 3, SEED_ID)} == {SEED_ID}
    with pytest.raises(UsageError, match="unknown document id"):
        service.retrieve(q, 3, "no-such-doc")
    with pytest.raises(UsageError, match="unknown retrieval method"):
        service.retrieve(q, 3, method="psychic")
    answer = service.ask(q, author="Nobody Atall")
    assert not answer.grounded


def test_graph_expansion_follows_claim_links(service: Counterpoint) -> None:
    offsets = add_claims(
        service,
        [ClaimSpec("cl-t", SEED_ID, THESIS, thesis=True), ClaimSpec("cl-l", SEED_ID, LINKED)],
        attacks=[("cl-l", "cl-t")],
    )
    linked_chunk = service.view.expander.chunk_at(SEED_ID, offsets["cl-l"][0])
    thesis_chunk = service.view.expander.chunk_at(SEED_ID, offsets["cl-t"][0])
    assert linked_chunk and thesis_chunk and linked_chunk != thesis_chunk
    trace = SearchTrace()
    q = "will brand moats increase in importance as capital markets kingmake startups?"
    ev = service.retrieve(q, 8, trace=trace)
    assert trace.dense[0] == thesis_chunk or trace.lexical[0] == thesis_chunk
    assert linked_chunk in trace.linked
    assert linked_chunk in [e.chunk.chunk_id for e in ev]


def test_graph_expansion_follows_shared_entities(service: Counterpoint) -> None:
    view = service.view
    text = view.docs[SEED_ID].text
    doc = service.stored_documents(SEED_ID)[0].doc
    ctx = service.iris.span(SEED_ID, doc.content_hash, 0, len(text))
    names = ("Hugging Face", "Sam Altman")
    lines = [
        f'<{service.iris.doc(SEED_ID)}> <http://purl.org/dc/terms/identifier> "{SEED_ID}" .',
        f"<{ctx}> <http://purl.org/dc/terms/isPartOf> <{service.iris.doc(SEED_ID)}> .",
    ]
    its = "http://www.w3.org/2005/11/its/rdf#"
    nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    chunks_with: dict[str, set[str]] = {}
    for name in names:
        start = -1
        while (start := text.find(name, start + 1)) >= 0:
            m = f"<{service.iris.base}mention/{start}>"
            lines += [
                f"{m} <{its}taIdentRef> <{service.iris.entity(name.lower().replace(' ', '-'))}> .",
                f"{m} <{nif}referenceContext> <{ctx}> .",
                f'{m} <{nif}beginIndex> "{start}"^^<http://www.w3.org/2001/XMLSchema#integer> .',
            ]
            chunks_with.setdefault(name, set()).add(view.expander.chunk_at(SEED_ID, start) or "")
    service.store.replace_graphs({service.iris.base + TEST_GRAPH: "\n".join(lines)})
    hf = sorted(chunks_with["Hugging Face"])
    assert len(hf) >= 2  # the name appears in more than one chunk
    seed = next(c for c in hf if c)
    others = view.expander.entities([seed])
    assert set(hf) - {seed} <= set(others)
