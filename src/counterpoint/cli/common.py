"""Options and helpers every command shares."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from counterpoint.config import Settings
from counterpoint.errors import UsageError

F = TypeVar("F", bound=Callable[..., Any])


def workspace_option(func: F) -> F:
    return click.option(
        "--workspace",
        type=click.Path(path_type=Path),
        default=None,
        help="Workspace folder (default: $COUNTERPOINT_WORKSPACE, else the platform data dir).",
    )(func)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON to stdout.")(func)


def make_settings(workspace: Path | None, must_exist: bool = False) -> Settings:
    """Settings from env vars, with --workspace on top. Read-only commands need an existing
    workspace: a typo must not silently show an empty corpus."""
    settings = Settings(workspace=workspace) if workspace is not None else Settings()
    ws = settings.workspace
    if ws.exists() and not ws.is_dir():
        raise UsageError(f"{ws}: workspace path exists and is not a directory")
    if must_exist and not (ws / "graph").exists() and settings.store == "oxigraph":
        raise UsageError(
            f"{ws}: no workspace here; run `counterpoint ingest` first or fix --workspace"
        )
    return settings


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def running_server(settings: Settings) -> Any:
    """The `counterpoint serve` holding this workspace (a `RunningServer`), or None. Commands
    that write or need the model hand their work to it; see `ui/handoff.py`."""
    if settings.store != "oxigraph":
        return None  # a remote store has no single-writer lock to share
    from counterpoint.ui.handoff import find_server

    server = find_server(settings.workspace)
    if server is not None:
        click.echo(f"note: handing this to the running server at {server.info.url}", err=True)
    return server


def absolute_sources(paths: list[str]) -> list[str]:
    """Local paths made absolute (the server has its own working directory); URLs kept."""
    out = []
    for p in paths:
        if p.startswith(("http://", "https://")):
            out.append(p)
        else:
            out.append(str(Path(p).expanduser().resolve()))
    return out
