"""ingest, docs, remove: getting essays in and out of a workspace."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from counterpoint.cli.common import echo_json, json_option, make_settings, workspace_option
from counterpoint.errors import UsageError


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--date {value!r} is not YYYY-MM-DD") from None


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
    `--json` prints one row per document on stdout.
    """
    import contextlib

    from counterpoint.cli.progress import NoProgress, PlainProgress, RichProgress
    from counterpoint.ingest import MetadataOverrides, ProgressSink
    from counterpoint.service import Counterpoint

    overrides: MetadataOverrides = {
        "title": title,
        "authors": authors,
        "date": _parse_date(date_),
        "url": url,
    }
    settings = make_settings(workspace)
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
    if as_json:
        echo_json([r.to_json() for r in results])
    else:
        for r in results:
            if r.status == "error":
                if not isinstance(sink, RichProgress):  # the bar printed it already
                    click.echo(f"error    {r.error}", err=True)
            else:
                click.echo(f"{r.status:<9} {r.doc_id}  ({r.n_chunks} chunks)  {r.title}")
        n_err = sum(r.status == "error" for r in results)
        click.echo(f"{len(results) - n_err} ok, {n_err} failed in {timings.total_s:.1f}s", err=True)
    if any(r.status == "error" for r in results):
        sys.exit(1)


@click.command()
@workspace_option
@json_option
def docs(workspace: Path | None, as_json: bool) -> None:
    """List the ingested documents."""
    from counterpoint.service import Counterpoint

    service = Counterpoint(make_settings(workspace, must_exist=True))
    try:
        rows = [
            {
                "doc_id": s.doc.doc_id,
                "title": s.doc.meta.title,
                "authors": list(s.doc.meta.authors),
                "date": s.doc.meta.date.isoformat() if s.doc.meta.date else None,
                "url": s.doc.meta.url,
                "text": s.doc.text,
                "n_chunks": s.n_chunks,
                "n_claims": service.count_claims(s.doc.doc_id),
            }
            for s in service.stored_documents()
        ]
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
    """Delete documents and everything derived from them."""
    from counterpoint.service import Counterpoint

    service = Counterpoint(make_settings(workspace, must_exist=True))
    try:
        removed = service.remove(list(doc_ids))
    finally:
        service.close()
    if as_json:
        echo_json([{"doc_id": d, "status": "removed"} for d in removed])
    else:
        for d in removed:
            click.echo(f"removed  {d}")
