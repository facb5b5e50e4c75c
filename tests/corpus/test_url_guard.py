"""URL fetching never reaches loopback or private addresses unless that is explicitly allowed,
redirects included (a real HTTP server on loopback plays both the target and the redirector)."""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from counterpoint.corpus.loaders import load_source
from counterpoint.corpus.loaders import url as url_loader
from counterpoint.errors import DocumentError

PAGE = (
    b"<html><head><title>Local page</title></head><body><article>"
    + (
        b"<p>A page served on loopback that a default fetch must never read, however it is "
        b"reached, because it stands for an admin console or a metadata endpoint.</p>" * 3
    )
    + b"</article></body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    hits: list[str] = []  # noqa: RUF012 (shared on purpose: the test reads what was served)

    def do_GET(self) -> None:
        _Handler.hits.append(self.path)
        if self.path == "/page.html":
            self._send(200, "text/html; charset=utf-8", PAGE)
        elif self.path.startswith("/to/"):
            self.send_response(302)
            self.send_header("Location", "http://" + self.path[len("/to/") :])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(301)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/js":
            self.send_response(302)
            self.send_header("Location", "javascript:alert(1)")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send(404, "text/plain", b"nope")

    def _send(self, code: int, ctype: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _load(url: str, allow_private: bool = False):  # type: ignore[no-untyped-def]
    return load_source(url, 1_000_000, allow_network=True, timeout_s=5, allow_private=allow_private)


def test_loopback_is_refused_by_default_and_nothing_is_requested(server: str) -> None:
    _Handler.hits.clear()
    with pytest.raises(DocumentError) as err:
        _load(f"http://{server}/page.html")
    message = str(err.value)
    assert "loopback address 127.0.0.1" in message
    assert "COUNTERPOINT_FETCH_ALLOW_PRIVATE=1" in message and "\n" not in message
    assert _Handler.hits == []  # refused before connecting, not after


def test_loopback_is_fetched_when_explicitly_allowed(server: str) -> None:
    raw = _load(f"http://{server}/page.html", allow_private=True)
    assert raw.meta.title == "Local page"
    assert "admin console" in raw.text


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "[::1]",
        "0.0.0.0",
        "10.0.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "[::ffff:127.0.0.1]",
    ],
)
def test_private_and_special_addresses_are_refused(host: str) -> None:
    with pytest.raises(DocumentError, match="refusing to fetch from"):
        _load(f"http://{host}/latest/meta-data/")


def test_every_address_class_has_a_reason() -> None:
    reasons = {
        ip: url_loader.blocked_reason(ipaddress.ip_address(ip))
        for ip in ("127.0.0.1", "10.1.2.3", "172.16.0.1", "169.254.1.1", "fe80::1", "224.0.0.1")
    }
    assert reasons == {
        "127.0.0.1": "loopback",
        "10.1.2.3": "private",
        "172.16.0.1": "private",
        "169.254.1.1": "link-local",
        "fe80::1": "link-local",
        "224.0.0.1": "multicast",
    }
    assert url_loader.blocked_reason(ipaddress.ip_address("93.184.216.34")) is None


def test_a_redirect_to_a_private_address_is_refused(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Treat the test server's own address as public, so the first hop is fetched; its
    redirect to another loopback address must then be checked and refused."""
    real = url_loader.blocked_reason
    first = ipaddress.ip_address("127.0.0.1")
    monkeypatch.setattr(url_loader, "blocked_reason", lambda ip: None if ip == first else real(ip))
    _Handler.hits.clear()
    port = server.rsplit(":", 1)[1]
    with pytest.raises(DocumentError) as err:
        _load(f"http://{server}/to/127.0.0.2:{port}/page.html")
    assert "loopback address 127.0.0.2" in str(err.value)
    assert "redirected to http://127.0.0.2" in str(err.value)
    assert _Handler.hits == [f"/to/127.0.0.2:{port}/page.html"]
    # and with private hosts allowed the same chain is followed to its end
    allowed = _load(f"http://{server}/to/{server}/page.html", allow_private=True)
    assert allowed.meta.title == "Local page"


def test_redirect_loops_and_non_http_redirects_stop_cleanly(server: str) -> None:
    with pytest.raises(DocumentError, match="more than 5 redirects"):
        _load(f"http://{server}/loop", allow_private=True)
    with pytest.raises(DocumentError, match="non-http"):
        _load(f"http://{server}/js", allow_private=True)
