"""The chat, its cards and sources, settings, the argument map, exports and SPARQL downloads,
through gradio_client against the served app on a loopback port."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from counterpoint.service import Counterpoint
from helpers import SEED_ID
from servers import serve_app

QUESTION = "What does the essay argue about brand moats?"


@pytest.fixture
def url(service: Counterpoint) -> Iterator[str]:
    with serve_app(service) as base:
        yield base + "/"


def _text(message: dict[str, Any]) -> str:
    """A chat message's text (Gradio 6 sends content as a list of typed parts)."""
    content = message["content"]
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content)


def _client(url: str) -> Any:
    from gradio_client import Client

    return Client(url, verbose=False)


@pytest.mark.slow
def test_chat_card_settings_and_chat_export(url: str, service: Counterpoint) -> None:
    reader, other = _client(url), _client(url)
    # A challenge built by the essay view answers as a card: the claim quoted with its
    # essay and author, a verdict badge, the two columns; every [n] links to its source.
    _view, claim, challenge, _ = reader.predict(SEED_ID, api_name="/essay")
    history, sources, box, card = reader.predict(challenge, [], api_name="/chat")
    doc = service.view.docs[SEED_ID]
    assert 'class="cp-card"' in card and "Claim challenged" in card
    assert f"“{html.escape(claim['value'])}”" in card and html.escape(doc.meta.title) in card
    assert "cp-verdict-" in card and "Evidence for" in card and "Evidence against" in card
    message = _text(history[-1])
    assert 'class="cp-card"' in message and "(#cp-src-1)" in message and box == ""
    assert 'id="cp-src-1"' in sources and "<mark>" in sources
    # Settings: the essay filter keeps every citation in that essay; a bad date is one line.
    _, sources, _, _ = reader.predict(QUESTION, [], essay=SEED_ID, api_name="/chat")
    assert sources.count('class="cp-source"') >= 1
    answer = service.ask(QUESTION, doc_id=SEED_ID)
    assert {c.doc_id for c in answer.citations} == {SEED_ID}
    assert all(html.escape(doc.meta.title) in b for b in sources.split("cp-source-head")[1:])
    history, *_ = reader.predict(QUESTION, [], since="last week", api_name="/chat")
    error = _text(history[-1])
    assert error.startswith("⚠️ From date must be a date") and "\n" not in error
    # "Cited in this chat" is this browser session's chat only.
    preview, path, message = reader.predict("__chat__", "bibtex", api_name="/export")
    assert message == "" and f"{{{SEED_ID}," in preview
    assert Path(path).read_text(encoding="utf-8").rstrip("\n") == preview  # gr.Code trims
    preview, path, message = other.predict("__chat__", "bibtex", api_name="/export")
    assert preview == "" and path is None and message.startswith("⚠️ nothing is cited")
    # New chat empties the conversation, the panel, the card and what the chat cited.
    chat, panel, box, card = reader.predict(api_name="/new_chat")
    assert chat == [] and "Ask a question" in panel and card == ""
    _, _, message = reader.predict("__chat__", "ris", api_name="/export")
    assert message.startswith("⚠️ nothing is cited")


@pytest.mark.slow
def test_map_document_export_and_sparql_downloads(url: str, service: Counterpoint) -> None:
    client = _client(url)
    drawing, claim, card = client.predict(SEED_ID, api_name="/argument_map")
    theses = [c for c in service.claims() if c.doc_id == SEED_ID and c.is_thesis]
    assert "<svg" in drawing and "★ THESIS" in drawing and "<script" not in drawing
    assert claim["value"] in {t.id for t in theses}
    assert "★ Thesis" in card and html.escape(theses[0].text)[:30] in card
    other = next(c for c in service.claims() if c.doc_id == SEED_ID and not c.is_thesis)
    card = client.predict(other.id, api_name="/claim_card")
    assert f"“{html.escape(other.text)}”" in card and "★ Thesis" not in card
    everything, _, _ = client.predict("__theses__", api_name="/argument_map")
    assert everything.count("★ THESIS") == len({c.id for c in service.claims() if c.is_thesis})
    # One document as Web Annotations: each target quotes its document exactly.
    preview, path, message = client.predict(SEED_ID, "annotations", api_name="/export")
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    assert message == "" and data["type"] == "AnnotationCollection" and data["total"] > 0
    text = service.view.docs[SEED_ID].text
    for item in data["first"]["items"]:
        selectors = item["target"]["selector"]
        spans = [s for s in selectors if s["type"] == "TextPositionSelector"]
        quotes = [s for s in selectors if s["type"] == "TextQuoteSelector"]
        assert text[spans[0]["start"] : spans[0]["end"]] == quotes[0]["exact"]
    preview, _, _ = client.predict("__all__", "csl-json", api_name="/export")
    assert {i["id"] for i in json.loads(preview)} == set(service.view.docs)
    # SPARQL results download as CSV and JSON with the table's rows.
    from counterpoint.kg.sparql.examples import example_queries

    query = example_queries()["essays"]
    table, message, files = client.predict(query, api_name="/sparql")
    assert message == "" and len(files) == 2
    table = table.get("value", table)  # the Dataframe comes back as an update (new headers)
    by_suffix = {Path(f).suffix: Path(f) for f in files}
    rows = json.loads(by_suffix[".json"].read_text(encoding="utf-8"))
    assert len(rows) == len(table["data"]) > 0
    header = by_suffix[".csv"].read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == table["headers"]
