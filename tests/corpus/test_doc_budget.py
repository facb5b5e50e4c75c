"""The per-document time budget (`max_doc_seconds`, deadline.py): a document over it gets a
one-line error naming the limit and the setting, nothing of it is stored, documents stored
before are untouched and the other documents of the run go on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import counterpoint.deadline as deadline_mod
from counterpoint.config import Settings
from counterpoint.corpus.models import Document
from counterpoint.doctor import diagnose
from counterpoint.journal import JOURNAL_NAME
from counterpoint.kg.extract import entities
from counterpoint.service import Counterpoint
from helpers import SEED, SEED_ID

OTHER = """---
title: Distribution Beats Brand
author: A. Tester
date: 2024-06-01
---
Distribution decides which model labs keep their customers. A lab that ships inside the tools
people already use wins the default, and defaults are rarely changed.

Brand matters less than placement: buyers pick what is already in front of them.
"""


def _assert_one_line_budget_error(error: str | None) -> None:
    assert error is not None and "\n" not in error
    assert "per-document limit" in error
    assert "max_doc_seconds" in error and "COUNTERPOINT_MAX_DOC_SECONDS" in error


def test_a_tiny_budget_stores_nothing_and_names_the_setting(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(workspace=tmp_path / "ws", max_doc_seconds=1e-9)
    service = Counterpoint(settings, embedder=embedder)
    try:
        results, _ = service.ingest([str(SEED)])
        [row] = results
        assert row.status == "error"
        _assert_one_line_budget_error(row.error)
        assert service.stored_documents() == []
        docs = service.vectors.docs_dir
        assert not docs.exists() or not list(docs.iterdir())
        assert not (service.vectors.root / JOURNAL_NAME).exists()
    finally:
        service.close()


def test_a_slow_document_is_abandoned_and_the_others_go_on(
    service: Counterpoint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edited seed takes "1,000 s" in entity tagging (a fake clock: no waiting); the
    budget stays at its default. Its stored version is kept, the new essay is added."""
    before = service.stored_documents(SEED_ID)[0].version
    files_before = sorted(p.name for p in service.vectors.docs_dir.iterdir())
    clock = [0.0]
    monkeypatch.setattr(deadline_mod, "_now", lambda: clock[0])
    real = entities.extract_mentions

    def slow_for_the_seed(doc: Document, *args: Any):  # type: ignore[no-untyped-def]
        if doc.doc_id == SEED_ID:
            clock[0] += 1000.0
        return real(doc, *args)

    monkeypatch.setattr(entities, "extract_mentions", slow_for_the_seed)
    edited = tmp_path / SEED.name
    edited.write_text(SEED.read_text() + "\n\nA new closing paragraph about distribution.\n")
    other = tmp_path / "distribution-beats-brand.md"
    other.write_text(OTHER)

    results, _ = service.ingest([str(edited), str(other)])

    slow, fast = results
    assert slow.status == "error" and slow.source == str(edited)
    _assert_one_line_budget_error(slow.error)
    assert "entity tagging" in (slow.error or "")
    assert fast.status == "added"
    assert service.stored_documents(SEED_ID)[0].version == before  # untouched
    assert fast.doc_id in service.view.docs
    after = sorted(p.name for p in service.vectors.docs_dir.iterdir())
    assert set(files_before) <= set(after)
    assert [n for n in after if n.startswith(SEED_ID)] == [
        n for n in files_before if n.startswith(SEED_ID)
    ]  # no vector file for the abandoned version
    assert not (service.vectors.root / JOURNAL_NAME).exists()
    assert diagnose(service).ok
