"""sparql: run a read-only SPARQL query over the workspace's graph, or a shipped example."""

from __future__ import annotations

from pathlib import Path

import click

from counterpoint.cli.common import make_settings, workspace_option
from counterpoint.errors import UsageError
from counterpoint.kg.sparql.results import FORMATS


def _echo_examples() -> None:
    from counterpoint.kg.sparql.examples import describe, example_queries

    queries = example_queries()
    width = max(map(len, queries), default=0)
    for name, text in queries.items():
        click.echo(f"{name:<{width}}  {describe(text)}")


def _query_text(query: str | None, query_file: Path | None, example: str | None) -> str:
    if sum(x is not None for x in (query, query_file, example)) != 1:
        raise UsageError("give a SPARQL query, --file F.rq or --example NAME (exactly one)")
    if example is not None:
        from counterpoint.kg.sparql.examples import example_query

        return example_query(example)
    if query_file is not None:
        try:
            return query_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{query_file}: cannot read query file ({exc})") from None
    assert query is not None
    return query


@click.command()
@click.argument("query", required=False)
@click.option(
    "--file", "query_file", type=click.Path(path_type=Path), default=None, help="Read a .rq file."
)
@click.option("--example", default=None, help="Run a shipped example query (see --examples).")
@click.option(
    "--examples", "list_examples", is_flag=True, help="List the example queries and exit."
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--timeout", "timeout_s", type=float, default=None, help="Seconds before it stops.")
@click.option("--limit", type=int, default=None, help="Most rows (or triples) returned.")
@workspace_option
def sparql(
    query: str | None,
    query_file: Path | None,
    example: str | None,
    list_examples: bool,
    fmt: str,
    timeout_s: float | None,
    limit: int | None,
    workspace: Path | None,
) -> None:
    """Run a SELECT/ASK/CONSTRUCT/DESCRIBE query; updates, SERVICE and FROM are refused.

    The default graph is the union of all named graphs (documents, links, challenges).
    Results: W3C SPARQL 1.1 JSON/CSV/TSV, a table, or Turtle for CONSTRUCT/DESCRIBE.
    """
    from counterpoint.kg.sparql import serialize
    from counterpoint.service import Counterpoint

    if list_examples:
        _echo_examples()
        return
    text = _query_text(query, query_file, example)
    # Read-only: runs beside `counterpoint serve`, which holds the store for writing.
    service = Counterpoint.read_only(make_settings(workspace, must_exist=True))
    try:
        result = service.sparql(text, timeout_s, limit)
    finally:
        service.close()
    out = serialize(result, fmt)
    click.echo(out, nl=not out.endswith("\n"))
    if result.truncated and fmt != "table":
        click.echo("warning: results truncated at the row limit (see --limit)", err=True)
