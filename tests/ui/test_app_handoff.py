"""One workspace, many clients: CLI commands work while a real `counterpoint serve` holds the
workspace (writes and questions are handed to it; read-only commands open the store read-only),
and the app sees the new document without a restart."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from concurrent_load import ESSAYS
from helpers import cli_env, run_cli
from servers import free_port

# the essay the concurrency suite adds first (one copy of the text for both)
NEW_ESSAY = ESSAYS["distribution.md"]


@pytest.fixture
def served(workspace: Path) -> Iterator[tuple[str, Path]]:
    """`counterpoint serve` in its own process on a free loopback port."""
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "counterpoint.cli",
            "serve",
            "--port",
            str(port),
            "--workspace",
            str(workspace),
        ],
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 240
    try:
        while time.time() < deadline:
            if proc.poll() is not None:
                raise AssertionError(f"serve exited: {proc.stderr.read() if proc.stderr else ''}")
            # up = this server answers ready and has announced itself (server.json): a bare
            # 200 could come from a warming server, or another process on a reused port
            try:
                health = httpx.get(f"{url}/healthz", timeout=2)
                if (
                    health.status_code == 200
                    and health.json().get("ready")
                    and (workspace / "server.json").exists()
                ):
                    break
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.5)
        else:
            raise AssertionError("serve did not start in time")
        yield url, workspace
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.mark.slow
# A real server process plus an ingest and a remove (each rebuilds the links and indexes):
# minutes on a loaded 2-core machine, more than the suite's default 300 s per test.
@pytest.mark.timeout(1200)
def test_cli_beside_running_server(served: tuple[str, Path], tmp_path: Path) -> None:
    url, workspace = served
    info_file = workspace / "server.json"
    # The token is readable by the owner only, and the API refuses requests without it.
    assert stat.S_IMODE(info_file.stat().st_mode) == 0o600
    info = json.loads(info_file.read_text())
    assert info["url"] == url
    assert httpx.post(f"{url}/api/v1/remove", json={"doc_ids": []}).status_code == 401
    before = httpx.get(f"{url}/healthz").json()["documents"]

    essay = tmp_path / "distribution.md"
    essay.write_text(NEW_ESSAY, encoding="utf-8")
    added = run_cli("ingest", str(essay), "--workspace", str(workspace), "--json")
    assert added.returncode == 0, added.stderr
    rows = json.loads(added.stdout)
    assert [r["status"] for r in rows] == ["added"]
    assert "handing this to the running server" in added.stderr
    doc_id = rows[0]["doc_id"]

    # The app sees it at once (no restart) ...
    assert httpx.get(f"{url}/healthz").json()["documents"] == before + 1
    # ... and so do read-only commands run beside the server.
    listed = run_cli("docs", "--workspace", str(workspace), "--json")
    assert listed.returncode == 0, listed.stderr
    texts = {r["doc_id"]: r["text"] for r in json.loads(listed.stdout)}
    assert doc_id in texts
    claims = run_cli("claims", "--doc", doc_id, "--workspace", str(workspace), "--json")
    assert claims.returncode == 0, claims.stderr
    assert all(c["doc_id"] == doc_id for c in json.loads(claims.stdout))
    query = f'SELECT ?d WHERE {{ ?d <http://purl.org/dc/terms/identifier> "{doc_id}" }}'
    sparql = run_cli("sparql", query, "--workspace", str(workspace), "--format", "json")
    assert sparql.returncode == 0, sparql.stderr
    assert json.loads(sparql.stdout)["results"]["bindings"]

    # Questions go to the server (its model is loaded) and can find the new essay.
    asked = run_cli(
        "ask",
        "Why is distribution the durable advantage in AI?",
        "--workspace",
        str(workspace),
        "--json",
    )
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert doc_id in {c["doc_id"] for c in answer["citations"]}
    quote = next(c for c in answer["citations"] if c["doc_id"] == doc_id)
    assert texts[doc_id][quote["start"] : quote["end"]] == quote["quote"]

    # Errors come back as the same one line and exit code as without a server.
    unknown = run_cli("remove", "no-such-doc", "--workspace", str(workspace))
    assert unknown.returncode == 2 and "unknown document id" in unknown.stderr

    removed = run_cli("remove", doc_id, "--workspace", str(workspace), "--json")
    assert removed.returncode == 0, removed.stderr
    assert json.loads(removed.stdout) == [{"doc_id": doc_id, "status": "removed"}]
    assert httpx.get(f"{url}/healthz").json()["documents"] == before
