"""The served app answers through gradio_client on a free loopback port."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import rispy

from counterpoint.service import Counterpoint
from servers import serve_app


@pytest.fixture
def server_url(service: Counterpoint) -> Iterator[str]:
    with serve_app(service) as url:
        yield url


@pytest.mark.slow
def test_app_answers_through_gradio_client(server_url: str, service: Counterpoint) -> None:
    from gradio_client import Client

    client = Client(server_url + "/", verbose=False)
    api: dict[str, Any] = client.view_api(return_format="dict", print_info=False)
    assert "/ask" in api["named_endpoints"] and "/chat" in api["named_endpoints"]
    result = client.predict("What does the essay argue about brand moats?", api_name="/ask")
    assert result["grounded"] is True
    texts = {d: doc.text for d, doc in service.view.docs.items()}
    for c in result["citations"]:
        assert texts[c["doc_id"]][c["start"] : c["end"]] == c["quote"]
    history, sources, box, card = client.predict(
        "What does the essay argue about brand moats?", [], api_name="/chat"
    )
    assert history[-1]["role"] == "assistant" and "(#cp-src-1)" in str(history[-1]["content"])
    # the same question in process gives the same (extractive) answer: its citations say
    # which document each source is, and each source must name that document's own author
    # and mark its exact quote
    citations = service.ask("What does the essay argue about brand moats?").citations
    assert citations and card == ""
    blocks = sources.split('<div class="cp-source" ')[1:]
    assert len(blocks) == len(citations)
    for c, block in zip(citations, blocks, strict=True):
        authors = ", ".join(service.view.docs[c.doc_id].meta.authors)
        assert block.startswith(f'id="cp-src-{c.n}"') and authors in block, (c.n, authors)
        assert f"<mark>{html.escape(c.quote)}</mark>" in block
    assert box == ""
    # "Export these citations" exports exactly the documents the last answer cited.
    path, message = client.predict("ris", api_name="/export_citations")
    records = rispy.loads(Path(path).read_text(encoding="utf-8"))
    cited = {c.doc_id for c in citations}
    assert message == "" and {r["id"] for r in records} == cited
