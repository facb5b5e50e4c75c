"""Serving beyond loopback: a warning, a required login (or an explicit --no-auth), and
/sparql guarded by the bearer token or that login."""

from __future__ import annotations

import base64
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from counterpoint.errors import UsageError
from counterpoint.service import Counterpoint
from counterpoint.ui.exposure import authorized, is_loopback, plan_exposure
from helpers import ROOT


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.1.1", "::1", "[::1]", "localhost"])
def test_loopback_hosts_need_no_login(host: str) -> None:
    assert is_loopback(host)
    plan = plan_exposure(host, None, no_auth=False)
    assert plan.login is None and plan.warning is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.4", "example.org"])
def test_other_hosts_refuse_without_a_login(host: str) -> None:
    assert not is_loopback(host)
    with pytest.raises(UsageError, match="COUNTERPOINT_AUTH") as err:
        plan_exposure(host, None, no_auth=False)
    assert "\n" not in str(err.value) and "--no-auth" in str(err.value)


def test_other_hosts_warn_and_require_the_login() -> None:
    plan = plan_exposure("0.0.0.0", "ann:s3cr:et", no_auth=False)
    assert plan.login == ("ann", "s3cr:et") and plan.guarded
    assert plan.warning is not None and "0.0.0.0" in plan.warning and "\n" not in plan.warning


def test_no_auth_serves_open_with_a_warning() -> None:
    plan = plan_exposure("0.0.0.0", None, no_auth=True)
    assert plan.login is None and plan.warning is not None and "--no-auth" in plan.warning


def test_a_malformed_login_is_refused() -> None:
    with pytest.raises(UsageError, match="user:password"):
        plan_exposure("0.0.0.0", "no-colon", no_auth=False)


def test_authorized_takes_the_token_or_the_basic_login() -> None:
    basic = "Basic " + base64.b64encode(b"ann:pw").decode()
    assert authorized("Bearer tok", "tok", None)
    assert not authorized("Bearer nope", "tok", ("ann", "pw"))
    assert authorized(basic, "tok", ("ann", "pw"))
    assert not authorized(basic, "tok", ("ann", "other"))
    assert not authorized(basic, "tok", None)
    assert not authorized("Basic !!!", "tok", ("ann", "pw"))


def test_cli_serve_refuses_a_public_host_without_a_login(tmp_path: object) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "counterpoint.cli", "serve", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "COUNTERPOINT_AUTH" in lines[0], proc.stderr


def test_guarded_server_wants_credentials(service: Counterpoint) -> None:
    from counterpoint.ui.server import build_server

    plan = plan_exposure("0.0.0.0", "ann:pw", no_auth=False)
    client = TestClient(build_server(service, "tok", None, plan))
    query = {"query": "ASK { ?s ?p ?o }"}
    assert client.get("/sparql", params=query).status_code == 401
    assert client.post("/sparql", data=query).status_code == 401
    assert client.get("/sparql", params=query, headers={"Authorization": "Bearer tok"}).is_success
    assert client.get("/sparql", params=query, auth=("ann", "pw")).is_success
    # Gradio's own login: the app's config is refused until logged in.
    assert client.get("/config").status_code == 401
    assert client.post("/login", data={"username": "ann", "password": "pw"}).is_success
    assert client.get("/config").is_success


def test_loopback_server_stays_open(service: Counterpoint) -> None:
    from counterpoint.ui.server import build_server

    client = TestClient(build_server(service, "tok"))
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).is_success
    assert client.get("/config").is_success


def test_healthz_exposed_answers_without_credentials_but_says_nothing_of_the_corpus(
    service: Counterpoint,
) -> None:
    """A load balancer probes /healthz without credentials: it must get 200, and no more
    than that the server is up (no document count, no workspace); the token or the login
    gets the detailed form."""
    from counterpoint.ui.server import build_server

    plan = plan_exposure("0.0.0.0", "ann:pw", no_auth=False)
    client = TestClient(build_server(service, "tok", None, plan))
    bare = client.get("/healthz")
    assert bare.status_code == 200
    assert bare.json() == {"ok": True, "status": "ready"}
    wrong = client.get("/healthz", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 200 and wrong.json() == bare.json()
    n = len(service.view.stored)
    for creds in ({"headers": {"Authorization": "Bearer tok"}}, {"auth": ("ann", "pw")}):
        detailed = client.get("/healthz", **creds)  # type: ignore[arg-type]
        assert detailed.status_code == 200
        assert detailed.json() == {"ok": True, "status": "ready", "documents": n, "ready": True}
    # Exposed without a login (--no-auth): still the bare form, the token is never printed.
    open_plan = plan_exposure("0.0.0.0", None, no_auth=True)
    assert TestClient(build_server(service, "tok", None, open_plan)).get("/healthz").json() == {
        "ok": True,
        "status": "ready",
    }


@pytest.mark.parametrize("auth", [None, "ann:pw"])
def test_healthz_on_loopback_is_detailed(service: Counterpoint, auth: str | None) -> None:
    from counterpoint.ui.server import build_server

    plan = plan_exposure("127.0.0.1", auth, no_auth=False)
    for app in (build_server(service, "tok", None, plan), build_server(service, "tok")):
        body = TestClient(app).get("/healthz").json()
        assert body == {
            "ok": True,
            "status": "ready",
            "documents": len(service.view.stored),
            "ready": True,
        }
