"""A short verdict on a view another text holds is stored, to carry the cross-essay link."""

from __future__ import annotations

from counterpoint.kg.extract.claims import Claim, _reports_a_text, keeps
from counterpoint.kg.extract.text import Sentence


def _sentences(*paragraphs: list[str]) -> list[Sentence]:
    out: list[Sentence] = []
    at = 0
    for p, texts in enumerate(paragraphs):
        for t in texts:
            out.append(Sentence(at, at + len(t), t, p, None))
            at += len(t) + 1
    return out


def _provisional(s: Sentence, index: int) -> Claim:
    return Claim(
        s.start, s.end, s.text, 0.4, False, s.paragraph, None, index=index, provisional=True
    )


def test_a_verdict_on_a_reported_text_view_is_kept() -> None:
    sents = _sentences(
        [
            "The article claims that loyalty programmes will decide the grocery market.",
            "This is wrong for shoppers on a budget.",
        ]
    )
    assert keeps(_provisional(sents[1], 1), 1, sents, carried=False)


def test_other_short_provisional_claims_still_need_a_link() -> None:
    sents = _sentences(
        [
            "He liked to say that the farm would outlast him.",
            "He was wrong about that.",
        ],
        ["The article claims that loyalty programmes will decide the grocery market."],
        ["This is wrong for shoppers on a budget."],
        ["Prices rose.", "Budgets shrank."],
    )
    # a person of the story, not a text, holds the view
    assert not keeps(_provisional(sents[1], 1), 1, sents, carried=False)
    # the report is in another paragraph
    assert not keeps(_provisional(sents[3], 3), 3, sents, carried=False)
    # no verdict
    assert not keeps(_provisional(sents[5], 5), 5, sents, carried=False)
    # a within-essay link carries any provisional claim
    assert keeps(_provisional(sents[5], 5), 5, sents, carried=True)


def test_reports_of_texts_and_writers_not_of_story_people_or_unnamed_others() -> None:
    assert _reports_a_text("The essay argues that community is the only moat left.")
    assert _reports_a_text("Okafor predicts that prices will fall by half.")
    assert not _reports_a_text("She always said that the river would flood again.")
    assert not _reports_a_text("Some people say that community is the only moat left.")
    assert not _reports_a_text("Community is the only moat left.")
