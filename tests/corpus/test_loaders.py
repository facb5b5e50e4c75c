"""Every format loads into canonical text with metadata; URLs only through our own client."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from counterpoint.corpus.loaders import load_file, load_source
from counterpoint.corpus.loaders.url import load_url
from counterpoint.corpus.models import Document
from counterpoint.corpus.pipeline import make_document
from counterpoint.errors import DocumentError
from helpers import DATA
from pdfgen import make_pdf

FIXTURES = DATA / "corpus_fixtures"

PDF_PAGES = [
    [
        "Distribution Beats Quality",
        "Consumer AI products win on distribution far more often than on raw model",
        "quality, because users rarely compare answers.",
        "A second paragraph on the first page keeps the argument going for a",
        "while and then stops here.",
    ],
    [
        "Mobile as a Precedent",
        "Page two compares the situation with mobile platforms, where the default",
        "app usually wins regardless of quality.",
    ],
    ["The third page concludes that brand follows distribution, not the reverse."],
]


def test_html_main_text_and_metadata() -> None:
    doc = make_document(load_file(FIXTURES / "blog_post.html", 10_000_000))
    assert doc.meta.title == "Switching Costs Are the Real Moat"
    assert doc.meta.authors == ("Dana Whitfield",)
    assert doc.meta.date is not None and doc.meta.date.isoformat() == "2024-03-12"
    assert doc.meta.publisher == "Field Notes"
    assert doc.text.startswith("Brand matters less than most founders think.")
    for junk in ("Home", "Recent Posts", "Why benchmarks lie", "Great post", "All rights"):
        assert junk not in doc.text
    quotes = [doc.text[s.start : s.end] for s in doc.spans if s.kind == "quotation"]
    assert quotes == [
        "The cost of switching models is not the licence fee; it is the regression testing."
    ]
    assert [doc.text[s.start : s.end] for s in doc.spans if s.kind == "heading"] == [
        "Tooling as lock-in"
    ]


def test_malformed_html_still_yields_its_text() -> None:
    doc = make_document(load_file(FIXTURES / "malformed.html", 10_000_000))
    assert doc.meta.title == "Broken markup, real text"
    assert "but earns a fraction of the revenue" in doc.text
    assert len([s for s in doc.spans if s.kind == "paragraph"]) == 3


def test_plain_text_title_from_first_line() -> None:
    doc = make_document(load_file(FIXTURES / "plain_essay.txt", 10_000_000))
    assert doc.meta.title == "Open Weights as a Recruiting Strategy"
    assert doc.text.startswith("Labs release open weights")


def test_pdf_pages_become_page_spans(tmp_path: Path) -> None:
    pdf = tmp_path / "essay.pdf"
    pdf.write_bytes(make_pdf(PDF_PAGES, title="Distribution Essay", author="Ann Example"))
    doc = make_document(load_file(pdf, 10_000_000))
    assert doc.meta.title == "Distribution Essay" and doc.meta.authors == ("Ann Example",)
    assert doc.meta.date is not None and doc.meta.date.isoformat() == "2024-02-15"
    pages = {s.label: doc.text[s.start : s.end] for s in doc.spans if s.kind == "page"}
    assert list(pages) == ["1", "2", "3"]
    assert pages["1"].startswith("Distribution Beats Quality")
    assert "raw model quality, because users" in pages["1"]  # wrapped lines rejoined
    assert pages["2"].startswith("Mobile as a Precedent")
    assert pages["3"].startswith("The third page concludes")
    headings = [doc.text[s.start : s.end] for s in doc.spans if s.kind == "heading"]
    assert headings == ["Distribution Beats Quality", "Mobile as a Precedent"]
    paragraphs = [s for s in doc.spans if s.kind == "paragraph"]
    assert len(paragraphs) == 4


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/essay.html":
            self._send(200, "text/html; charset=utf-8", (FIXTURES / "blog_post.html").read_bytes())
        elif self.path == "/essay.pdf":
            self._send(200, "application/pdf", make_pdf(PDF_PAGES))
        elif self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()  # no Content-Length: the limit must hold while streaming
            for _ in range(64):
                self.wfile.write(b"x" * 65536)
        elif self.path == "/slow":
            time.sleep(2)
            self._send(200, "text/plain", b"too late")
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
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_url_needs_allow_network(server: str) -> None:
    with pytest.raises(DocumentError, match="--allow-network"):
        load_source(f"{server}/essay.html", 10_000_000)


def _fetch(url: str) -> Document:
    """The loopback test server is a private address: allowed explicitly."""
    return make_document(load_source(url, 10_000_000, allow_network=True, allow_private=True))


def test_url_html_and_pdf(server: str) -> None:
    html = _fetch(f"{server}/essay.html")
    assert html.meta.title == "Switching Costs Are the Real Moat"
    assert html.meta.url == f"{server}/essay.html"
    pdf = _fetch(f"{server}/essay.pdf")
    assert [s.label for s in pdf.spans if s.kind == "page"] == ["1", "2", "3"]
    assert pdf.meta.url == f"{server}/essay.pdf"


def test_url_limits(server: str) -> None:
    with pytest.raises(DocumentError, match=r"above the 1\.0 MB limit"):
        load_url(f"{server}/big", 1_000_000, 10.0, allow_private=True)
    with pytest.raises(DocumentError, match="timed out"):
        load_url(f"{server}/slow", 1_000_000, 0.5, allow_private=True)
    with pytest.raises(DocumentError, match="HTTP 404"):
        load_url(f"{server}/missing", 1_000_000, 5.0, allow_private=True)


def test_cli_ingests_a_url_with_allow_network(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from click.testing import CliRunner

    from counterpoint.cli import cli

    url = f"{server}/essay.html"
    ws = str(tmp_path / "ws")
    refused = CliRunner().invoke(cli, ["ingest", url, "--workspace", ws, "--json"])
    assert refused.exit_code == 1
    assert "--allow-network" in json.loads(refused.stdout)[0]["error"]
    monkeypatch.setenv("COUNTERPOINT_FETCH_ALLOW_PRIVATE", "1")  # the server is on loopback
    result = CliRunner().invoke(
        cli, ["ingest", url, "--allow-network", "--workspace", ws, "--json"]
    )
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)[0]
    assert row["status"] == "added" and row["title"] == "Switching Costs Are the Real Moat"
    docs = json.loads(CliRunner().invoke(cli, ["docs", "--json", "--workspace", ws]).stdout)
    assert docs[0]["url"] == url


def test_html_in_its_declared_latin1_charset(tmp_path: Path) -> None:
    page = tmp_path / "latin.html"
    body = "<p>Caf\u00e9 owners know that regulars return for the barista, not the beans. " * 3
    page.write_bytes(
        f'<html><head><meta charset="iso-8859-1"><title>Caf\u00e9s</title></head>'
        f"<body><article>{body}</p></article></body></html>".encode("latin-1")
    )
    doc = make_document(load_file(page, 10_000_000))
    assert doc.meta.title == "Caf\u00e9s"
    assert "Caf\u00e9 owners know" in doc.text
    plain = tmp_path / "latin.txt"
    plain.write_bytes("Caf\u00e9 owners.".encode("latin-1"))
    with pytest.raises(DocumentError, match="not valid UTF-8"):
        load_file(plain, 10_000_000)
