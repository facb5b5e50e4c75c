"""claims, entities, graph: reading the argument graph."""

from __future__ import annotations

from pathlib import Path

import click

from counterpoint.cli.common import echo_json, json_option, make_settings, workspace_option
from counterpoint.errors import UsageError
from counterpoint.kg.argument_map import MAP_FORMATS


def _open(workspace: Path | None):
    """Read-only: these commands work beside `counterpoint serve`, which holds the store."""
    from counterpoint.kg.sparql.readonly import open_read_only

    return open_read_only(make_settings(workspace, must_exist=True))


def _check_doc(store, doc_id: str | None) -> None:
    from counterpoint.kg.documents_read import load_documents

    if doc_id is not None and not load_documents(store, doc_id):
        raise UsageError(f"unknown document id: {doc_id} (see `counterpoint docs`)")


@click.command()
@click.option("--doc", "doc_id", help="Only the claims of this document.")
@click.option("--thesis", is_flag=True, help="Only thesis claims.")
@workspace_option
@json_option
def claims(doc_id: str | None, thesis: bool, workspace: Path | None, as_json: bool) -> None:
    """List claims with status, thesis marks and attack/support links."""
    from counterpoint.kg.claims import load_claims

    store = _open(workspace)
    try:
        _check_doc(store, doc_id)
        records = load_claims(store, doc_id, thesis)
    finally:
        store.close()
    if as_json:
        echo_json([r.to_json() for r in records])
        return
    for r in records:
        mark = "T" if r.is_thesis else " "
        links = f" attacks={len(r.attacks)} supports={len(r.supports)}"
        click.echo(f"{r.id} {mark} {r.status:<9} {r.doc_id}:{r.start}-{r.end}{links}")
        click.echo(f"    {r.text}")


@click.command()
@click.option("--doc", "doc_id", help="Only the entities mentioned in this document.")
@workspace_option
@json_option
def entities(doc_id: str | None, workspace: Path | None, as_json: bool) -> None:
    """List entities (with Wikidata ids where known) and their mentions."""
    from counterpoint.kg.entities_read import load_entities

    store = _open(workspace)
    try:
        _check_doc(store, doc_id)
        found = load_entities(store, doc_id)
    finally:
        store.close()
    if as_json:
        echo_json(found)
        return
    for e in found:
        wd = f" ({e['wikidata']})" if e.get("wikidata") else ""
        click.echo(f"{e['label']}{wd} [{e['type']}]: {len(e['mentions'])} mention(s)")


@click.command()
@click.option("--doc", "doc_id", required=True, help="The document whose argument map to draw.")
@click.option("--format", "fmt", type=click.Choice(MAP_FORMATS), default="svg")
@click.option("--out", type=click.Path(path_type=Path), help="Write here instead of stdout.")
@workspace_option
def graph(doc_id: str, fmt: str, out: Path | None, workspace: Path | None) -> None:
    """Draw a document's argument map (claims, thesis, attack/support edges, status)."""
    from counterpoint.kg.argument_map import argument_map, render
    from counterpoint.kg.claims import load_claims

    store = _open(workspace)
    try:
        _check_doc(store, doc_id)
        everything = load_claims(store)
    finally:
        store.close()
    data = render(argument_map(doc_id, everything), fmt)
    if out is not None:
        out.write_bytes(data)
    elif fmt == "png":
        raise UsageError("--format png is binary: give --out FILE")
    else:
        click.echo(data.decode("utf-8"), nl=False)
