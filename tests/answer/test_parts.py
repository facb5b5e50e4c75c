"""Questions in two parts (answer/parts.py): split only where a second question opens, each
part answered on its own, the answers joined with citations renumbered and still exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint.answer.models import Answer, Citation
from counterpoint.answer.parts import join_answers, resolve_it, shift_marks, split_parts
from counterpoint.service import Counterpoint
from helpers import ingest_essay


def test_two_questions_joined_by_and_split_in_two() -> None:
    parts = split_parts(
        "How long did the mill run at a loss according to Avery, and what price did it reach "
        "first according to Brook?"
    )
    assert parts == [
        "How long did the mill run at a loss according to Avery?",
        "What price did it reach first according to Brook?",
    ]


@pytest.mark.parametrize(
    "question",
    [
        "How long and how much does a permit take, per the planning essay?",  # one question
        "What do the essay's first and second sections argue?",  # "and" joins nouns
        "How long does a move take according to 'One Essay', and how long according to "
        "'Another Essay'?",  # the second part has no verb of its own
        "Is the argument right, and why?",  # "and why" alone asks nothing
    ],
)
def test_one_question_stays_whole(question: str) -> None:
    assert split_parts(question) == [question]


def test_context_sentences_go_with_both_parts() -> None:
    first, second = split_parts(
        "The essay mentions a harbour lamp. Who built the lamp, and when was it first lit?"
    )
    assert first == "The essay mentions a harbour lamp. Who built the lamp?"
    assert second == "The essay mentions a harbour lamp. When was it first lit?"


def test_it_in_the_second_part_becomes_the_first_parts_subject() -> None:
    assert resolve_it("What does Finch say its real asset is?", ["Hugging Face"]) == (
        "What does Finch say Hugging Face's real asset is?"
    )
    # named already, or nothing to name it by: unchanged
    assert (
        resolve_it("What did Hugging Face earn?", ["Hugging Face"]) == "What did Hugging Face earn?"
    )
    assert resolve_it("What did it earn?", []) == "What did it earn?"


def test_marks_shift_outside_quotes_only() -> None:
    text = "A writes: “see note [2] here” [1]. B writes: “x” [2]."
    assert shift_marks(text, 3) == "A writes: “see note [2] here” [4]. B writes: “x” [5]."


def _cite(n: int, quote: str) -> Citation:
    return Citation(n, "d", "T", ("A",), None, None, "c", 0, len(quote), quote)


def test_join_renumbers_and_keeps_a_declined_part_as_one_line() -> None:
    one = Answer("q1", "A: “x” [1]. More: [2] “y”", True, citations=[_cite(1, "x"), _cite(2, "y")])
    two = Answer("q2", "B: “z” [1].", True, citations=[_cite(1, "z")])
    gone = Answer("q3", "The essays mention X, but not its price.\n\nRelated reading: …", False)
    joined = join_answers("q", [one, gone, two])
    assert joined.grounded
    assert [c.n for c in joined.citations] == [1, 2, 3]
    assert [c.quote for c in joined.citations] == ["x", "y", "z"]
    assert "B: “z” [3]." in joined.answer
    assert "but not its price." in joined.answer and "Related reading" not in joined.answer
    assert not join_answers("q", [gone, gone]).grounded


ESSAY = """---
title: Lamps of the North Harbour
author: Test Author
date: 2024-05-01
---
The north harbour lamp was built by the Corran foundry, which cast its iron frame in a single
winter and shipped it round the headland on a flat barge.

The keepers trimmed the wick by hand each night. The lamp burned whale oil until 1871, when the
harbour board paid for a paraffin burner that doubled its range.

Fog was the real enemy of the keepers, and no lamp ever solved it; the horn did more good than
any lens, and the fleet learned to listen rather than to look.
"""


@pytest.mark.slow
def test_a_two_part_question_cites_an_answer_to_each_part(
    service: Counterpoint, tmp_path: Path
) -> None:
    doc_id = ingest_essay(service, tmp_path, "north-harbour-lamps.md", ESSAY)
    answer = service.ask(
        "Which foundry built the north harbour lamp, and until what year did the lamp burn "
        "whale oil?"
    )
    assert answer.grounded
    quotes = [c.quote for c in answer.citations if c.doc_id == doc_id]
    assert any("Corran" in q for q in quotes) and any("1871" in q for q in quotes)
    assert "Corran" in answer.answer and "1871" in answer.answer
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    for c in answer.citations:
        assert service.view.docs[c.doc_id].text[c.start : c.end] == c.quote
        assert f"[{c.n}]" in answer.answer
