"""The `counterpoint` command. Domain errors become one line on stderr here and nowhere else."""

from __future__ import annotations

from typing import Any

import click

from counterpoint import __version__
from counterpoint.cli import doctor_cmd
from counterpoint.cli.argument_cmds import claims, entities, graph
from counterpoint.cli.corpus_cmds import docs, ingest, remove
from counterpoint.cli.export_cmds import export
from counterpoint.cli.qa_cmds import ask, challenges, purge_challenges, serve
from counterpoint.cli.sparql_cmds import sparql
from counterpoint.errors import CounterpointError


class _Group(click.Group):
    """Turns CounterpointError into `error: …` + exit code, unless --debug asks for the trace."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CounterpointError as exc:
            if ctx.params.get("debug"):
                raise
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="counterpoint")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
def cli(debug: bool) -> None:
    """Counterpoint: argue with a body of writing, with verified citations."""


for command in (ingest, docs, remove, ask, serve, claims, entities, graph, sparql, export):
    cli.add_command(command)
cli.add_command(doctor_cmd.doctor)
cli.add_command(challenges)
cli.add_command(purge_challenges)


def main() -> None:
    cli(prog_name="counterpoint")


if __name__ == "__main__":  # pragma: no cover
    main()
