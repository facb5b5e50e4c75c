"""doctor: check (and with --repair rebuild) the data derived from the graph."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from counterpoint.cli.common import echo_json, json_option, make_settings, workspace_option


@click.command()
@click.option(
    "--repair",
    is_flag=True,
    help="Rebuild vectors, indexes, the links graph (asking a configured LLM link judge) "
    "and leftovers from the graph.",
)
@workspace_option
@json_option
def doctor(repair: bool, workspace: Path | None, as_json: bool) -> None:
    """Check that graph, vector files, search index and chunk ids agree (exit 1 if not)."""
    from counterpoint.doctor import diagnose
    from counterpoint.service import Counterpoint

    service = Counterpoint(make_settings(workspace, must_exist=True))
    try:
        report = diagnose(service, repair=repair)
    finally:
        service.close()
    if as_json:
        echo_json(report.to_json())
    else:
        for name in report.repaired:
            click.echo(f"repaired {name}", err=True)
        for p in report.problems:
            click.echo(f"{p.severity:<8} {p.check}: {p.message}", err=True)
        click.echo("ok" if report.ok else "problems found; try `counterpoint doctor --repair`")
    if not report.ok:
        sys.exit(1)
