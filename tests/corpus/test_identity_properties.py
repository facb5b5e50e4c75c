"""Property tests on ids and on who an incoming document is: ids are always valid slugs, and no
sequence of ingests lets one source take another source's document."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterpoint.corpus.identity import IdentityTable, KnownDocument
from counterpoint.corpus.ids import ID_MAX_LEN, base_doc_id, slugify
from counterpoint.errors import DocumentError

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=500, deadline=None)
@given(ANY_TEXT)
def test_slugs_are_short_ascii_and_idempotent(value: str) -> None:
    slug = slugify(value)
    assert SLUG.match(slug) and len(slug) <= ID_MAX_LEN
    assert slugify(slug) == slug


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, st.none() | st.sampled_from(["https://a.example/x/index.html", "https://b.c/"]))
def test_base_ids_are_valid_ids(title: str, url: str | None) -> None:
    doc_id = base_doc_id(title or "t", url, "/some/key")
    assert SLUG.match(doc_id) and len(doc_id) <= ID_MAX_LEN
    assert slugify(doc_id) == doc_id  # what the store queries are sanitised with


# A small world so that slugs, keys and bodies collide often.
TITLES = st.sampled_from(["Essay", "Эссе", "随笔", "🙂", "Essay!", "index"])
KEYS = st.sampled_from(["https://a.example/e", "https://b.example/e", "/f/one.md", "/f/two.md"])
BODIES = st.sampled_from(["b1", "b2"])
INPUTS = st.lists(st.tuples(TITLES, KEYS, BODIES), min_size=1, max_size=12)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(TITLES, KEYS, BODIES), max_size=4), INPUTS)
def test_no_source_ever_takes_another_sources_document(
    stored: list[tuple[str, str, str]], incoming: list[tuple[str, str, str]]
) -> None:
    table = IdentityTable([])
    owner: dict[str, str] = {}  # doc id -> key of the source it holds
    for run, inputs in enumerate((stored, incoming)):
        if run == 1:  # a new command: what is stored stays, the run's memory does not
            table = IdentityTable(
                KnownDocument(doc_id, key, key, "", "") for doc_id, key in owner.items()
            )
        for title, key, body in inputs:
            base = base_doc_id(title, None, key)
            try:
                decision = table.decide(base, key, key, body, title, source=key)
            except DocumentError:
                continue  # refused: fine, nothing replaced
            if decision.replaces is not None:
                # only the same source (key or origin) or a byte-identical twin may update
                same = decision.replaces
                assert (
                    same.key == key
                    or same.origin == key
                    or (same.body_hash == body and same.meta_sig == title)
                )
            else:
                assert decision.doc_id not in owner  # a new document never reuses an id
            assert SLUG.match(decision.doc_id) and len(decision.doc_id) <= ID_MAX_LEN
            owner[decision.doc_id] = key
            table.record(KnownDocument(decision.doc_id, key, key, body, title), key)


def test_a_document_of_this_run_is_never_replaced_by_another_file() -> None:
    table = IdentityTable([])
    first = table.decide("essay", "https://a.example/e", "/f/a.md", "b1", "m", "/f/a.md")
    table.record(KnownDocument(first.doc_id, "https://a.example/e", "/f/a.md", "b1", "m"), "a")
    with pytest.raises(DocumentError, match="earlier in this run"):
        table.decide("essay", "https://a.example/e", "/f/b.md", "b2", "m2", "/f/b.md")
