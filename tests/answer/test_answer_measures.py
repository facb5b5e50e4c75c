"""A figure, date or name that measures or names something other than what the question asks
is no answer: a year for "how much", the far side of a ratio or a share for "how many
<things>", a month, a pronoun, a place, a nationality or a possessive owner for "the name of
the <thing>". Made-up sentences only."""

from __future__ import annotations

import pytest

from counterpoint.answer import answerable, binding
from counterpoint.answer.asked import asked_for
from counterpoint.answer.attributes import asked_attributes, gives


def _bound(kind: str, text: str, question: str, subject: list[str] | None = None) -> bool:
    return binding.bound(kind, text, question, subject or [])


# -- numbers ---------------------------------------------------------------------------------
def test_a_year_is_not_an_amount_saved() -> None:
    q = "How much did the Larkfield harbour reform save shippers per crate?"
    assert not _bound("number", "Larkfield reformed its harbour dues in 2017.", q, ["Larkfield"])
    assert not answerable.holds("number", "Larkfield reformed its harbour dues in 2017.", q)
    assert _bound("number", "The reform saved shippers 40 cents per crate.", q, ["Larkfield"])


def test_a_year_range_is_not_a_count_but_a_bare_figure_is() -> None:
    q = "How many ferries did the port order?"
    assert not answerable.holds("number", "The port ordered ferries between 2016 and 2021.", q)
    assert answerable.holds("number", "The port ordered 2016 ferries, a record.", q)


def test_the_far_side_of_a_ratio_is_not_a_count() -> None:
    q = "How many benches does the chapel in the harbour town have?"
    text = "A chapel needs one lamp for every four benches in the nave."
    assert not _bound("number", text, q)
    assert not answerable.holds("number", text, q)
    # A question about the rate itself is answered by it.
    assert answerable.holds("number", text, "How many benches per lamp does a chapel need?")
    assert _bound("number", "The chapel has forty benches.", q)


def test_the_count_of_a_ratios_unit_answers_how_many_of_that_unit() -> None:
    text = "A code demands two spaces for each new flat on the quay."
    assert not _bound("number", text, "How many flats does the quay building have?")
    assert _bound("number", text, "How many spaces does a code demand for a new flat?")


def test_a_share_of_another_whole_does_not_count_the_asked_things() -> None:
    q = "How many benches does the harbour chapel have?"
    assert not _bound("number", "In the chapel, half the congregation stands on benches.", q)
    assert _bound("number", "In the chapel, half the benches face the sea.", q)


def test_a_rate_is_a_number_question() -> None:
    assert asked_for("What is the rental vacancy rate in Larkfield?") == ["number"]
    assert asked_for("What was the average pass rate?") == ["number"]


def test_costs_that_do_something_are_things_not_a_sum() -> None:
    assert asked_for("Which costs took longer than the permit on the ferry project?") == ["other"]
    assert asked_for("What fees does the ferry company charge?") == ["amount"]


def test_a_modal_after_what_does_not_make_a_name_question() -> None:
    assert asked_for("What should a city use to cap building height?") == ["other"]
    assert asked_for("Which city has the oldest tramway?") == ["name"]


# -- names -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "We met in April, after the ferry company had filed its plan.",
        "Q: You've said the ferry company filed a plan. Is that so?",
        "The ferry company filed its plan for six Norwegian harbours.",
        "The ferry company filed its plan for a pier on Juniper Street.",
    ],
)
def test_a_month_pronoun_nationality_or_place_is_not_the_companys_name(text: str) -> None:
    assert not _bound("name", text, "What is the name of the ferry company that filed a plan?")


def test_a_name_beside_the_asked_thing_answers() -> None:
    q = "What is the name of the ferry company that filed a plan?"
    assert _bound("name", "Bluewake Lines, the ferry company, filed its plan.", q)


def test_a_place_answers_a_question_about_a_place() -> None:
    q = "On which street did the ferry company open its office?"
    assert _bound("name", "The ferry company opened its office on Juniper Street.", q)


def test_the_owner_of_the_asked_thing_is_not_its_name() -> None:
    q = "What is the name of the boatbuilder who won the harbour contract?"
    assert not _bound("name", "It was Larkfield's boatbuilders who won the harbour contract.", q)
    assert binding.owner_of_asked("Larkfield's boatbuilders won", len("Larkfield"), q)
    assert not binding.owner_of_asked("Larkfield's mayor won", len("Larkfield"), q)


# -- attributes ------------------------------------------------------------------------------
def test_a_job_question_needs_a_sentence_naming_a_job() -> None:
    [job] = asked_attributes("What job did Ada Quill hold when she wrote the pamphlet?", False)
    assert job.name == "occupation"
    assert gives(job, "Ada Quill, a harbour engineer, wrote the pamphlet.")
    assert gives(job, "Ada Quill worked as a ferry pilot for ten years.")
    # A group the sentence talks about is not the person's job.
    assert not gives(job, "Ada Quill's pamphlet set off a quarrel among engineers.")
