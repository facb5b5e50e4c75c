"""The Library and Essay tabs through gradio_client against the served app (loopback)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from counterpoint.service import Counterpoint
from helpers import SEED_ID
from servers import serve_app

ESSAY = """---
title: "Distribution Beats Models"
author: Test Author
date: 2024-09-01
---
Distribution Beats Models

The durable advantage in AI is distribution, not the model. A lab that owns the channel to
customers can swap in whichever model is best this quarter.

Some say brand is the moat. But brand follows distribution: people trust what they already use.
"""


@pytest.fixture
def client(service: Counterpoint) -> Iterator[Any]:
    from gradio_client import Client

    with serve_app(service) as url:
        yield Client(url + "/", verbose=False)


@pytest.mark.slow
def test_essay_view_thesis_first_with_challenges(client: Any, service: Counterpoint) -> None:
    api = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    for name in ("/library", "/upload", "/remove_document", "/essay", "/new_chat", "/ready"):
        assert name in api, name
    theses = [c for c in service.claims() if c.doc_id == SEED_ID and c.is_thesis]
    assert theses
    view, claim, challenge, _suggestions = client.predict(SEED_ID, api_name="/essay")
    # Thesis first, quoted verbatim, with the essay's title and each claim's status.
    assert "Open Source AI Business Models" in view
    first_block = view.split("---")[1]
    assert "**Thesis**" in first_block
    assert any(t.text[:40].replace("*", "\\*") in first_block for t in theses)
    assert "standing" in view or "defeated" in view or "undecided" in view
    # The claim picker (an update: new choices and value) starts at a thesis; its challenge
    # quotes it and the chat treats it as one.
    claim = claim["value"]
    assert claim in {t.text for t in theses}
    assert claim.rstrip(".") in challenge
    answer = service.ask(challenge)
    assert answer.verdict is not None and answer.target_claims
    # Suggested challenges for the thesis name it verbatim.
    data = client.predict(SEED_ID, api_name="/essay_json")
    assert data["claims"][0]["is_thesis"]
    suggested = data["suggested_challenges"]
    assert suggested and all(any(t.text.rstrip(".") in s for t in theses) for s in suggested)
    # Attackers are quoted with the other essay's title where the graph links them.
    attacked = {target for c in service.claims() for target in c.attacks}
    if any(c.id in attacked for c in service.claims() if c.doc_id == SEED_ID):
        assert "Attacked by *" in view


@pytest.mark.slow
@pytest.mark.timeout(1200)  # an upload and a remove each rebuild links and indexes
def test_library_upload_and_remove(client: Any, service: Counterpoint, tmp_path: Path) -> None:
    from gradio_client import handle_file

    rows = client.predict(api_name="/library")
    before = {r[-1] for r in rows["data"]}
    assert SEED_ID in before and len(before) == len(service.stored_documents())
    seed_row = next(r for r in rows["data"] if r[-1] == SEED_ID)
    assert seed_row[0] and seed_row[1] == "Michael Dempsey" and seed_row[4] > 0 and seed_row[6]

    good = tmp_path / "distribution.md"
    good.write_text(ESSAY, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    wrong = tmp_path / "tool.exe"
    wrong.write_bytes(b"MZ\x00\x01")
    report, table, _doc, _confirm = client.predict(
        [handle_file(str(good)), handle_file(str(empty)), handle_file(str(wrong))],
        api_name="/upload",
    )
    lines = report.split("\n\n")
    assert any(line.startswith("✅ distribution.md: added") for line in lines), report
    assert any(line.startswith("❌ empty.txt:") for line in lines), report
    assert any(line.startswith("❌ tool.exe: not a supported type") for line in lines), report
    ids = {r[-1] for r in _rows(table)}
    assert ids == before | {"distribution-beats-models"}
    # the question path sees the new essay without a restart
    answer = client.predict("Why is distribution the durable advantage in AI?", api_name="/ask")
    assert "distribution-beats-models" in {c["doc_id"] for c in answer["citations"]}

    refused, *_ = client.predict("distribution-beats-models", False, api_name="/remove_document")
    assert "confirm" in refused
    assert "distribution-beats-models" in {d.doc.doc_id for d in service.stored_documents()}
    removed, table, *_ = client.predict(
        "distribution-beats-models", True, api_name="/remove_document"
    )
    assert removed.startswith("🗑️ Removed") and {r[-1] for r in _rows(table)} == before


def _rows(table: dict[str, Any]) -> list[list[Any]]:
    """A Dataframe output as gradio_client returns it: the value itself, or inside an update
    (`{"__type__": "update", "value": ...}`) when the handler returns `gr.update`."""
    value = table.get("value", table) if table.get("__type__") == "update" else table
    return list(value["data"])
