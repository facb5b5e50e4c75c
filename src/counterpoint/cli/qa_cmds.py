"""ask and serve: putting questions to the corpus."""

from __future__ import annotations

from pathlib import Path

import click

from counterpoint.cli.common import echo_json, json_option, make_settings, workspace_option
from counterpoint.export.formats import CITATION_FORMATS


@click.command()
@click.argument("question")
@click.option("--k", type=click.IntRange(1, 50), default=None, help="Chunks to retrieve.")
@click.option("--doc", "doc_id", default=None, help="Only search this document.")
@click.option(
    "--model",
    default=None,
    help="litellm model string for this question (default: $COUNTERPOINT_LLM_MODEL; "
    "none = extractive, offline).",
)
@click.option(
    "--export",
    "export_fmt",
    type=click.Choice(CITATION_FORMATS),
    default=None,
    help="Print the cited documents as BibTeX, RIS or CSL-JSON instead of the answer.",
)
@workspace_option
@json_option
def ask(
    question: str,
    k: int | None,
    doc_id: str | None,
    model: str | None,
    export_fmt: str | None,
    workspace: Path | None,
    as_json: bool,
) -> None:
    """Ask a question or push back on a claim; the answer quotes the corpus with [n] citations."""
    from counterpoint.service import Counterpoint

    service = Counterpoint(make_settings(workspace, must_exist=True))
    try:
        answer = service.ask(question, k=k, doc_id=doc_id, model=model)
        from counterpoint.export import publishers

        known_publishers = publishers(service.view.docs)
    finally:
        service.close()
    if answer.notice:
        click.echo(f"notice: {answer.notice}", err=True)
    if export_fmt is not None:
        from counterpoint.export import export_answer_citations

        text = export_answer_citations(answer, export_fmt, known_publishers)
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
@click.option("--doc", "doc_id", default=None, help="Only challenges to this document's claims.")
@workspace_option
@json_option
def challenges(doc_id: str | None, workspace: Path | None, as_json: bool) -> None:
    """List the challenges readers have put to the corpus, newest first."""
    from counterpoint.service import Counterpoint

    service = Counterpoint(make_settings(workspace, must_exist=True))
    try:
        records = service.challenges(doc_id)
    finally:
        service.close()
    if as_json:
        echo_json([r.to_json() for r in records])
        return
    if not records:
        click.echo("No challenges yet: push back on a claim with `counterpoint ask`.")
    for r in records:
        targets = ", ".join(r.target_claims) or "no matching claim"
        click.echo(f"{r.created}  {r.verdict:<10} {r.text}  → {targets}")


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
