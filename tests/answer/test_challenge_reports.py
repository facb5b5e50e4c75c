"""Whose claim a retrieved sentence judges: a report of the target's essay by reference, a
verdict after the writer's own statement or after a report of a third essay, and the
writer's denial after a reported view (hand-made corpora, no model; made-up text)."""

from __future__ import annotations

from sentence_rows import corpus_of, unit

from counterpoint.answer.sides import weigh
from counterpoint.answer.stance import refers_elsewhere, stance_towards
from counterpoint.answer.target import original_of

TARGET = "Tolls cut traffic on every bridge in the city."


def test_a_report_of_the_principal_essay_by_reference_is_no_restatement_in_favour() -> None:
    rows = [
        ("a", TARGET, unit(1, 0, 0)),
        ("b", "The essay argues that tolls cut traffic on every bridge.", unit(1, 0.1, 0)),
        ("b", "Drawing that from two bridges is premature.", unit(0.5, 0.866, 0)),
    ]
    w = weigh(corpus_of(rows, principal="a"), 0, 1.0)
    placed = {p.row: (p.side, p.why) for p in w.evidence}
    assert 1 not in placed  # it says what the essay holds, not that its writer agrees
    assert placed[2] == ("against", "answer to a report of the author")


def test_a_verdict_after_the_writers_own_statement_is_not_on_the_target() -> None:
    rows = [
        ("a", TARGET, unit(1, 0, 0)),
        ("b", "Tolls thin the traffic on the bridges at rush hour.", unit(0.8, 0.6, 0)),
        ("b", "But they are wrong to conclude that the ferries will close.", unit(0.1, 0, 1)),
    ]
    w = weigh(corpus_of(rows), 0, 1.0)
    assert 2 not in {p.row for p in w.evidence}
    # the same verdict after a report of a view does answer it
    verdict, report = rows[2][1], "Some drivers claim that tolls cut traffic on the bridges."
    assert stance_towards(verdict, TARGET, 0.1, report, 0.8).side == "against"
    st = stance_towards(verdict, TARGET, 0.1, rows[1][1], 0.8, previous_reports=False)
    assert st.side is None


def test_a_verdict_on_a_report_of_a_third_essay_is_not_on_the_target() -> None:
    rows = [
        ("a", TARGET, unit(1, 0, 0)),
        ("c", "Lund argues that tolls make the bridges quieter.", unit(0.6, 0.8, 0)),
        ("c", "I think that bet is wrong.", unit(0, 0, 1)),
    ]
    w = weigh(corpus_of(rows), 0, 1.0)
    assert 2 not in {p.row for p in w.evidence}  # it judges Lund's claim, not Okafor's


def test_the_writers_denial_after_a_reported_view_is_the_authors_answer() -> None:
    rows = [
        ("a", "Some drivers worry that tolls will empty the high street.", unit(1, 0, 0)),
        (
            "a",
            "I don't see it happening, because the shops sit by the stations.",
            unit(0.5, 0.866, 0),
        ),
    ]
    w = weigh(corpus_of(rows), 0, 1.0)
    placed = {p.row: (p.side, p.why) for p in w.evidence}
    assert placed[1] == ("against", "the author's answer")
    assert w.verdict == "refuted"


def test_a_part_of_a_text_as_the_subject_of_a_report_verb_reports_that_text() -> None:
    report = "The conclusion of the report suggests that tolls cut traffic on every bridge."
    assert refers_elsewhere(report)
    assert refers_elsewhere("The closing section of her book argues that ferries pay.")
    assert not refers_elsewhere("The logic of the market suggests that prices fall.")
    rows = [
        ("a", TARGET, unit(1, 0, 0)),
        ("a", "Ferries run on diesel.", unit(0, 0, 1)),
        ("b", report, unit(0.95, 0.312, 0)),
    ]
    assert original_of(2, corpus_of(rows, principal="a")) == 0  # it stands for the original


def test_the_next_sentence_of_the_claims_paragraph_is_its_own_case_unless_it_turns() -> None:
    claim = "A toll-free ferry pays for itself within a decade."
    reason = "If the boat carries two hundred cars a day, the fares saved exceed its cost."
    rows = [("a", claim, unit(1, 0, 0)), ("a", reason, unit(0.3, 0.954, 0))]
    placed = {p.row: (p.side, p.why) for p in weigh(corpus_of(rows), 0, 1.0).evidence}
    assert placed[1] == ("for", "the author's own case")  # an elaboration shares few words
    turn = "But the ferry pays for itself only when the bridge is closed."
    rows = [("a", claim, unit(1, 0, 0)), ("a", turn, unit(0.3, 0.954, 0))]
    assert 1 not in {p.row for p in weigh(corpus_of(rows), 0, 1.0).evidence}


def test_a_sentence_adopting_the_authors_view_is_not_against_the_claim() -> None:
    # "as Okafor argues, X" adopts the author's view, although X is negated and the target
    # is not (a negated restatement would otherwise count against)
    rows = [
        ("a", TARGET, unit(1, 0, 0)),
        (
            "b",
            "This is why, as Okafor argues, tolls do not cut traffic on the bridges at once.",
            unit(0.9, 0.436, 0),
        ),
    ]
    w = weigh(corpus_of(rows), 0, 1.0)
    placed = {p.row: (p.side, p.why) for p in w.evidence}
    assert placed[1] == ("for", "adopts the target author's view")
    # the same words without the attribution are a negated restatement, against
    plain = [rows[0], ("b", "Tolls do not cut traffic on the bridges at once.", rows[1][2])]
    w = weigh(corpus_of(plain), 0, 1.0)
    assert {p.row: p.side for p in w.evidence}[1] == "against"


def test_a_restatement_that_reports_or_grants_a_view_puts_its_essay_on_no_side() -> None:
    close = unit(0.9, 0.436, 0)
    rows = [
        ("a", TARGET, unit(1, 0, 0)),
        ("b", "Tolls cut the traffic on the city bridges, our counts show.", close),
        ("c", "Lund writes that tolls cut traffic on every bridge in the city.", close),
        ("d", "It's true that tolls cut traffic on every bridge in the city.", close),
    ]
    placed = {p.row: p.side for p in weigh(corpus_of(rows), 0, 1.0).evidence}
    assert placed.get(1) == "for"  # the writer's own restatement
    assert 2 not in placed  # what Lund holds, not what its writer holds
    assert 3 not in placed  # granted on the way to an answer, not held
