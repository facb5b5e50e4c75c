"""The app's SPARQL tab and the citation download, through their handlers and the built app."""

from __future__ import annotations

from pathlib import Path

import pytest
import rispy

from claim_graphs import over_workspace
from counterpoint.errors import UsageError
from counterpoint.service import Counterpoint
from counterpoint.ui.sparql_tab import export_citations_file, run_sparql
from helpers import SEED_ID


@pytest.mark.slow
def test_sparql_tab_is_in_the_app_with_examples(service: Counterpoint) -> None:
    import gradio as gr

    from counterpoint.ui.app import build_app
    from counterpoint.ui.sparql_tab import add_citation_export

    app = build_app(service)
    api_names = {getattr(fn, "api_name", None) for fn in app.fns.values()}
    assert "sparql" in api_names
    with gr.Blocks() as extra:
        add_citation_export(service, gr.State())
    assert "export_citations" in {getattr(fn, "api_name", None) for fn in extra.fns.values()}


def test_run_sparql_rows_errors_and_graphs(service: Counterpoint) -> None:
    service.store.replace_graphs(over_workspace(service.store, service.iris))
    headers, rows, message = run_sparql(
        service,
        "PREFIX cp: <https://w3id.org/counterpoint/ns#> "
        "SELECT ?status WHERE { ?c cp:status ?status } ORDER BY ?status",
    )
    assert headers == ["status"] and rows[0] == ["defeated"] and len(rows) == 6
    assert message == ""
    headers, rows, message = run_sparql(service, "DROP ALL")
    assert rows == [] and message.startswith("⚠️") and "read-only" in message
    headers, rows, _ = run_sparql(
        service, "CONSTRUCT WHERE { ?a <http://purl.org/spar/cito/disagreesWith> ?b }"
    )
    assert headers == ["subject", "predicate", "object"] and len(rows) == 2
    assert run_sparql(service, "ASK { ?s ?p ?o }")[1] == [["true"]]


def test_export_citations_file_for_an_answer(service: Counterpoint) -> None:
    answer = service.ask("What does the essay argue about brand moats?", doc_id=SEED_ID)
    assert answer.citations
    path = Path(export_citations_file(service, answer.to_json(), "ris"))
    records = rispy.loads(path.read_text(encoding="utf-8"))
    assert [r["id"] for r in records] == sorted({c.doc_id for c in answer.citations})
    assert records[0]["publisher"] == "michaeldempsey.me"
    assert path.suffix == ".ris"
    with pytest.raises(UsageError, match="no citations"):
        export_citations_file(service, {"citations": []}, "bibtex")
