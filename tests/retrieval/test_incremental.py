"""Incremental indexes (issue 15): adding essays one at a time, or removing one, leaves every
derived part exactly as one ingest of the final corpus would build it, and after the first
document no full rebuild runs at all.

The embedder here maps each text to a vector by its hash alone. Why not the model: a
transformer's output for a text shifts by ~1e-6 with the other texts padded into its batch,
and ingesting one essay at a time batches claims differently from ingesting three at once, so
near-tied link candidates could flip for a reason that has nothing to do with incremental
updates. A per-text embedder makes "identical" testable (and the test needs no model)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from counterpoint.config import Settings
from counterpoint.retrieval.stand_in import HashEmbedder
from counterpoint.retrieval.vectors import VectorStore
from counterpoint.service import Counterpoint
from helpers import CORPUS

ESSAYS = [
    CORPUS / "open-source-ai-business-models-and-brand-moats.md",
    CORPUS / "in-defence-of-the-brand-moat.md",
    CORPUS / "switching-costs-not-brand-are-the-ai-moat.md",
]
QUESTIONS = ["Why do brands matter to AI labs?", "switching costs lock in customers"]


@pytest.fixture
def embedder() -> HashEmbedder:
    return HashEmbedder(384, "hash-embedder")


def _open(path: Path, embedder: Any) -> Counterpoint:
    return Counterpoint(Settings(workspace=path), embedder=embedder)


def _state(service: Counterpoint) -> dict[str, Any]:
    """Everything derived that search and the argument views read, in comparable form."""
    indexes = service.indexes
    query = service.embedder.embed_batch(QUESTIONS)
    sentences = indexes.sentence_vectors
    claims = sorted(
        (c.id, c.status, tuple(sorted(c.attacks)), tuple(sorted(c.supports)))
        for c in service.claims()
    )
    stance = service.sparql(
        "SELECT ?a ?r ?b WHERE { GRAPH ?g { ?a ?r ?b } "
        'FILTER(STRSTARTS(STR(?r), "http://purl.org/spar/cito/")) } ORDER BY ?a ?r ?b'
    )
    return {
        "chunks": sorted(indexes.index.ids),
        "dense": [[(c, round(s, 5)) for c, s in indexes.index.search(q, 10)] for q in query],
        "lexical": [indexes.lexical.search(q, 10) for q in QUESTIONS],
        "sentences": {
            cid: (
                sentences.of_chunk(cid)[0].tolist(),  # type: ignore[index]
                np.round(sentences.of_chunk(cid)[1], 5).tolist(),  # type: ignore[index]
            )
            for cid in sorted(indexes.view.chunks)
        },
        "claims": claims,
        "stance": [tuple(r.values()) for r in stance.values()],
    }


def test_one_at_a_time_equals_all_at_once_and_remove_equals_never_added(
    tmp_path: Path, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    together = _open(tmp_path / "together", embedder)
    together.ingest([str(p) for p in ESSAYS])
    expected = _state(together)
    together.close()

    stepwise = _open(tmp_path / "stepwise", embedder)
    first, _ = stepwise.ingest([str(ESSAYS[0])])
    ids = [first[0].doc_id]
    stepwise.indexes.sentence_vectors  # noqa: B018 (loaded: the in-memory rows must follow too)
    with monkeypatch.context() as m:
        for name in ("rebuild", "rebuild_lexical"):
            m.setattr(VectorStore, name, _refuse)
        for path in ESSAYS[1:]:
            results, _ = stepwise.ingest([str(path)])
            ids.append(results[0].doc_id)
        assert _state(stepwise) == expected
        stepwise.close()
        reopened = _open(tmp_path / "stepwise", embedder)  # what was saved, read back
        assert _state(reopened) == expected

        reopened.remove([ids[1]])  # the middle one
        after_remove = _state(reopened)
        reopened.close()

    never = _open(tmp_path / "never", embedder)
    never.ingest([str(ESSAYS[0]), str(ESSAYS[2])])
    assert after_remove == _state(never)
    never.close()


def _refuse(*_: Any, **__: Any) -> None:
    raise AssertionError("a full index rebuild ran where an update was expected")


def test_a_rerun_after_an_interrupted_ingest_indexes_what_was_stored(
    tmp_path: Path, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = _open(tmp_path / "ws", embedder)
    service.ingest([str(ESSAYS[0])])
    with monkeypatch.context() as m:  # killed after the graph switched, before the update
        m.setattr(Counterpoint, "update_derived", lambda self, doc_ids, table=None: None)
        results, _ = service.ingest([str(ESSAYS[1])])
    service.close()
    resumed = _open(tmp_path / "ws", embedder)
    with monkeypatch.context() as m:
        for name in ("rebuild", "rebuild_lexical"):
            m.setattr(VectorStore, name, _refuse)
        again, _ = resumed.ingest([str(ESSAYS[0]), str(ESSAYS[1])])
        assert [r.status for r in again] == ["unchanged", "unchanged"]  # nothing redone
        assert set(resumed.indexes.index.ids) == set(resumed.view.chunks)
        assert resumed.vectors.indexed_versions() == resumed.view.versions
    assert results[0].doc_id in resumed.view.docs
    resumed.close()
