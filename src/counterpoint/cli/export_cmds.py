"""export: citations, annotations or the graph, to stdout or a file."""

from __future__ import annotations

from pathlib import Path

import click

from counterpoint.cli.common import make_settings, workspace_option
from counterpoint.errors import UsageError
from counterpoint.export.formats import EXPORT_FORMATS


@click.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option("--doc", "doc_id", default=None, help="Only this document.")
@click.option("--claims", "with_claims", is_flag=True, help="Add claims as notes (citations).")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Write to a file.")
@workspace_option
def export(
    fmt: str, doc_id: str | None, with_claims: bool, out: Path | None, workspace: Path | None
) -> None:
    """Export citations (BibTeX, RIS, CSL-JSON), claim annotations (W3C Web Annotation JSON-LD)
    or the knowledge graph (Turtle, JSON-LD, TriG with named graphs)."""
    from counterpoint.export.run import export as run_export
    from counterpoint.kg.namespaces import Iris
    from counterpoint.kg.sparql.readonly import open_read_only

    settings = make_settings(workspace, must_exist=True)
    store = open_read_only(settings)
    try:
        result = run_export(store, Iris(settings.base_iri), fmt, doc_id, with_claims)
    finally:
        store.close()
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if out is None:
        click.echo(result.text, nl=not result.text.endswith("\n"))
        return
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_text(result.text, encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"{out}: cannot write export ({exc.strerror or exc})") from None
