"""What the floor tests of the independent answer sets (eval_set2.json to eval_set4.json) share:
the check that every quoted label is exact text of its essay file, and the test half of a set
answered offline in a workspace of its own."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from counterpoint.answer.evaluate import (
    EvalSet,
    Evaluation,
    evaluate,
    half_of_id,
    ingest_eval_corpus,
)
from counterpoint.config import Settings
from counterpoint.retrieval.base import Embedder
from counterpoint.service import Counterpoint


def check_salted_split(salt: str, items: list[dict[str, Any]]) -> None:
    """Each item's half is the parity of SHA-256(salt + id), and the documented rule that chose
    the salt holds: each kind has 40-60% of its items in the test half."""
    for item in items:
        odd = int(hashlib.sha256((salt + item["id"]).encode()).hexdigest(), 16) % 2
        assert half_of_id(item["id"], salt) == ("test" if odd else "dev")
    for kind in ("fact", "challenge", "near_miss"):
        ids = [i["id"] for i in items if i["kind"] == kind]
        share = sum(half_of_id(i, salt) == "test" for i in ids) / len(ids)
        assert 0.4 <= share <= 0.6, kind


def check_quotes_are_exact(eval_set: EvalSet, items: list[dict[str, Any]]) -> None:
    """Every gold, evidence and target text is in its essay file exactly once; every essay a
    challenge's sides name exists; every near miss's subject is in its file."""
    essays = {p.name: p.read_text() for folder in eval_set.corpora for p in folder.glob("*.md")}
    for item in items:
        refs = list(item.get("gold", [])) + list(item.get("evidence_for", []))
        refs += list(item.get("evidence_against", [])) + [item[k] for k in ("target",) if k in item]
        for ref in refs:
            assert essays[ref["file"]].count(ref["text"]) == 1, (item["id"], ref["text"])
        for f in item.get("sides", {}):
            assert f in essays
        if item["kind"] == "near_miss":
            assert item["subject"].lower() in essays[item["subject_file"]].lower()


def answered_test_half(eval_set: EvalSet, folder: Path, embedder: Embedder) -> Iterator[Evaluation]:
    """The set's test half answered offline over its essays, ingested into `folder`."""
    service = Counterpoint(Settings(workspace=folder, llm_model=None), embedder=embedder)
    try:
        file_to_doc = ingest_eval_corpus(service, eval_set.corpora)
        yield evaluate(service, file_to_doc, curve=False, halves=("test",), eval_set=eval_set)
    finally:
        service.close()
