"""sparql: run a read-only SPARQL query over the workspace's graph."""

from __future__ import annotations

from pathlib import Path

import click

from counterpoint.cli.common import make_settings, workspace_option
from counterpoint.errors import UsageError
from counterpoint.kg.sparql.results import FORMATS


@click.command()
@click.argument("query", required=False)
@click.option(
    "--file", "query_file", type=click.Path(path_type=Path), default=None, help="Read a .rq file."
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--timeout", "timeout_s", type=float, default=None, help="Seconds before it stops.")
@click.option("--limit", type=int, default=None, help="Most rows (or triples) returned.")
@workspace_option
def sparql(
    query: str | None,
    query_file: Path | None,
    fmt: str,
    timeout_s: float | None,
    limit: int | None,
    workspace: Path | None,
) -> None:
    """Run a SELECT/ASK/CONSTRUCT/DESCRIBE query; updates, SERVICE and FROM are refused.

    The default graph is the union of all named graphs (documents, links, challenges).
    Results: W3C SPARQL 1.1 JSON/CSV/TSV, a table, or Turtle for CONSTRUCT/DESCRIBE.
    """
    from counterpoint.kg.sparql import run_query, serialize
    from counterpoint.kg.sparql.readonly import open_read_only

    if (query is None) == (query_file is None):
        raise UsageError("give a SPARQL query or --file F.rq (exactly one)")
    if query_file is not None:
        try:
            query = query_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{query_file}: cannot read query file ({exc})") from None
    assert query is not None
    settings = make_settings(workspace, must_exist=True)
    store = open_read_only(settings)
    try:
        result = run_query(
            store,
            query,
            timeout_s if timeout_s is not None else settings.sparql_timeout_s,
            limit if limit is not None else settings.sparql_row_limit,
        )
    finally:
        store.close()
    text = serialize(result, fmt)
    click.echo(text, nl=not text.endswith("\n"))
    if result.truncated and fmt != "table":
        click.echo("warning: results truncated at the row limit (see --limit)", err=True)
