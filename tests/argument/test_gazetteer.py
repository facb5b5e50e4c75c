"""The shipped gazetteer: named entities only with a Wikidata QID (gazetteer.json), general
concepts in lexicon/concepts.json, and the loader reads all of both."""

from __future__ import annotations

from importlib import resources

import pytest

from counterpoint.corpus.ids import content_hash
from counterpoint.corpus.models import Document, Metadata, Span
from counterpoint.kg.extract.entities import extract_mentions, gazetteer
from counterpoint.kg.extract.gazetteer import (
    NAMED_TYPES,
    GazetteerEntry,
    dumps_gazetteer,
    load_gazetteer,
    parse_concepts,
    parse_gazetteer,
)


def _shipped_text() -> str:
    return resources.files("counterpoint.kg.extract").joinpath("gazetteer.json").read_text("utf-8")


def test_shipped_file_is_in_canonical_form_so_every_field_is_read() -> None:
    named = parse_gazetteer(_shipped_text())
    assert len(named) > 40
    assert dumps_gazetteer(named) == _shipped_text()
    entries = load_gazetteer()
    assert entries[: len(named)] == named
    concepts = entries[len(named) :]
    assert len(concepts) > 20 and all(e.type == "Concept" for e in concepts)


def test_every_named_entity_has_a_public_identifier() -> None:
    # The rule of issue 12: no name is listed because our own essays use it.
    named = [e for e in load_gazetteer() if e.type in NAMED_TYPES]
    assert named and all(e.wikidata for e in named)


def test_unlisted_names_are_found_by_the_general_pattern() -> None:
    text = "Yesterday Wilhelmina Quigley-Ostrander and Rosa Bramble met at Zephyrine Labs in Oslo."
    doc = Document("t", Metadata(title="t"), text, content_hash(text), "t",
                   (Span("paragraph", 0, len(text)),))  # fmt: skip
    things = {m.text for m in extract_mentions(doc) if m.entity.type == "Thing"}
    assert {"Rosa Bramble", "Zephyrine Labs", "Oslo"} <= things
    assert "Yesterday" not in things  # a capital opening the sentence is not a name


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
        ('[{"label": "X", "type": "Person", "aliases": []}]', "needs its Wikidata QID"),
    ],
)
def test_malformed_entries_fail_loudly(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_gazetteer(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"concepts": []}', "'_about' source note"),
        ('{"_about": "s"}', "'concepts' list"),
        ('{"_about": "s", "concepts": [{"label": "x"}]}', "exactly label and aliases"),
        ('{"_about": "s", "concepts": [{"label": "x", "aliases": [], "type": "Person"}]}',
         "exactly label and aliases"),
    ],
)  # fmt: skip
def test_malformed_concepts_fail_loudly(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_concepts(text)
