"""ingest, docs, remove: getting essays in and out of a workspace."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from counterpoint.cli.common import (
    absolute_sources,
    echo_json,
    json_option,
    make_settings,
    running_server,
    workspace_option,
)
from counterpoint.errors import UsageError


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--date {value!r} is not YYYY-MM-DD") from None


def _check_url(value: str | None) -> str | None:
    """Only http(s) URLs are stored (and so shown as links and exported)."""
    from counterpoint.corpus.ids import is_http_url

    if value is not None and not is_http_url(value):
        raise UsageError(f"--url {value[:100]!r} is not an http(s) URL")
    return value


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--title", help="Title (overrides front matter).")
@click.option("--author", "authors", multiple=True, help="Author; repeat for several.")
@click.option("--date", "date_", help="Publication date, YYYY-MM-DD.")
@click.option("--url", help="Canonical URL of the essay.")
@click.option("--recursive", is_flag=True, help="Ingest the files inside directories.")
@click.option("--allow-network", is_flag=True, help="Allow http(s):// URLs to be fetched.")
@workspace_option
@json_option
def ingest(
    paths: tuple[str, ...],
    title: str | None,
    authors: tuple[str, ...],
    date_: str | None,
    url: str | None,
    recursive: bool,
    allow_network: bool,
    workspace: Path | None,
    as_json: bool,
) -> None:
    """Ingest essays (.md with front matter, .txt, .html, .pdf, http(s) URLs) into the workspace.

    A rich progress bar shows on a terminal, plain stage lines otherwise (stderr);
    `--json` prints one row per document on stdout. While `counterpoint serve` holds the
    workspace, the files are handed to it (and the app shows them at once).
    """
    import contextlib

    from counterpoint.cli.progress import NoProgress, PlainProgress, RichProgress
    from counterpoint.ingest_types import MetadataOverrides, ProgressSink
    from counterpoint.service import Counterpoint

    overrides: MetadataOverrides = {
        "title": title,
        "authors": authors,
        "date": _parse_date(date_),
        "url": _check_url(url),
    }
    settings = make_settings(workspace)
    server = running_server(settings)
    if server is not None:
        reply = server.call(
            "POST",
            "/ingest",
            {
                "paths": absolute_sources(list(paths)),
                "title": title,
                "authors": list(authors),
                "date": date_,
                "url": url,
                "recursive": recursive,
                "allow_network": allow_network,
            },
        )
        _report_ingest(reply["results"], reply["total_s"], as_json)
        return
    service = Counterpoint(settings)
    sink: ProgressSink
    with contextlib.ExitStack() as stack:
        stack.callback(service.close)
        if as_json:
            sink = NoProgress()
        elif sys.stderr.isatty():
            sink = stack.enter_context(RichProgress())
        else:
            sink = PlainProgress()
        results, timings = service.ingest(list(paths), overrides, recursive, sink, allow_network)
        if service.needs_question_model():
            if not as_json:  # with --json, stdout's rows are all a user sees
                click.echo("note: exporting the model to ONNX once, for fast questions", err=True)
            try:
                service.export_question_model()
            except Exception as exc:  # an optional speed-up: never fail the ingest for it
                if not as_json:
                    click.echo(f"note: no ONNX export ({exc}); questions load torch", err=True)
    _report_ingest(
        [r.to_json() for r in results], timings.total_s, as_json, isinstance(sink, RichProgress)
    )


def _report_ingest(
    rows: list[dict], total_s: float, as_json: bool, errors_shown: bool = False
) -> None:
    """One line per document (or the JSON rows); exit 1 when any document failed."""
    if as_json:
        echo_json(rows)
    else:
        for r in rows:
            if r["status"] == "error":
                if not errors_shown:  # a rich bar printed them already
                    click.echo(f"error    {r['error']}", err=True)
            else:
                click.echo(
                    f"{r['status']:<9} {r['doc_id']}  ({r['n_chunks']} chunks)  {r['title']}"
                )
                if r.get("note"):
                    click.echo(f"note      {r['note']}")
        n_err = sum(r["status"] == "error" for r in rows)
        click.echo(f"{len(rows) - n_err} ok, {n_err} failed in {total_s:.1f}s", err=True)
    if any(r["status"] == "error" for r in rows):
        sys.exit(1)


@click.command()
@workspace_option
@json_option
def docs(workspace: Path | None, as_json: bool) -> None:
    """List the ingested documents (read-only: works beside `counterpoint serve`)."""
    from counterpoint.service import Counterpoint
    from counterpoint.ui.rows import document_rows

    service = Counterpoint.read_only(make_settings(workspace, must_exist=True))
    try:
        rows = document_rows(service)
    finally:
        service.close()
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        click.echo(
            f"{r['doc_id']}  {r['date'] or '----------'}  {', '.join(r['authors'])}  "
            f"“{r['title']}”  ({r['n_chunks']} chunks)"
        )


@click.command()
@click.argument("doc_ids", nargs=-1, required=True)
@workspace_option
@json_option
def remove(doc_ids: tuple[str, ...], workspace: Path | None, as_json: bool) -> None:
    """Delete documents and everything derived from them (through `counterpoint serve` when
    it holds the workspace)."""
    from counterpoint.service import Counterpoint

    settings = make_settings(workspace, must_exist=True)
    server = running_server(settings)
    if server is not None:
        removed = server.call("POST", "/remove", {"doc_ids": list(doc_ids)})["removed"]
    else:
        service = Counterpoint(settings)
        try:
            removed = service.remove(list(doc_ids))
        finally:
            service.close()
    if as_json:
        echo_json([{"doc_id": d, "status": "removed"} for d in removed])
    else:
        for d in removed:
            click.echo(f"removed  {d}")
