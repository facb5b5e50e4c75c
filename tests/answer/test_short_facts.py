"""A short sentence that holds the fact ("X came from Y.") is found by the subject's name even
when its wording is far from the question's, and quoted although it has only four words."""

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
the fishing fleet that depended on it. The keepers were proud of their towers and wrote long
letters to the harbour board about the price of oil, the state of the glass and the weather.
Lattice came from Globex. The other lamps on the coast were built in the town's own forge,
and most of them are still standing, though none of them is lit any more.

Fog was the real enemy of the keepers, and no lamp ever solved it; the horn did more good than
any lens, and the fleet learned to listen rather than to look.
"""


@pytest.mark.slow
def test_a_short_sentence_naming_the_subject_answers(service: Counterpoint, tmp_path: Path) -> None:
    doc_id = ingest_essay(service, tmp_path, "harbour-lamps.md", ESSAY)
    answer = service.ask("Which company does the harbour essay say the Lattice lamp came from?")
    assert answer.grounded
    cited = [c for c in answer.citations if c.doc_id == doc_id]
    assert any("Globex" in c.quote for c in cited)
    assert "Globex" in answer.answer
    for c in answer.citations:
        assert service.view.docs[c.doc_id].text[c.start : c.end] == c.quote


LIST_ESSAY = """---
title: Keepers of the Coast
author: Test Author
date: 2024-05-02
---
Every harbour on this coast once kept its own lamp, trimmed by hand each night and paid for by
the fishing fleet that depended on it, and the fleet remembered who kept it.
Each coastal lighthouse came to be paired in the public mind with one famous keeper. Ada Quill
with Harbor Point, Bo Venn with Lantern Rock, and many others. Fog was the real enemy of the
keepers, and no lamp ever solved it.
"""


@pytest.mark.slow
def test_a_list_is_answered_with_the_sentence_it_continues(
    service: Counterpoint, tmp_path: Path
) -> None:
    path = tmp_path / "keepers.md"
    path.write_text(LIST_ESSAY)
    service.ingest([str(path)])
    q = "Which famous people does 'Keepers of the Coast' pair with coastal lighthouses?"
    answer = service.ask(q)
    assert answer.grounded
    lead = answer.citations[0]
    assert "paired in the public mind" in lead.quote and "Ada Quill" in lead.quote
    for c in answer.citations:
        assert service.view.docs[c.doc_id].text[c.start : c.end] == c.quote
