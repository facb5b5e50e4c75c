"""How CLI commands find a `counterpoint serve` that holds their workspace.

The embedded graph store allows one writer per workspace, and the server is it. So the server
writes `server.json` into the workspace (its loopback URL, a random token and its pid; mode
0600, so only the user who runs it can read the token) and removes it on exit. A CLI command
that changes the corpus or needs the loaded model (`ingest`, `remove`, `ask`) reads that
file, checks that the server answers with the same token, and sends the command to the
server's local API (`/api/v1/…`, see `ui/local_api.py`) instead of opening the store.
Read-only commands (`docs`, `claims`, `sparql`, …) open the store read-only instead.

No gradio or FastAPI import here: the CLI loads this module on every such command.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counterpoint.errors import CounterpointError, DocumentError, StoreError, UsageError

SERVER_FILE = "server.json"
API_PREFIX = "/api/v1"
# Long enough for an ingest of many files on a loaded machine; the server does the work.
REQUEST_TIMEOUT_S = 3600.0


@dataclass(frozen=True)
class ServerInfo:
    url: str
    token: str
    pid: int


def new_token() -> str:
    return secrets.token_urlsafe(32)


def loopback_url(host: str, port: int) -> str:
    """The URL a local CLI should use: a wildcard bind is reached on 127.0.0.1."""
    if host in ("", "0.0.0.0", "::", "[::]"):
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def write_server_file(workspace: Path, info: ServerInfo) -> Path:
    """Written atomically and readable only by the owner (it holds the token)."""
    workspace.mkdir(parents=True, exist_ok=True)
    path = workspace / SERVER_FILE
    tmp = workspace / f".{SERVER_FILE}.{os.getpid()}.part"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"url": info.url, "token": info.token, "pid": info.pid}, f)
    tmp.replace(path)
    return path


def remove_server_file(workspace: Path, token: str) -> None:
    """Only our own file: a second server on the workspace must not lose its hand-off."""
    info = read_server_file(workspace)
    if info is not None and info.token == token:
        (workspace / SERVER_FILE).unlink(missing_ok=True)


def read_server_file(workspace: Path) -> ServerInfo | None:
    try:
        data = json.loads((workspace / SERVER_FILE).read_text(encoding="utf-8"))
        return ServerInfo(str(data["url"]), str(data["token"]), int(data["pid"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class RunningServer:
    """A live server holding the workspace, spoken to over its local API."""

    def __init__(self, info: ServerInfo) -> None:
        self.info = info

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.info.token}"}

    def call(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
        """One request; the server's one-line error becomes the same CounterpointError
        subclass (so exit codes match the local command)."""
        import httpx

        try:
            response = httpx.request(
                method,
                f"{self.info.url}{API_PREFIX}{path}",
                json=payload,
                headers=self._headers(),
                timeout=REQUEST_TIMEOUT_S,
                trust_env=False,  # loopback: never through a proxy
            )
        except httpx.HTTPError as exc:
            raise StoreError(
                f"the running server at {self.info.url} did not answer ({exc})"
            ) from None
        if response.status_code == 200:
            return response.json()
        try:
            message = str(response.json()["error"])
        except (ValueError, KeyError, TypeError):
            message = response.text.strip() or f"HTTP {response.status_code}"
        kind = {400: UsageError, 422: DocumentError, 503: StoreError}.get(
            response.status_code, CounterpointError
        )
        raise kind(message)


def find_server(workspace: Path) -> RunningServer | None:
    """The server holding this workspace, if one runs and answers with the token it wrote;
    None when there is no server file, its process is gone, or it does not answer."""
    info = read_server_file(workspace)
    if info is None or not _pid_alive(info.pid):
        return None
    import httpx

    try:
        response = httpx.get(
            f"{info.url}{API_PREFIX}/health",
            headers={"Authorization": f"Bearer {info.token}"},
            timeout=20.0,  # a loaded machine may be slow; the route itself is trivial
            trust_env=False,
        )
    except httpx.HTTPError:
        return None
    if response.status_code != 200:
        return None
    return RunningServer(info)
