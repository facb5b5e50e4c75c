"""Reports of a named author and the answers that follow them, on a hand-made sentence table
(no model): a report says what the reported author holds, not the reporter; the statement
after a close report of the target's author answers it; a target that answers a report has
the reported claim against it; a verdict right after a report of the target's author, however
few words the report shares with the claim, weighs as a link does; and the "they say"
templates with an owner ("some of my colleagues think") or a reading ("some readers have
taken it as") mark reported views."""

from __future__ import annotations

from sentence_rows import corpus_of, unit

from counterpoint.answer.sides import REPLY_WEIGHT, weigh
from counterpoint.answer.stance import REPORTED_VIEW, is_concession


def test_views_reported_with_an_owner_or_as_a_reading_are_reported_views() -> None:
    for text in (
        "Some of my colleagues think the harbour will silt up within a decade.",
        "Many of our readers believe ferries are always late.",
        "Some readers have taken the survey as proof that tolls cut traffic.",
    ):
        assert REPORTED_VIEW.search(text) and is_concession(text), text
    for text in (
        "Some of the ferries run late in winter.",
        "The survey shows that tolls cut traffic.",
        "My colleagues built the new quay.",
    ):
        assert not REPORTED_VIEW.search(text), text


def test_a_report_of_the_targets_author_is_no_restatement_in_favour() -> None:
    rows = [
        ("a", "Tolls cut traffic on every bridge in the city.", unit(1, 0, 0)),
        ("b", "Okafor claims that tolls cut traffic on every bridge.", unit(0.9, 0.436, 0)),
        ("b", "Ferries run on diesel.", unit(0, 0, 1)),
    ]
    w = weigh(corpus_of(rows), 0, 1.0)
    assert 1 not in {p.row for p in w.evidence}  # Lund says what Okafor holds, not agrees


def test_the_statement_after_a_close_report_of_the_author_answers_it() -> None:
    rows = [
        ("a", "Tolls cut traffic on every bridge in the city.", unit(1, 0, 0)),
        ("b", "Okafor ends by declaring that tolls cut traffic on every bridge.", unit(1, 0.1, 0)),
        ("b", "Drawing that from two bridges is premature.", unit(0.5, 0.866, 0)),
    ]
    w = weigh(corpus_of(rows), 0, 1.0)
    placed = {p.row: (p.side, p.why) for p in w.evidence}
    assert placed[2] == ("against", "answer to a report of the author")
    assert 1 not in placed


def test_a_verdict_after_a_brief_report_of_the_author_weighs_as_a_link() -> None:
    rows = [
        ("a", "Tolls cut traffic on every bridge in the city.", unit(1, 0, 0)),
        ("b", "Okafor reads this as proof.", unit(0.3, 0.954, 0)),  # shares little with it
        ("b", "This is wrong: traffic fell on the bridges because fares rose.", unit(0.6, 0.8, 0)),
    ]
    w = weigh(corpus_of(rows), 0, 1.0)
    placed = {p.row: (p.side, p.why, p.weight) for p in w.evidence}
    assert placed[2] == ("against", "verdict on a report of the author", REPLY_WEIGHT)
    assert w.verdict == "contested"  # its own author stands by it; one rebuttal names it
    # the same verdict after a report of someone else is an ordinary cue, weighed by closeness
    rows[1] = ("b", "Mbeki reads this as proof.", unit(0.3, 0.954, 0))
    w = weigh(corpus_of(rows), 0, 1.0)
    placed = {p.row: (p.side, p.why, p.weight) for p in w.evidence}
    assert placed[2][:2] == ("against", "verdict cue") and placed[2][2] < REPLY_WEIGHT
    assert w.verdict == "supported"


def test_a_question_or_a_concession_after_a_report_is_no_answer() -> None:
    for answer in (
        "Is that true of the ring road as well?",
        "It is true that the two bridges saw less traffic.",
    ):
        rows = [
            ("a", "Tolls cut traffic on every bridge in the city.", unit(1, 0, 0)),
            ("b", "Okafor ends by declaring that tolls cut traffic everywhere.", unit(1, 0.1, 0)),
            ("b", answer, unit(0.5, 0.866, 0)),
        ]
        w = weigh(corpus_of(rows), 0, 1.0)
        assert 2 not in {p.row for p in w.evidence if p.side == "against"}, answer


def test_an_answer_off_the_point_of_the_target_is_not_placed() -> None:
    rows = [
        ("a", "Tolls cut traffic on every bridge in the city.", unit(1, 0, 0)),
        ("b", "Okafor ends by declaring that tolls cut traffic on every bridge.", unit(1, 0.1, 0)),
        ("b", "This essay takes up a different question.", unit(0.2, 0.98, 0)),
    ]
    assert 2 not in {p.row for p in weigh(corpus_of(rows), 0, 1.0).evidence}


def test_a_target_that_answers_a_report_has_the_reported_claim_against_it() -> None:
    rows = [
        ("a", "The burden of proof now lies with the defenders of tolls.", unit(1, 0, 0)),
        ("a", "Ferries run on diesel.", unit(0, 0, 1)),
        (
            "b",
            "Okafor ends by declaring that the burden now lies with tolls' defenders.",
            unit(0.95, 0.312, 0),
        ),
        ("b", "Shifting the burden on two bridges' evidence is premature.", unit(0.4, 0.917, 0)),
    ]
    corpus = corpus_of(rows)
    w = weigh(corpus, 3, 1.0)
    against = [(p.row, p.why) for p in w.evidence if p.side == "against"]
    assert (0, "the view the target answers") in against
    assert w.verdict == "contested"  # its own author stands by it; Okafor holds the opposite
    # A target that agrees with what it reports ("Okafor is right that …") is not answering it.
    rows[3] = ("b", "Okafor is right about the burden, on this evidence.", unit(0.4, 0.917, 0))
    w = weigh(corpus_of(rows), 3, 1.0)
    assert all(p.why != "the view the target answers" for p in w.evidence)


def test_a_brief_sentence_between_a_report_and_its_answer_does_not_part_them() -> None:
    report = ("b", "Okafor argues that every ferry route needs a subsidy.", unit(0.95, 0.312, 0))
    answer = ("b", "A ferry that carries freight pays its own way.", unit(0.4, 0.917, 0))
    rows = [
        ("a", "Every ferry route needs a subsidy to survive.", unit(1, 0, 0)),
        ("a", "Ferries run on diesel.", unit(0, 0, 1)),
        report,
        ("b", "That is true of commuter boats.", unit(0, 0.2, 0.98)),
        answer,
    ]
    w = weigh(corpus_of(rows), 4, 1.0)
    against = [(p.row, p.why) for p in w.evidence if p.side == "against"]
    assert (0, "the view the target answers") in against
    # a sentence with a point of its own between them is an answer of its own: the target
    # after it answers nothing reported
    rows[3] = (
        "b",
        "Commuter boats on the northern lakes have needed public money for many decades.",
        unit(0, 0.2, 0.98),
    )
    w = weigh(corpus_of(rows), 4, 1.0)
    assert all(p.why != "the view the target answers" for p in w.evidence)
