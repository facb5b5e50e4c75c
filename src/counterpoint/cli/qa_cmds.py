"""ask and serve: putting questions to the corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from counterpoint.cli.common import (
    echo_json,
    json_option,
    make_settings,
    running_server,
    workspace_option,
)
from counterpoint.config import Settings
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
    settings = make_settings(workspace, must_exist=True)
    server = running_server(settings)
    if server is not None:
        reply = server.call(
            "POST",
            "/ask",
            {"question": question, "k": k, "doc_id": doc_id, "model": model, "export": export_fmt},
        )
        answer_json, exported = reply["answer"], reply["export"]
    else:
        answer_json, exported = _ask_here(settings, question, k, doc_id, model, export_fmt)
    if answer_json.get("notice"):
        click.echo(f"notice: {answer_json['notice']}", err=True)
    if exported is not None:
        click.echo(exported, nl=not exported.endswith("\n"))
        return
    if as_json:
        echo_json(answer_json)
        return
    click.echo(answer_json["answer"])
    for c in answer_json["citations"]:
        where = f", {c['url']}" if c["url"] else ""
        click.echo(
            f"\n[{c['n']}] {', '.join(c['authors'])}, “{c['title']}” ({c['date'] or 'n.d.'}), "
            f"chars {c['start']}-{c['end']}{where}"
        )


def _ask_here(
    settings: Settings,
    question: str,
    k: int | None,
    doc_id: str | None,
    model: str | None,
    export_fmt: str | None,
) -> tuple[dict[str, Any], str | None]:
    """The answer (its JSON form) and, when asked, its citations exported, in this process."""
    from counterpoint.export import export_answer_citations, publishers
    from counterpoint.service import Counterpoint

    service = Counterpoint(settings)
    service.prefetch_reader()
    try:
        answer = service.ask(question, k=k, doc_id=doc_id, model=model)
        exported = None
        if export_fmt is not None:
            exported = export_answer_citations(answer, export_fmt, publishers(service.view.docs))
    finally:
        service.close()
    return answer.to_json(), exported


@click.command()
@click.option("--doc", "doc_id", default=None, help="Only challenges to this document's claims.")
@workspace_option
@json_option
def challenges(doc_id: str | None, workspace: Path | None, as_json: bool) -> None:
    """List the challenges readers have put to the corpus, newest first (read-only: works
    beside `counterpoint serve`)."""
    from counterpoint.service import Counterpoint

    service = Counterpoint.read_only(make_settings(workspace, must_exist=True))
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
