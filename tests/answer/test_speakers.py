"""Who speaks a sentence of an interview: the interviewee the standfirst names answers "who
said …" and "who is the … interviewed", not the byline. Made-up texts only."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpoint.answer import speakers
from counterpoint.service import Counterpoint
from helpers import ingest_essay

TEXT = (
    "Odalys Brennick has kept bees on the same three hillsides for twenty years. We spoke in "
    "May, between two harvests.\n\n"
    "Q: Why do your hives winter so well?\n\n"
    "A: Mostly luck. The hillsides face south, and the heather flowers late.\n\n"
    "Q: Would you ever move them?\n\n"
    "A: Never. A hive that is moved in autumn loses half its stores to robbing.\n"
)


def test_an_interview_has_question_and_answer_turns() -> None:
    assert speakers.is_interview(TEXT)
    assert not speakers.is_interview("Note: this is an essay.\n\nIt has no turns at all.\n")


def test_the_turn_of_a_sentence_is_its_paragraphs_label() -> None:
    assert speakers.turn_label(TEXT, TEXT.index("The hillsides")) == "A"
    assert speakers.turn_label(TEXT, TEXT.index("Would you")) == "Q"
    assert speakers.turn_label(TEXT, TEXT.index("We spoke")) is None
    assert speakers.is_answer_turn("A") and not speakers.is_answer_turn("Q")
    assert speakers.turn_label("**Ada Quill:** We never did.", 12) == "Ada Quill"


def test_the_interviewee_is_the_person_the_standfirst_names() -> None:
    found = speakers.interviewee(TEXT, ("Test Author",))
    assert found is not None
    start, end, name = found
    assert name == "Odalys Brennick"
    assert TEXT[start:end].startswith("Odalys Brennick has kept bees")
    # The byline asks the questions: its name is never the interviewee.
    byline = "Test Author met Odalys Brennick on a hillside. " + TEXT
    assert speakers.interviewee(byline, ("Test Author",))[2] == "Odalys Brennick"  # type: ignore[index]


def test_an_answer_turn_is_spoken_by_the_interviewee() -> None:
    authors = ("Test Author",)
    assert speakers.speaker(TEXT, authors, TEXT.index("A hive that")) == "Odalys Brennick"
    assert speakers.speaker(TEXT, authors, TEXT.index("Would you")) is None
    assert speakers.speaker(TEXT, authors, TEXT.index("We spoke")) is None


def test_which_questions_ask_for_a_speaker() -> None:
    assert speakers.asks_speaker("Who said that moved hives lose their stores?")
    assert speakers.asks_speaker("Who argues that the heather flowers late?")
    assert not speakers.asks_speaker("Who founded the cooperative?")
    assert speakers.asks_interviewee("Who is the beekeeper interviewed about wintering hives?")
    assert speakers.asks_interviewee("Whom did the author talk to about bees?")
    assert not speakers.asks_interviewee("Who is the beekeeper's neighbour?")


ESSAY = "---\ntitle: A Conversation About Bees\nauthor: Test Author\ndate: 2024-05-01\n---\n" + TEXT


@pytest.fixture
def bees(service: Counterpoint, tmp_path: Path) -> Counterpoint:
    ingest_essay(service, tmp_path, "bees.md", ESSAY)
    return service


@pytest.mark.slow
def test_who_said_an_answer_turn_is_the_interviewee(bees: Counterpoint) -> None:
    answer = bees.ask("Who said that a hive moved in autumn loses its stores to robbing?")
    assert answer.grounded
    assert answer.answer.startswith("Odalys Brennick says it")
    assert "Test Author asks the questions" in answer.answer
    quotes = [c.quote for c in answer.citations]
    assert any(q.startswith("Odalys Brennick has kept bees") for q in quotes)
    assert any("loses half its stores" in q for q in quotes)


@pytest.mark.slow
def test_what_an_interviewee_says_is_about_them(bees: Counterpoint) -> None:
    # The turn says "a hive that is moved", not her name: it is still about her.
    answer = bees.ask("How much of its stores does a hive Odalys Brennick moves in autumn lose?")
    assert answer.grounded
    assert "half its stores" in answer.answer


@pytest.mark.slow
def test_who_was_interviewed_is_the_interviewee(bees: Counterpoint) -> None:
    answer = bees.ask("Who is the beekeeper interviewed about wintering hives?")
    assert answer.grounded
    assert answer.answer.startswith("Odalys Brennick is the one interviewed")
