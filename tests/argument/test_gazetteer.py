"""The shipped gazetteer has one source (gazetteer.json) and the loader reads all of it."""

from __future__ import annotations

from importlib import resources

import pytest

from counterpoint.kg.extract.entities import gazetteer
from counterpoint.kg.extract.gazetteer import (
    GazetteerEntry,
    dumps_gazetteer,
    load_gazetteer,
    parse_gazetteer,
)


def _shipped_text() -> str:
    return resources.files("counterpoint.kg.extract").joinpath("gazetteer.json").read_text("utf-8")


def test_shipped_file_is_in_canonical_form_so_every_field_is_read() -> None:
    entries = load_gazetteer()
    assert len(entries) > 250
    assert dumps_gazetteer(entries) == _shipped_text()


def test_entries_are_well_formed_and_resolve_in_the_matcher() -> None:
    entries = load_gazetteer()
    labels = [e.label for e in entries]
    assert len(labels) == len(set(labels))
    openai = next(e for e in entries if e.label == "OpenAI")
    assert openai == GazetteerEntry("OpenAI", "Organization", ("Open AI",), "Q21708200")
    by_alias, exact, folded = gazetteer()
    assert by_alias["Open AI"].wikidata == "Q21708200"
    assert by_alias["large language models"].label == "large language model"
    assert exact.search("a deal with Hugging Face") and folded.search("Network Effects matter")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"label": "X"}', "expected a JSON list"),
        ('[{"label": "X", "type": "Organization"}]', "needs label, type and aliases"),
        ('[{"label": "X", "type": "Company", "aliases": []}]', "type 'Company'"),
        ('[{"label": "X", "type": "Person", "aliases": [""]}]', "aliases must be"),
        ('[{"label": "X", "type": "Person", "aliases": [], "wikidata": "95"}]', "not a Wikidata"),
        ('[{"label": "X", "type": "Person", "aliases": [], "qid": "Q1"}]', "unknown keys"),
        ('[{"label": " ", "type": "Person", "aliases": []}]', "empty label"),
    ],
)
def test_malformed_entries_fail_loudly(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_gazetteer(text)
