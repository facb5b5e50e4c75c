"""The app's SPARQL tab, and the "export these citations" download the chat can offer.

Both are built inside an open `gr.Blocks` context by the app factory; the handlers are plain
functions (tested without a browser) wrapped by Gradio components here.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counterpoint.errors import CounterpointError
from counterpoint.export.formats import CITATION_FORMATS, CITATION_SUFFIXES
from counterpoint.ui.ports import AppService

if TYPE_CHECKING:
    import gradio as gr


def run_sparql(service: AppService, query: str) -> tuple[list[str], list[list[str]], str]:
    """(headers, rows, error line) for a user query; errors are one line, never a traceback."""
    try:
        result = service.sparql(query)
    except CounterpointError as exc:
        return [], [], f"⚠️ {exc}"
    limit = service.settings.sparql_row_limit
    note = f"Results truncated at {limit} rows." if result.truncated else ""
    if result.kind == "ask":
        return ["answer"], [[str(bool(result.boolean)).lower()]], note
    if result.kind == "graph":
        import pyoxigraph as ox

        triples = ox.parse(result.ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        rows = [[str(t.subject), str(t.predicate), str(t.object)] for t in triples]
        return ["subject", "predicate", "object"], rows, note
    values = result.values()
    return result.vars, [[row[v] or "" for v in result.vars] for row in values], note


def result_files(headers: list[str], rows: list[list[str]]) -> list[str]:
    """The results table as CSV and as JSON (a list of {variable: value} rows), for download."""
    import csv
    import json

    folder = Path(tempfile.mkdtemp(prefix="counterpoint-sparql-"))
    with (folder / "results.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows(rows)
    records = [dict(zip(headers, row, strict=False)) for row in rows]
    (folder / "results.json").write_text(
        json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return [str(folder / "results.csv"), str(folder / "results.json")]


def export_citations_file(service: AppService, answer_json: dict[str, Any] | None, fmt: str) -> str:
    """Write the cited documents of an answer (its `to_json()` form) to a temp file for a
    gr.File download; returns the path."""
    from counterpoint.answer.models import Answer, Citation
    from counterpoint.errors import UsageError
    from counterpoint.export import export_answer_citations, publishers

    if not answer_json or not answer_json.get("citations"):
        raise UsageError("there are no citations to export yet: ask a question first")
    citations = [
        Citation(**{**c, "authors": tuple(c.get("authors", ()))}) for c in answer_json["citations"]
    ]
    answer = Answer(
        question=answer_json.get("question", ""),
        answer=answer_json.get("answer", ""),
        grounded=bool(answer_json.get("grounded")),
        citations=citations,
    )
    text = export_answer_citations(answer, fmt, publishers(service.view.docs))
    folder = Path(tempfile.mkdtemp(prefix="counterpoint-citations-"))
    path = folder / f"citations{CITATION_SUFFIXES.get(fmt, '.txt')}"
    path.write_text(text, encoding="utf-8")
    return str(path)


def add_citation_export(service: AppService, answer_state: gr.State) -> None:
    """Format choice + button + file download for the answer held in `answer_state`
    (a gr.State holding `Answer.to_json()`). Call inside the chat's layout."""
    import gradio as gr

    def download(answer_json: dict[str, Any] | None, fmt: str) -> tuple[Any, str]:
        try:
            return export_citations_file(service, answer_json, fmt), ""
        except CounterpointError as exc:
            return None, f"⚠️ {exc}"

    with gr.Row():
        fmt = gr.Dropdown(list(CITATION_FORMATS), value="bibtex", label="Citation format")
        button = gr.Button("Export these citations")
    file = gr.File(label="Citations", interactive=False)
    message = gr.Markdown()
    button.click(download, [answer_state, fmt], [file, message], api_name="export_citations")


def build_sparql_tab(service: AppService) -> None:
    """A "SPARQL" tab: example queries, a query box, a results table and one-line errors."""
    import gradio as gr

    from counterpoint.kg.sparql.examples import describe, example_queries

    examples = example_queries()
    choices = [(f"{name}: {describe(text)}", name) for name, text in examples.items()]
    # "essays" lists the corpus: a first query that shows rows on any workspace.
    first = "essays" if "essays" in examples else next(iter(examples), "")

    def pick(name: str) -> str:
        return examples.get(name, "")

    def run(query: str) -> tuple[Any, str, Any]:
        headers, rows, message = run_sparql(service, query)
        files = result_files(headers, rows) if headers else None
        return gr.Dataframe(value=rows, headers=headers or ["(no results)"]), message, files

    with gr.Tab("SPARQL"):
        gr.Markdown(
            "Read-only SPARQL over the whole graph (the default graph is the union of all "
            "named graphs). Updates, SERVICE and FROM are refused. Also served at `/sparql`."
        )
        example = gr.Dropdown(choices, value=first or None, label="Example queries")
        box = gr.Code(value=examples.get(first, ""), language="sql", label="Query", lines=12)
        button = gr.Button("Run query", variant="primary", elem_id="cp-sparql-run")
        message = gr.Markdown()
        table = gr.Dataframe(label="Results", wrap=True, elem_id="cp-sparql-table")
        files = gr.File(label="Download (CSV, JSON)", file_count="multiple", interactive=False)
        example.change(pick, example, box)
        button.click(run, box, [table, message, files], api_name="sparql")
