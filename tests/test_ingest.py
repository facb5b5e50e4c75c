"""Ingest of the bundled corpus: metadata, offsets, SHACL, idempotence, update, remove."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from counterpoint.cli import cli
from counterpoint.kg.documents_read import load_chunks
from counterpoint.kg.validate import graph_of, validate
from counterpoint.service import Counterpoint
from helpers import SEED, SEED_ID


def test_docs_json_shows_seed_metadata(workspace: Path) -> None:
    result = CliRunner().invoke(cli, ["docs", "--json", "--workspace", str(workspace)])
    assert result.exit_code == 0, result.output
    docs = {d["doc_id"]: d for d in json.loads(result.stdout)}
    seed = docs[SEED_ID]
    assert seed["title"] == "Open Source AI Business Models & Brand Moats"
    assert seed["authors"] == ["Michael Dempsey"]
    assert seed["date"] == "2023-10-03"
    assert seed["url"].startswith("https://www.michaeldempsey.me/blog/2023/10/03/")
    assert seed["n_chunks"] > 5
    assert "Typically in open-source software" in seed["text"]
    assert "Recent Comments" not in seed["text"]


def test_every_chunk_round_trips_at_its_offsets(service: Counterpoint) -> None:
    doc = service.view.docs[SEED_ID]
    chunks = load_chunks(service.store, SEED_ID)
    assert chunks
    covered = 0
    for chunk in chunks:
        assert doc.text[chunk.start : chunk.end] == chunk.text
        covered += chunk.end - chunk.start
        assert len(chunk.text.split()) <= 320
    assert covered > 0.9 * len(doc.text.replace("\n\n", ""))


def test_chunk_ids_are_stable_across_workspaces(service: Counterpoint, empty_service) -> None:  # type: ignore[no-untyped-def]
    empty_service.ingest([str(SEED)])
    first = [c.chunk_id for c in load_chunks(service.store, SEED_ID)]
    second = [c.chunk_id for c in load_chunks(empty_service.store, SEED_ID)]
    assert first == second


def test_document_graph_passes_shacl(service: Counterpoint) -> None:
    graph = graph_of(service.store, service.iris.doc_graph(SEED_ID))
    assert len(graph) > 50
    conforms, report = validate(graph)
    assert conforms, report


def test_shacl_catches_a_broken_anchor(service: Counterpoint) -> None:
    """The shapes must be able to fail: an anchor that disagrees with the text is reported."""
    from rdflib import Literal

    from counterpoint.kg.namespaces import NIF

    graph = graph_of(service.store, service.iris.doc_graph(SEED_ID))
    span = next(iter(graph.subjects(NIF.anchorOf, None)))
    graph.set((span, NIF.anchorOf, Literal("not the text")))
    conforms, report = validate(graph)
    assert not conforms
    assert "anchorOf" in report


def test_reingest_is_unchanged_and_does_no_work(service: Counterpoint) -> None:
    before = sorted(p.name for p in service.vectors.docs_dir.iterdir())
    results, timings = service.ingest([str(SEED)])
    assert [r.status for r in results] == ["unchanged"]
    assert timings.embed_s == 0.0
    assert sorted(p.name for p in service.vectors.docs_dir.iterdir()) == before


def test_changed_text_replaces_the_document(service: Counterpoint, tmp_path: Path) -> None:
    edited = tmp_path / "seed.md"
    edited.write_text(SEED.read_text() + "\n\nA new closing paragraph about moats and models.\n")
    old_chunks = {c.chunk_id for c in load_chunks(service.store, SEED_ID)}
    results, _ = service.ingest([str(edited)])
    assert [r.status for r in results] == ["updated"]
    new_chunks = load_chunks(service.store, SEED_ID)
    assert "A new closing paragraph" in service.view.docs[SEED_ID].text
    assert {c.chunk_id for c in new_chunks} != old_chunks
    # only the new version's vectors remain, and the index holds exactly the new chunks
    assert len(list(service.vectors.docs_dir.glob(f"{SEED_ID}.*"))) == 1
    assert set(service.indexes.index.ids) >= {c.chunk_id for c in new_chunks}
    assert not (set(service.indexes.index.ids) & (old_chunks - {c.chunk_id for c in new_chunks}))


def test_remove_deletes_graph_and_vectors(service: Counterpoint) -> None:
    service.remove([SEED_ID])
    assert SEED_ID not in service.view.docs
    assert not list(service.vectors.docs_dir.glob(f"{SEED_ID}.*"))
    # the other bundled essays stay; every indexed chunk belongs to a document still stored
    assert service.indexes.index.ids and SEED_ID not in service.view.docs
    assert all(service.view.doc_of(cid) in service.view.docs for cid in service.indexes.index.ids)


def test_a_changed_extractor_re_extracts_an_unchanged_file(
    service: Counterpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Claims made by rules that changed are not kept beside new ones: the next ingest of the
    same file re-extracts it, and the stored claims name the new extractor version."""
    from counterpoint.kg.claims import load_claims
    from counterpoint.kg.extract import claims as claims_mod

    before = {c.provenance for c in load_claims(service.store, SEED_ID)}
    assert before == {f"{claims_mod.EXTRACTOR_NAME} {claims_mod.EXTRACTOR_VERSION}"}
    monkeypatch.setattr(claims_mod, "EXTRACTOR_VERSION", claims_mod.EXTRACTOR_VERSION + ".1")
    results, _ = service.ingest([str(SEED)])
    assert [r.status for r in results] == ["updated"]
    after = {c.provenance for c in load_claims(service.store, SEED_ID)}
    assert after == {f"{claims_mod.EXTRACTOR_NAME} {claims_mod.EXTRACTOR_VERSION}"}
    results, _ = service.ingest([str(SEED)])
    assert [r.status for r in results] == ["unchanged"]


def test_a_re_extraction_reuses_the_stored_vectors(
    service: Counterpoint, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rule change re-extracts an essay but changes nothing its vectors are made from:
    its chunk and sentence vectors are carried over to the new version, not embedded again."""
    import numpy as np

    from counterpoint.kg.extract import claims as claims_mod

    service.ask("What is a brand moat?")  # the index stage writes the sentence vectors
    [old_file] = service.vectors.docs_dir.glob(f"{SEED_ID}.*")
    [old_sentences] = service.vectors.sentences_dir.glob(f"{SEED_ID}.*")
    old = dict(np.load(old_file))
    old_sentence_bytes = old_sentences.read_bytes()  # the old version's files are pruned
    chunk_texts = {c.text for c in load_chunks(service.store, SEED_ID)}
    embedded: list[str] = []
    real = embedder.embed_batch

    def recording(texts: list[str]) -> Any:
        embedded.extend(texts)
        return real(texts)

    monkeypatch.setattr(embedder, "embed_batch", recording)
    monkeypatch.setattr(claims_mod, "EXTRACTOR_VERSION", claims_mod.EXTRACTOR_VERSION + ".1")
    results, _ = service.ingest([str(SEED)])
    assert [r.status for r in results] == ["updated"]
    service.ask("What is a brand moat?")
    [new_file] = service.vectors.docs_dir.glob(f"{SEED_ID}.*")
    [new_sentences] = service.vectors.sentences_dir.glob(f"{SEED_ID}.*")
    assert new_file != old_file and new_sentences != old_sentences
    new = np.load(new_file)
    assert list(new["ids"]) == list(old["ids"])
    assert np.array_equal(new["vectors"], old["vectors"])
    assert new_sentences.read_bytes() == old_sentence_bytes
    assert not chunk_texts & set(embedded)
    assert len(embedded) < len(chunk_texts)  # at most a few new claim texts


def test_changed_extraction_settings_or_llm_model_re_extract(
    service: Counterpoint, workspace: Path
) -> None:
    """What a user sets decides the claims as much as what a release ships: a changed claim
    threshold re-extracts a stored essay at the next ingest (and then it is unchanged), and
    configuring an LLM extractor changes every document's version (no model is called here:
    only the version string is compared)."""
    from counterpoint.config import ClaimSettings, ExtractSettings, Settings
    from counterpoint.kg.claims import load_claims
    from counterpoint.kg.extract.versions import derived_versions

    before = len(load_claims(service.store, SEED_ID))
    service.settings = Settings(
        workspace=workspace, extract=ExtractSettings(claims=ClaimSettings(threshold=1.5))
    )
    results, _ = service.ingest([str(SEED)])
    assert [r.status for r in results] == ["updated"]
    assert len(load_claims(service.store, SEED_ID)) < before
    results, _ = service.ingest([str(SEED)])
    assert [r.status for r in results] == ["unchanged"]
    offline = Settings(workspace=workspace)
    assert derived_versions(offline) == derived_versions(Settings(workspace=workspace))
    assert derived_versions(offline) != derived_versions(
        Settings(workspace=workspace, llm_model="openai/some-model")
    )
