"""Through the service: a question about an attribute the essays never give, and one about
an entity they never name, are honest "not covered" answers with related reading only."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint.service import Counterpoint
from helpers import ingest_essay

ESSAY = """---
title: Harbour Lamps and Their Makers
author: Test Author
date: 2024-05-01
---
Every harbour on this coast once kept its own lamp, trimmed by hand each night and paid for by
the fishing fleet that depended on it. Lattice came from Globex, a foundry that also cast the
bells for the fleet and shipped them along the coast in 1911. Globex built most of the lamps on
the northern coast, and the keepers praised its glass for the way it held a flame in the wind.

Fog was the real enemy of the keepers, and no lamp ever solved it; the horn did more good than
any lens, and the fleet learned to listen rather than to look.
"""


@pytest.fixture
def lamps(service: Counterpoint, tmp_path: Path) -> Counterpoint:
    ingest_essay(service, tmp_path, "harbour-lamps.md", ESSAY)
    return service


@pytest.mark.slow
def test_an_attribute_the_essays_never_give_is_not_answered(lamps: Counterpoint) -> None:
    answer = lamps.ask("How much venture funding had Globex raised?")
    assert not answer.grounded
    assert answer.answer.startswith("The essays mention Globex")
    assert "but not its funding" in answer.answer
    assert not answer.citations


@pytest.mark.slow
def test_an_entity_the_essays_never_name_is_not_answered(lamps: Counterpoint) -> None:
    answer = lamps.ask("In what year did Vellum cast its first bells?")
    assert not answer.grounded
    assert answer.answer.startswith("The essays do not mention Vellum")
    assert not answer.citations


@pytest.mark.slow
def test_the_attribute_the_essays_do_give_is_answered(lamps: Counterpoint) -> None:
    answer = lamps.ask("In what year did Globex ship the bells?")
    assert answer.grounded
    assert "1911" in answer.answer
