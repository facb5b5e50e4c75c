"""Document ids: readable, stable for the bundled corpus, and never shared by two sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint.corpus.identity import IdentityTable, KnownDocument
from counterpoint.corpus.ids import (
    base_doc_id,
    canonical_url,
    is_http_url,
    slugify,
    source_key,
    with_hash,
)
from counterpoint.corpus.loaders import load_file
from counterpoint.corpus.models import Metadata, RawDocument
from counterpoint.corpus.pipeline import make_document
from counterpoint.errors import DocumentError
from helpers import CORPUS

# The ids tests, labels and users already refer to: they must not move.
BUNDLED_IDS = {
    "compliance-is-the-moat-regulation-favours-incumbents.md": (
        "compliance-is-the-moat-why-regulation-favours-ai-incumbents"
    ),
    "in-defence-of-the-brand-moat.md": "in-defence-of-the-brand-moat",
    "open-source-ai-business-models-and-brand-moats.md": (
        "open-source-ai-business-models-brand-moats"
    ),
    "open-weights-pay-recruiting-and-standards.md": (
        "open-weights-pay-recruiting-standards-and-the-economics-of-givin"
    ),
    "switching-costs-not-brand-are-the-ai-moat.md": (
        "switching-costs-not-brand-are-the-real-ai-moat"
    ),
    "the-case-for-a-slower-sourdough.md": "the-case-for-a-slower-sourdough",
}


@pytest.mark.parametrize("name", sorted(BUNDLED_IDS))
def test_bundled_corpus_ids_are_unchanged(name: str) -> None:
    assert make_document(load_file(CORPUS / name, 10_000_000)).doc_id == BUNDLED_IDS[name]


def test_non_latin_titles_are_transliterated_not_dropped() -> None:
    assert slugify("Открытые модели и бренд") == "otkrytye-modeli-i-brend"
    assert slugify("Ανοιχτά μοντέλα") == "anoichta-montela"
    assert slugify("开源模型的护城河") == "kai-yuan-mo-xing-de-hu-cheng-he"
    assert slugify("オープンモデル") == "opunmoderu"
    # accents and punctuation behave as before (ids already stored keep their spelling)
    assert slugify("Café crème: l’économie") == "cafe-creme-leconomie"
    assert slugify("Open Source AI Business Models & Brand Moats") == (
        "open-source-ai-business-models-brand-moats"
    )


def test_slugify_is_idempotent_on_ids() -> None:
    for doc_id in [*BUNDLED_IDS.values(), with_hash("a" * 64, "key"), "document-1a2b3c4d"]:
        assert slugify(doc_id) == doc_id
        assert len(doc_id) <= 64


def test_symbol_only_titles_get_a_hash_not_a_shared_name() -> None:
    first = base_doc_id("🙂🙂🙂", None, "/essays/a.md")
    second = base_doc_id("🙂🙂🙂", None, "/essays/b.md")
    assert first.startswith("document-") and second.startswith("document-")
    assert first != second


def test_generic_url_tails_name_the_page_not_the_file_type() -> None:
    key = "https://a.example/blog/open-weights/index.html"
    assert base_doc_id("T", key, key) == "open-weights"
    assert base_doc_id("T", "https://a.example/index.html", key) == "https-a-example-index-html"
    old = (
        "https://www.michaeldempsey.me/blog/2023/10/03/open-source-ai-business-models-brand-moats/"
    )
    assert base_doc_id("T", old, old) == "open-source-ai-business-models-brand-moats"


def test_only_http_urls_are_usable() -> None:
    assert canonical_url("HTTPS://Example.ORG:443/a?b=1#frag") == "https://example.org/a?b=1"
    assert canonical_url("http://example.org") == "http://example.org/"
    for bad in (
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>x</script>",
        "file:///etc/passwd",
        "ftp://example.org/x",
        "http://",
        "https://exa mple.org/",
        'https://example.org/"onmouseover="x',
        "https://user:secret@example.org/",
        "https://example.org/\nSet-Cookie: x",
    ):
        assert not is_http_url(bad), bad


def test_source_key_prefers_the_stated_url_then_the_resolved_path(tmp_path: Path) -> None:
    assert source_key("https://Example.org/post", "x.md") == "https://example.org/post"
    (tmp_path / "x.md").write_text("x")
    assert source_key(None, str(tmp_path / "sub" / ".." / "x.md")) == str(tmp_path / "x.md")


def _raw(title: str, source: str, url: str | None = None, body: str | None = None) -> RawDocument:
    text = body or f"{title} is an essay with a body long enough to be a paragraph of its own."
    return RawDocument(source=source, text=text, meta=Metadata(title=title, url=url))


def _known(table: IdentityTable, raw: RawDocument) -> str:
    """Decide like ingest does, record, and return the id."""
    from dataclasses import replace

    from counterpoint.corpus.identity import known_of

    doc = make_document(raw)
    decision = table.decide_for(doc)
    doc = replace(doc, doc_id=decision.doc_id)
    table.record(known_of(doc), raw.source)
    return decision.doc_id


def test_two_non_latin_titles_get_two_ids(tmp_path: Path) -> None:
    table = IdentityTable([])
    a = _known(table, _raw("Открытые модели", str(tmp_path / "a.md")))
    b = _known(table, _raw("开源模型", str(tmp_path / "b.md")))
    assert a == "otkrytye-modeli" and b == "kai-yuan-mo-xing"


def test_same_slug_from_another_source_is_kept_apart(tmp_path: Path) -> None:
    table = IdentityTable([])
    first = _known(table, _raw("Page", "f1", url="https://a.example/essays/index.html"))
    second_doc = make_document(
        _raw("Page", "f2", url="https://b.example/essays/index.html", body="Another text.")
    )
    decision = table.decide_for(second_doc)
    assert first == "essays"
    assert decision.replaces is None
    assert decision.doc_id.startswith("essays-") and len(decision.doc_id) == len("essays-") + 8
    assert decision.note is not None and "'essays'" in decision.note


def test_same_url_or_same_file_updates_in_place(tmp_path: Path) -> None:
    url = "https://a.example/essay"
    stored = make_document(_raw("Essay", str(tmp_path / "a.md"), url=url))
    table = IdentityTable(
        [KnownDocument(stored.doc_id, canonical_url(url) or "", str(tmp_path / "a.md"), "h")]
    )
    moved = make_document(_raw("Essay, revised", str(tmp_path / "copy.md"), url=url))
    assert table.decide_for(moved).replaces is not None
    assert table.decide_for(moved).doc_id == stored.doc_id
    # the same file after its stated URL changed is still that document
    relinked = make_document(_raw("Essay", str(tmp_path / "a.md"), url="https://b.example/e"))
    assert table.decide_for(relinked).doc_id == stored.doc_id


def test_two_inputs_of_one_run_never_overwrite_each_other(tmp_path: Path) -> None:
    table = IdentityTable([])
    url = "https://a.example/essay"
    _known(table, _raw("Essay", str(tmp_path / "a.md"), url=url))
    with pytest.raises(DocumentError, match=r"same document as .*a\.md \(same URL\)"):
        table.decide_for(make_document(_raw("Other", str(tmp_path / "b.md"), url=url)))
    # the same file named twice is not a conflict
    assert table.decide_for(make_document(_raw("Essay", str(tmp_path / "a.md"), url=url)))


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd"],
)
def test_non_http_url_in_metadata_is_refused_with_one_line(url: str) -> None:
    with pytest.raises(DocumentError) as err:
        make_document(_raw("Essay", "essay.md", url=url))
    message = str(err.value)
    assert message.startswith("essay.md: url ") and "http(s)" in message
    assert "\n" not in message


def test_control_characters_in_metadata_are_refused() -> None:
    with pytest.raises(DocumentError, match=r"U\+001F"):
        make_document(_raw("Bad\x1ftitle", "essay.md"))
