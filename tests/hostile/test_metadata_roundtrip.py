"""Metadata full of special characters survives the whole way: front matter -> ingest -> the
graph -> `docs --json`, SPARQL and every citation export, each read back with its own parser."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
import rispy
from click.testing import CliRunner
from generate import SPECIAL_AUTHORS, SPECIAL_VALUES, md, prose
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from bibtex_text import latex_to_text
from counterpoint.cli import cli
from counterpoint.config import Settings
from counterpoint.service import Counterpoint

# Field text: what front matter can carry once ingest has checked it (no control characters
# but tab and line breaks; values stripped, as the loader strips them).
FIELD = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from(list("{}\\$&%#_^~\"'`<>@\n\t")),
    min_size=1,
    max_size=40,
).map(str.strip).filter(bool) | st.sampled_from(SPECIAL_VALUES)
AUTHOR = FIELD | st.sampled_from([a for a in SPECIAL_AUTHORS if a == a.strip()])
URL = st.none() | st.sampled_from(
    ["https://example.org/a?b=1&c=(2)#f", "http://example.org/%E2%9C%93", "https://e.org/x_y"]
)


@st.composite
def metadata(draw: st.DrawFn) -> list[dict[str, Any]]:
    out = []
    for i in range(draw(st.integers(min_value=1, max_value=2))):
        url = draw(URL)
        out.append(
            {
                "title": draw(FIELD),
                "author": draw(st.lists(AUTHOR, min_size=1, max_size=2)),
                "date": draw(st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1))).isoformat(),
                **({"url": f"{url}{i}"} if url else {}),
            }
        )
    return out


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.slow
@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(metas=metadata())
def test_front_matter_round_trips_through_docs_sparql_and_exports(
    metas: list[dict[str, Any]], embedder: Any
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "essays"
        folder.mkdir()
        for i, meta in enumerate(metas):
            (folder / f"essay-{i}.md").write_bytes(md(meta, prose(5000 + i, 8)))
        ws = Path(tmp) / "ws"
        service = Counterpoint(Settings(workspace=ws), embedder=embedder)
        try:
            results, _ = service.ingest([str(folder)], recursive=True)
        finally:
            service.close()
        assert [r.status for r in results] == ["added"] * len(metas), results
        by_source = {Path(r.source).name: r.doc_id for r in results}
        ids = [by_source[f"essay-{i}.md"] for i in range(len(metas))]
        ws_arg = ("--workspace", str(ws))

        docs = {d["doc_id"]: d for d in json.loads(_cli("docs", "--json", *ws_arg))}
        for doc_id, meta in zip(ids, metas, strict=True):
            doc = docs[doc_id]
            assert doc["title"] == meta["title"]
            assert doc["authors"] == meta["author"]
            assert doc["date"] == meta["date"]
            assert doc["url"] == meta.get("url")

        query = (
            "PREFIX schema: <https://schema.org/> PREFIX dcterms: <http://purl.org/dc/terms/> "
            "SELECT ?id ?title WHERE { ?d a schema:Article ; dcterms:identifier ?id ; "
            "schema:name ?title }"
        )
        rows = json.loads(_cli("sparql", query, "--format", "json", *ws_arg))
        titles = {b["id"]["value"]: b["title"]["value"] for b in rows["results"]["bindings"]}
        assert titles == {d: m["title"] for d, m in zip(ids, metas, strict=True)}

        bib = parse_string(_cli("export", "--format", "bibtex", *ws_arg), "bibtex")
        ris = {r["id"]: r for r in rispy.loads(_cli("export", "--format", "ris", *ws_arg))}
        csl = {i["id"]: i for i in json.loads(_cli("export", "--format", "csl-json", *ws_arg))}
        assert set(bib.entries) == set(ris) == set(csl) == set(ids)
        for doc_id, meta in zip(ids, metas, strict=True):
            flat = " ".join(meta["title"].split())
            assert latex_to_text(bib.entries[doc_id].fields["title"]) == flat
            assert len(bib.entries[doc_id].persons["author"]) == len(meta["author"])
            assert ris[doc_id]["title"] == flat
            assert ris[doc_id]["authors"] == [" ".join(a.split()) for a in meta["author"]]
            assert csl[doc_id]["title"] == meta["title"]
            assert len(csl[doc_id]["author"]) == len(meta["author"])
