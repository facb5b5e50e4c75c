"""No document silently replaces another: sources that used to collide on one id (non-Latin
titles, URLs ending in index.html, equal titles) all survive, and "updated" only ever means the
same source came back. Through the real CLI and a real workspace."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from counterpoint.cli import cli

BODY = (
    "Open models change the economics of the labs that release them, {n}. Distribution "
    "rewards whoever owns the default channel, and brand follows usage rather than leading "
    "it, {n}.\n\nRegulation raises the fixed cost of every newcomer, {n}, which is why "
    "compliance reads as a moat to the incumbents who can spread it over many customers.\n"
)


def essay(folder: Path, name: str, n: int, **front: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    head = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in front.items())
    path = folder / name
    path.write_text(f"---\n{head}---\n{BODY.format(n=n)}", encoding="utf-8")
    return path


Ingest = Callable[..., list[dict[str, Any]]]


@pytest.fixture
def ingest(embedder: Any) -> Ingest:
    """`ingest --json` rows, run in-process with the session's model (a CLI run would load
    it again each time); `code` is the exit code the CLI would give."""
    from counterpoint.config import Settings
    from counterpoint.service import Counterpoint

    def run(ws: Path, *paths: Path | str, code: int = 0) -> list[dict[str, Any]]:
        service = Counterpoint(Settings(workspace=ws), embedder=embedder)
        try:
            results, _ = service.ingest([str(p) for p in paths])
        finally:
            service.close()
        assert int(any(r.status == "error" for r in results)) == code, results
        return [r.to_json() for r in results]

    return run


def docs(ws: Path) -> dict[str, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["docs", "--json", "--workspace", str(ws)])
    assert result.exit_code == 0, result.output
    return {d["doc_id"]: d for d in json.loads(result.stdout)}


@pytest.mark.slow
def test_two_non_latin_titles_are_two_documents(tmp_path: Path, ingest: Ingest) -> None:
    ws = tmp_path / "ws"
    first = ingest(ws, essay(tmp_path, "ru.md", 1, title="Открытые модели и бренд"))
    second = ingest(ws, essay(tmp_path, "zh.md", 2, title="开源模型的护城河"))
    assert [r["status"] for r in first + second] == ["added", "added"]
    assert first[0]["doc_id"] == "otkrytye-modeli-i-brend"
    assert second[0]["doc_id"] == "kai-yuan-mo-xing-de-hu-cheng-he"
    stored = docs(ws)
    assert {d["title"] for d in stored.values()} == {"Открытые модели и бренд", "开源模型的护城河"}


@pytest.mark.slow
def test_two_urls_ending_in_index_html_are_two_documents(tmp_path: Path, ingest: Ingest) -> None:
    ws = tmp_path / "ws"
    a = essay(tmp_path, "a.md", 1, title="Home", url="https://a.example/essays/index.html")
    b = essay(tmp_path, "b.md", 2, title="Home", url="https://b.example/essays/index.html")
    first, second = ingest(ws, a)[0], ingest(ws, b)[0]
    assert first["status"] == second["status"] == "added"
    assert first["doc_id"] == "essays"
    assert second["doc_id"].startswith("essays-") and second["doc_id"] != first["doc_id"]
    assert "'essays'" in second["note"] and "a.example" in second["note"]
    stored = docs(ws)
    assert {d["url"] for d in stored.values()} == {
        "https://a.example/essays/index.html",
        "https://b.example/essays/index.html",
    }
    assert "1." in stored["essays"]["text"]  # the first essay's own text is intact


@pytest.mark.slow
def test_same_title_from_another_file_is_kept_beside_it(tmp_path: Path, ingest: Ingest) -> None:
    ws = tmp_path / "ws"
    first = ingest(ws, essay(tmp_path / "one", "essay.md", 1, title="Notes"))[0]
    second = ingest(ws, essay(tmp_path / "two", "essay.md", 2, title="Notes"))[0]
    assert first["status"] == second["status"] == "added"
    assert first["doc_id"] == "notes" and second["doc_id"].startswith("notes-")
    assert len(docs(ws)) == 2
    # the CLI's text output says where the second one went
    third = essay(tmp_path / "three", "essay.md", 3, title="Notes")
    out = CliRunner().invoke(cli, ["ingest", str(third), "--workspace", str(ws)])
    assert out.exit_code == 0, out.output
    assert "belongs to another source" in out.output


@pytest.mark.slow
def test_updated_only_for_the_same_source(tmp_path: Path, ingest: Ingest) -> None:
    ws = tmp_path / "ws"
    url = "https://a.example/posts/open-weights"
    first = ingest(ws, essay(tmp_path, "essay.md", 1, title="Open weights", url=url))[0]
    # an edited copy elsewhere that states the same URL is the same essay
    moved = ingest(ws, essay(tmp_path / "copy", "renamed.md", 2, title="Open weights", url=url))
    assert moved[0]["status"] == "updated" and moved[0]["doc_id"] == first["doc_id"]
    # the same file with a new title keeps its id
    local = essay(tmp_path, "local.md", 3, title="Local essay")
    added = ingest(ws, local)[0]
    retitled = ingest(ws, essay(tmp_path, "local.md", 4, title="Local essay, retitled"))[0]
    assert retitled["status"] == "updated" and retitled["doc_id"] == added["doc_id"]
    assert len(docs(ws)) == 2
    # two files of one command that state one URL: the second is refused, not merged
    rows = ingest(
        ws,
        essay(tmp_path / "x", "a.md", 5, title="A", url="https://c.example/one-url"),
        essay(tmp_path / "x", "b.md", 6, title="B", url="https://c.example/one-url"),
        code=1,
    )
    assert [r["status"] for r in rows] == ["added", "error"]
    assert "same document as" in rows[1]["error"] and "a.md" in rows[1]["error"]
    assert docs(ws)[rows[0]["doc_id"]]["title"] == "A"


@pytest.mark.slow
def test_documents_stored_before_source_keys_keep_their_ids(
    tmp_path: Path, embedder: Any, ingest: Ingest
) -> None:
    """A workspace from before this change has no cp:sourceKey/cp:origin: identity falls back
    to the stored URL and source path, so re-ingesting finds the same document."""
    from rdflib import URIRef

    from counterpoint.config import Settings
    from counterpoint.kg.namespaces import CP
    from counterpoint.kg.validate import graph_of
    from counterpoint.service import Counterpoint

    ws = tmp_path / "ws"
    path = essay(tmp_path, "old.md", 1, title="Старое эссе")
    doc_id = ingest(ws, path)[0]["doc_id"]

    def forget_source() -> None:
        service = Counterpoint(Settings(workspace=ws), embedder=embedder)
        try:
            graph_iri = service.iris.doc_graph(doc_id)
            graph = graph_of(service.store, graph_iri)
            for predicate in (CP.sourceKey, CP.origin):
                graph.remove((None, URIRef(predicate), None))
            service.store.replace_graphs({graph_iri: graph.serialize(format="nt")})
        finally:
            service.close()
        # nor had such a workspace a view cache (it keeps what the graph held at ingest)
        (ws / "vectors" / "view-cache.sqlite").unlink(missing_ok=True)

    def identity_notes(*flags: str) -> list[dict[str, str]]:
        out = CliRunner().invoke(cli, ["doctor", *flags, "--workspace", str(ws), "--json"])
        assert out.exit_code == 0, out.output
        return [p for p in json.loads(out.stdout)["problems"] if p["check"] == "identity"]

    forget_source()
    notes = identity_notes()
    assert len(notes) == 1 and "re-ingest" in notes[0]["message"] and doc_id in notes[0]["message"]
    assert ingest(ws, path)[0]["status"] == "unchanged"
    assert identity_notes() == []  # the unchanged re-ingest recorded the source
    forget_source()
    identity_notes("--repair")
    assert identity_notes() == []  # so does doctor --repair
    edited = essay(tmp_path, "old.md", 2, title="Старое эссе")
    again = ingest(ws, edited)[0]
    assert again["status"] == "updated" and again["doc_id"] == doc_id


def test_javascript_url_is_refused_and_never_stored(tmp_path: Path, ingest: Ingest) -> None:
    ws = tmp_path / "ws"
    bad = essay(tmp_path, "bad.md", 1, title="Bad link", url="javascript:alert(1)")
    rows = ingest(ws, bad, code=1)
    assert rows[0]["status"] == "error"
    assert "not an http(s) URL" in rows[0]["error"] and "bad.md" in rows[0]["error"]
    ok = essay(tmp_path, "ok.md", 2, title="Ok")
    args = ["ingest", str(ok), "--url", "data:text/html,x", "--workspace", str(ws), "--json"]
    flag = CliRunner().invoke(cli, args)
    assert flag.exit_code == 2  # a bad flag is bad usage, refused before anything is read
    assert "--url 'data:text/html,x' is not an http(s) URL" in flag.stderr


@pytest.mark.slow
def test_a_stored_javascript_url_is_never_shown_or_exported(
    tmp_path: Path, embedder: Any, ingest: Ingest
) -> None:
    """A workspace ingested before URLs were checked may hold one: it is dropped on read."""
    from rdflib import URIRef

    from counterpoint.config import Settings
    from counterpoint.kg.namespaces import SCHEMA
    from counterpoint.kg.validate import graph_of
    from counterpoint.service import Counterpoint

    ws = tmp_path / "ws"
    doc_id = ingest(ws, essay(tmp_path, "old.md", 1, title="Old", url="https://e.org/old"))[0]
    doc_id = doc_id["doc_id"]
    service = Counterpoint(Settings(workspace=ws), embedder=embedder)
    try:
        graph_iri = service.iris.doc_graph(doc_id)
        graph = graph_of(service.store, graph_iri)
        article = URIRef(service.iris.doc(doc_id))
        graph.set((article, URIRef(SCHEMA.url), URIRef("javascript:alert(1)")))
        service.store.replace_graphs({graph_iri: graph.serialize(format="nt")})
    finally:
        service.close()
    assert docs(ws)[doc_id]["url"] is None
    for fmt in ("bibtex", "ris", "csl-json"):
        out = CliRunner().invoke(cli, ["export", "--format", fmt, "--workspace", str(ws)])
        assert out.exit_code == 0, out.output
        assert "javascript" not in out.stdout and "Old" in out.stdout


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        n = 1 if self.path.startswith("/a/") else 2
        paragraphs = "".join(f"<p>{p}</p>" for p in BODY.format(n=n).split("\n\n"))
        body = f"<html><head><title>Index</title></head><body><article>{paragraphs}"
        data = (body + "</article></body></html>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def pages() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.slow
def test_two_fetched_index_pages_both_survive(
    pages: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = str(tmp_path / "ws")
    base = ["--allow-network", "--workspace", ws, "--json"]
    refused = CliRunner().invoke(cli, ["ingest", f"{pages}/a/index.html", *base])
    assert refused.exit_code == 1 and "loopback" in json.loads(refused.stdout)[0]["error"]
    monkeypatch.setenv("COUNTERPOINT_FETCH_ALLOW_PRIVATE", "1")
    rows = []
    for url in (f"{pages}/a/index.html", f"{pages}/b/index.html"):
        out = CliRunner().invoke(cli, ["ingest", url, *base])
        assert out.exit_code == 0, out.output
        rows += json.loads(out.stdout)
    assert [r["status"] for r in rows] == ["added", "added"]
    assert len({r["doc_id"] for r in rows}) == 2
    assert len(docs(tmp_path / "ws")) == 2
