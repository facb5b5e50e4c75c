"""Answering reads the persons' names with one light query (`person_names`), not through the
`entities` command's mention join: the same names."""

from __future__ import annotations

from counterpoint.kg.entities_read import load_entities, person_names
from counterpoint.service import Counterpoint


def test_person_names_are_the_entities_typed_as_persons(service: Counterpoint) -> None:
    persons = sorted({e["label"] for e in load_entities(service.store) if e["type"] == "Person"})
    assert persons  # the bundled corpus names people
    assert person_names(service.store) == persons
    assert service.indexes.answer_corpus.persons == persons
