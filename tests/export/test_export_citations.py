"""Citations parse back in the real tools: pybtex, rispy and citeproc-py with a shipped style."""

from __future__ import annotations

import codecs
import datetime as dt
import json

import latexcodec  # noqa: F401 -- registers the codec used to read BibTeX back
import pytest
import rispy
from pybtex.database import parse_string

from claim_graphs import ESSAYS
from counterpoint.answer.models import Answer, Citation
from counterpoint.corpus.ids import content_hash
from counterpoint.corpus.models import Document
from counterpoint.errors import UsageError
from counterpoint.export import export_answer_citations, publishers
from counterpoint.export.run import export

ACCESSED = dt.date(2026, 11, 25)


def test_bibtex_parses_back_with_pybtex(argument_store, iris) -> None:  # type: ignore[no-untyped-def]
    text = export(argument_store, iris, "bibtex").text
    bib = parse_string(text, "bibtex")
    assert set(bib.entries) == set(ESSAYS)
    for key, (meta, _) in ESSAYS.items():
        entry = bib.entries[key]
        assert entry.type == "online"
        title = codecs.decode(entry.fields["title"].strip("{}"), "ulatex")
        assert title == meta.title
        assert [str(p) for p in entry.persons["author"]] == [
            str(type(p)(a)) for p, a in zip(entry.persons["author"], meta.authors, strict=True)
        ]
        assert entry.fields["url"] == meta.url
        assert entry.fields["date"] == meta.date.isoformat()
        assert entry.fields["year"] == str(meta.date.year)
        assert dt.date.fromisoformat(entry.fields["urldate"])
        if meta.publisher:
            assert entry.fields["organization"] == meta.publisher
        else:
            assert "organization" not in entry.fields


def test_bibtex_escapes_latex_specials_and_carries_claims(argument_store, iris) -> None:  # type: ignore[no-untyped-def]
    answer = Answer(
        question="q",
        answer="a [1]",
        grounded=True,
        citations=[
            Citation(
                1,
                "x",
                "Moats & Margins: 50% #1",
                ("Ada Lovelace",),
                "2024-01-02",
                None,
                "x-c0",
                0,
                1,
                "M",
            )
        ],
    )
    bib = parse_string(export_answer_citations(answer, "bibtex", accessed=ACCESSED), "bibtex")
    title = bib.entries["x"].fields["title"]
    assert "\\&" in title and "\\%" in title and "\\#" in title
    assert codecs.decode(title.strip("{}"), "ulatex") == "Moats & Margins: 50% #1"
    with_claims = parse_string(
        export(argument_store, iris, "bibtex", doc_id="brand-moats", with_claims=True).text,
        "bibtex",
    )
    note = with_claims.entries["brand-moats"].fields["note"]
    assert note.startswith("Thesis: Brand is the last durable moat for AI labs.")


def test_ris_parses_back_with_rispy(argument_store, iris) -> None:  # type: ignore[no-untyped-def]
    text = export(argument_store, iris, "ris").text
    assert text.startswith("TY  - BLOG")  # plain RIS: no "1." record numbers
    records = rispy.loads(text)
    assert {r["id"] for r in records} == set(ESSAYS)
    for r in records:
        meta = ESSAYS[r["id"]][0]
        assert r["type_of_reference"] == "BLOG"
        assert r["title"] == meta.title
        assert r["authors"] == list(meta.authors)
        assert r["urls"] == [meta.url]
        assert r["year"] == str(meta.date.year)
        assert r["date"] == meta.date.strftime("%Y/%m/%d")
        assert r.get("publisher") == meta.publisher


def test_csl_json_renders_a_bibliography_with_citeproc(argument_store, iris) -> None:  # type: ignore[no-untyped-def]
    from citeproc import (
        Citation as CslCitation,
    )
    from citeproc import (
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    items = json.loads(export(argument_store, iris, "csl-json").text)
    assert all(i["type"] == "post-weblog" for i in items)
    brand = next(i for i in items if i["id"] == "brand-moats")
    assert brand["issued"] == {"date-parts": [[2023, 10, 3]]}
    assert brand["author"] == [{"family": "Lovelace", "given": "Ada"}]
    assert brand["URL"] == "https://example.org/blog/brand-moats"
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(CslCitation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == 3
    joined = "\n".join(rendered)
    for meta, _ in ESSAYS.values():
        assert meta.title in joined
        assert str(meta.date.year) in joined
        assert meta.url in joined
    assert "Lovelace, A." in joined and "Hopper, G." in joined


def test_answer_citations_export_only_the_cited_documents() -> None:
    meta = ESSAYS["moats-are-dead"][0]
    cite = dict(title=meta.title, authors=meta.authors, date="2024-02-01", url=meta.url)
    answer = Answer(
        question="Is brand a moat?",
        answer="No [1][2].",
        grounded=True,
        citations=[
            Citation(1, "moats-are-dead", chunk_id="c0", start=0, end=5, quote="Brand", **cite),
            Citation(2, "moats-are-dead", chunk_id="c1", start=6, end=8, quote="is", **cite),
        ],
    )
    ris = rispy.loads(export_answer_citations(answer, "ris", accessed=ACCESSED))
    assert [r["id"] for r in ris] == ["moats-are-dead"]
    assert ris[0]["access_date"] == "2026/11/25"
    csl = json.loads(export_answer_citations(answer, "csl-json"))
    assert [c["id"] for c in csl] == ["moats-are-dead"]
    assert csl[0]["author"][1] == {"family": "Turing", "given": "Alan"}
    with pytest.raises(UsageError, match="unknown citation format"):
        export_answer_citations(answer, "endnote")


def test_publishers_map_names_only_documents_with_a_publisher() -> None:
    docs = {
        doc_id: Document(doc_id, meta, text, content_hash(text), doc_id)
        for doc_id, (meta, text) in ESSAYS.items()
    }
    assert publishers(docs) == {"brand-moats": "Example Blog", "moats-are-dead": "Other Blog"}
    meta = ESSAYS["moats-are-dead"][0]
    answer = Answer(
        question="Is brand a moat?",
        answer="No [1].",
        grounded=True,
        citations=[
            Citation(
                1, "moats-are-dead", meta.title, meta.authors, None, meta.url, "c0", 0, 5, "Brand"
            )
        ],
    )
    ris = rispy.loads(export_answer_citations(answer, "ris", publishers(docs)))
    assert ris[0]["publisher"] == "Other Blog"


def test_unknown_document_and_misused_claims_flag(argument_store, iris) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match="unknown document id: nope"):
        export(argument_store, iris, "bibtex", doc_id="nope")
    with pytest.raises(UsageError, match="--claims applies"):
        export(argument_store, iris, "trig", with_claims=True)


@pytest.mark.slow
def test_ask_export_prints_only_the_cited_documents(workspace) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from counterpoint.cli import cli

    result = CliRunner().invoke(
        cli,
        [
            "ask",
            "What does the essay argue about brand moats?",
            "--doc",
            "open-source-ai-business-models-brand-moats",
            "--export",
            "bibtex",
            "--workspace",
            str(workspace),
        ],
    )
    assert result.exit_code == 0, result.output
    bib = parse_string(result.stdout, "bibtex")
    assert list(bib.entries) == ["open-source-ai-business-models-brand-moats"]
    assert bib.entries["open-source-ai-business-models-brand-moats"].fields["organization"] == (
        "michaeldempsey.me"
    )
