"""ask and serve: putting questions to the corpus."""

from __future__ import annotations

from pathlib import Path

import click

from counterpoint.cli.common import echo_json, json_option, make_settings, workspace_option


@click.command()
@click.argument("question")
@click.option("--k", type=click.IntRange(1, 50), default=None, help="Chunks to retrieve.")
@click.option("--doc", "doc_id", default=None, help="Only search this document.")
@click.option(
    "--export",
    "export_fmt",
    type=click.Choice(["bibtex", "ris", "csl-json"]),
    default=None,
    help="Print the cited documents as BibTeX, RIS or CSL-JSON instead of the answer.",
)
@workspace_option
@json_option
def ask(
    question: str,
    k: int | None,
    doc_id: str | None,
    export_fmt: str | None,
    workspace: Path | None,
    as_json: bool,
) -> None:
    """Ask a question; the answer quotes the corpus with numbered citations."""
    from counterpoint.service import Counterpoint

    service = Counterpoint(make_settings(workspace, must_exist=True))
    try:
        answer = service.ask(question, k=k, doc_id=doc_id)
        publishers = {d: doc.meta.publisher for d, doc in service.view.docs.items()}
    finally:
        service.close()
    if export_fmt is not None:
        from counterpoint.export import export_answer_citations

        text = export_answer_citations(
            answer, export_fmt, {d: p for d, p in publishers.items() if p}
        )
        click.echo(text, nl=not text.endswith("\n"))
        return
    if as_json:
        echo_json(answer.to_json())
        return
    click.echo(answer.answer)
    for c in answer.citations:
        click.echo(
            f"\n[{c.n}] {', '.join(c.authors)}, “{c.title}” ({c.date or 'n.d.'}), "
            f"chars {c.start}-{c.end}{f', {c.url}' if c.url else ''}"
        )


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=7860, show_default=True, type=int)
@workspace_option
def serve(host: str, port: int, workspace: Path | None) -> None:
    """Serve the Gradio app (and the read-only SPARQL endpoint)."""
    from counterpoint.service import Counterpoint
    from counterpoint.ui.server import run_server

    service = Counterpoint(make_settings(workspace))
    try:
        run_server(service, host, port)
    finally:
        service.close()
