"""Target choice and evidence quoting in challenge mode, on a hand-made sentence table (no
model): a view reported as nobody's is the corpus's statement of it, a report resolves to
the original the reader's words point at, a response's verdict stands for the claim it
answers, the verdict leans on the evidence balance, and a content-free verdict is quoted
with the sentence it judges."""

from __future__ import annotations

import numpy as np
from sentence_rows import corpus_of, unit

from counterpoint.answer.challenge_plan import _evidence_quote
from counterpoint.answer.sides import weigh
from counterpoint.answer.stance import content_free, generic_view
from counterpoint.answer.target import (
    PRINCIPAL_BONUS,
    answered_claim,
    find_target,
    near_ties,
    original_of,
    principal_bonus,
)
from counterpoint.answer.verdict import verdict_from
from counterpoint.kg.claims import ClaimRecord
from counterpoint.service import Counterpoint

Rows = list[tuple[str, str, np.ndarray]]


def _claim(cid: str, rows: Rows, row: int, attacks: tuple[str, ...] = ()) -> ClaimRecord:
    doc, text, _ = rows[row]
    start = sum(len(t) + 1 for d, t, _ in rows[:row] if d == doc)
    return ClaimRecord(
        cid, doc, text, start, start + len(text), False, 0.9, "x", attacks=list(attacks)
    )


def test_a_view_reported_as_nobodys_is_not_a_report_of_another_essay() -> None:
    assert generic_view("Some argue that benchmark scores are all buyers look at.")
    assert generic_view("The popular view is that a wide moat made a castle safe.")
    assert not generic_view("The essay argues that benchmark scores are all buyers look at.")
    assert not generic_view("Benchmark scores are all buyers look at.")


def test_content_free_verdicts_are_recognised() -> None:
    assert content_free("I think that bet is wrong.")
    assert content_free("Our data says otherwise.")
    assert not content_free("This is wrong for the buyers who actually generate revenue.")
    assert not content_free("Brand is a lagging indicator of a moat.")  # no verdict cue


def test_a_generic_concession_can_be_the_target() -> None:
    rows = [
        ("a", "Labs should sell hosting around their models.", unit(0.85, 0.5, 0)),
        ("b", "Some argue that benchmarks are all that buyers read.", unit(1, 0.05, 0)),
        ("b", "Our data says otherwise.", unit(0.3, 0, 1)),
    ]
    corpus = corpus_of(rows, [], principal="a")
    q = np.stack([unit(1, 0, 0)])
    found = find_target(q, "Benchmarks are all that buyers read.", corpus)
    assert found is not None and found[0] == 1


def test_a_report_resolves_to_the_original_the_question_points_at() -> None:
    rows = [
        ("a", "Open labs lose at scale.", unit(1, 0.2, 0)),
        ("a", "Open labs can sell custom models to governments.", unit(1, 0, 0.3)),
        ("b", "Okafor argues that open labs struggle.", unit(1, 0, 0)),
    ]
    corpus = corpus_of(rows, [], principal="a")
    # Both originals are close to the report; the reader's words pick the second.
    question_sims = corpus.table.vecs @ unit(0, 0, 1)
    assert original_of(2, corpus, question_sims) == 1
    assert original_of(2, corpus) == 0  # without the question: the report's nearest


def test_a_report_with_no_original_is_scored_like_any_sentence() -> None:
    rows = [
        ("a", "Castles fell to hunger, not to siege engines.", unit(0, 0, 1)),
        ("b", "Okafor argues that open labs struggle at scale.", unit(1, 0, 0)),
        ("b", "Open tooling is cheap to build.", unit(0.9, 0.436, 0)),
    ]
    corpus = corpus_of(rows, [], principal="a")
    assert original_of(1, corpus) is None  # essay "a" states nothing close to the report
    # The reader's words fit the report best: with no original to stand for, it is where the
    # corpus words that view, and it is not marked down for naming another author.
    found = find_target(np.stack([unit(1, 0, 0)]), "Is it so?", corpus)
    assert found is not None and found[0] == 1


def test_a_responses_verdict_stands_for_the_claim_it_answers() -> None:
    rows = [
        ("a", "Durable revenue comes from enduring narratives.", unit(1, 0, 0)),
        ("b", "Some founders believe stories keep customers.", unit(0.5, 1, 0)),
        ("b", "I disagree, because leaving is expensive.", unit(0, 1, 0)),
    ]
    target = _claim("ca", rows, 0)
    verdict = _claim("cb", rows, 2, attacks=("ca",))
    corpus = corpus_of(rows, [target, verdict], principal="a")
    sims = corpus.table.vecs @ unit(0, 1, 0)
    assert answered_claim(2, corpus, sims) == 0
    assert answered_claim(0, corpus, sims) is None  # a claim stated, not a verdict on one


def test_the_verdict_follows_the_balance_of_evidence() -> None:
    assert verdict_from(0.8, 0.6) == "contested"
    assert verdict_from(0.8, 0.2) == "supported"
    assert verdict_from(0.0, 1.1) == "refuted"
    assert verdict_from(0.0, 0.0) == "unclear"


def test_a_content_free_verdict_is_quoted_with_what_it_judges(service: Counterpoint) -> None:
    engine = service._answering()._engine()
    corpus = engine.corpus
    assert corpus is not None
    table = corpus.table
    row = next(
        i
        for i in range(len(table))
        if corpus.texts[table.doc_ids[i]][table.spans[i, 0] : table.spans[i, 1]]
        == "I think that bet is wrong."
    )
    quote = _evidence_quote(corpus, row, target_row=-1)
    text = corpus.texts[table.doc_ids[row]]
    assert quote.start == int(table.spans[int(table.prev[row]), 0])
    assert quote.end == int(table.spans[row, 1])
    assert text[quote.start : quote.end].endswith("I think that bet is wrong.")
    assert len(text[quote.start : quote.end]) > len("I think that bet is wrong.")
    # Never reaching back into the target claim itself.
    bare = _evidence_quote(corpus, row, target_row=int(table.prev[row]))
    assert (bare.start, bare.end) == tuple(int(x) for x in table.spans[row])


def test_a_claim_its_essay_states_is_contested_not_refuted() -> None:
    """Attacked by another essay, a claim whose own author stands by it is contested."""
    rows = [
        ("a", "Open labs lose at scale.", unit(1, 0, 0)),
        ("b", "This is wrong: open labs win at scale.", unit(0.9, 0.3, 0)),
        ("b", "I disagree, and the numbers show it clearly.", unit(0.8, 0.4, 0)),
    ]
    w = weigh(corpus_of(rows, [], principal="a"), 0, 1.0)
    assert [p.side for p in w.evidence] == ["against"]
    assert w.verdict == "contested"


def test_agreeing_with_the_author_who_answers_a_reported_view_is_against_the_view() -> None:
    rows = [
        ("a", "Some argue that brands decide which lab wins.", unit(1, 0, 0)),
        ("a", "But they are wrong: switching costs decide.", unit(0.8, 0.6, 0)),
        ("b", "I think he is right, and the evidence agrees.", unit(0.8, 0, 0.6)),
        ("c", "Brands decide which lab wins, plainly.", unit(0.95, 0, 0.3)),
    ]
    w = weigh(corpus_of(rows, [], principal="a"), 0, 1.0)
    by_row = {p.row: p.side for p in w.evidence}
    assert by_row[1] == "against"  # the author's own answer
    assert by_row[2] == "against"  # a verdict on the author, who rejects the view
    assert by_row.get(3) != "against"  # a plain restatement is not turned round
    # A restatement alone does not make the view's side substantial: the author refutes it.
    assert w.verdict == "refuted"


def test_a_runner_up_within_the_margin_is_a_near_tie() -> None:
    ranked = [(4, 0.80), (7, 0.79), (2, 0.78)]
    assert near_ties(ranked) == [7]  # at most one, and only when about as close
    assert near_ties([(4, 0.80), (7, 0.70)]) == []
    assert near_ties([(4, 0.80)]) == []
    assert near_ties([]) == []


def test_the_sentence_that_carries_the_claim_on_is_its_essays_case() -> None:
    rows = [
        ("a", "Open labs can sell custom models to governments.", unit(1, 0, 0)),
        ("a", "Defence ministries pay well for models they can audit.", unit(0.6, 0.8, 0)),
        ("a", "Open labs can sell custom models to large firms too.", unit(0.95, 0, 0.3)),
    ]
    w = weigh(corpus_of(rows, [], principal="a"), 0, 1.0)
    own = [p for p in w.evidence if p.source == "target essay"]
    assert [(p.row, p.side) for p in own] == [(1, "for")]  # not the closer restatement
    rows[1] = ("a", "Defence ministries pay well.", unit(0.2, 1, 0))  # off the point
    w = weigh(corpus_of(rows, [], principal="a"), 0, 1.0)
    assert [p.row for p in w.evidence if p.source == "target essay"] == [2]


def test_a_verdict_on_the_point_as_the_reader_words_it_is_evidence() -> None:
    rows = [
        ("a", "Only a closed vendor can indemnify a customer.", unit(1, 0, 0)),
        ("a", "Tides and harbours are another matter.", unit(0, 0, 1)),
        ("b", "This is wrong: open-weights vendors now sign indemnities too.", unit(0.3, 1, 0)),
    ]
    corpus = corpus_of(rows, [], principal="a")
    # Far from the claim's own wording, the sentence is not read for stance ...
    assert not [p for p in weigh(corpus, 0, 1.0).evidence if p.row == 2]
    # ... but the reader's words put the point in dispute right next to it.
    q = unit(0.3, 1, 0)
    placed = [p for p in weigh(corpus, 0, 1.0, "Nobody else can?", q).evidence if p.row == 2]
    assert [p.side for p in placed] == ["against"]


def test_coverage_weighs_the_readers_rare_words_by_their_rarity() -> None:
    rows = [
        ("a", "Parking rules shape housing.", unit(1, 0, 0)),
        ("a", "Parking rules shape streets.", unit(1, 0, 0)),
        ("b", "Parking rules fail on residential streets.", unit(1, 0, 0)),
    ]
    corpus = corpus_of(rows, [], principal="a")
    words = {"parking", "residential"}
    # "parking" is in every sentence and says little; "residential" is in one.
    assert corpus.coverage(words, 2) == 1.0
    assert 0.0 < corpus.coverage(words, 0) < 0.5
    assert corpus.coverage({"streets"}, 1) == 1.0  # plural meets plural
    assert corpus.coverage({"street"}, 1) == 1.0  # and singular meets plural


def test_the_principal_bonus_needs_the_readers_rare_words() -> None:
    assert principal_bonus(0.30, 0.32) == PRINCIPAL_BONUS  # about as well covered
    assert principal_bonus(0.10, 0.40) == 0.0  # a rival holds what the reader names


def test_a_specific_challenge_targets_the_sentence_that_names_its_content() -> None:
    rows = [
        ("a", "Parking rules make every home dearer.", unit(1, 0.1, 0)),
        ("a", "Kettles boil water.", unit(0, 0, 1)),
        ("b", "Pricing the kerb fails on quiet residential lanes.", unit(0.8, 0.6, 0)),
        ("b", "Ovens bake bread.", unit(0, 0.2, 1)),
    ]
    corpus = corpus_of(rows, [], principal="a")
    q = np.stack([unit(1, 0.15, 0)])
    # The principal essay's sentence is closer in meaning, but the reader names the
    # residential lanes that only the other essay's sentence holds.
    found = find_target(q, "Quiet residential lanes can price the kerb too.", corpus)
    assert found is not None and found[0] == 2


def test_a_general_challenge_keeps_the_principal_essays_lead() -> None:
    rows = [
        ("a", "Parking rules make every home dearer.", unit(1, 0.1, 0)),
        ("a", "Kettles boil water.", unit(0, 0, 1)),
        ("b", "Pricing the kerb fails on quiet residential lanes.", unit(0.9, 0.436, 0)),
        ("b", "Ovens bake bread.", unit(0, 0.2, 1)),
    ]
    corpus = corpus_of(rows, [], principal="a")
    q = np.stack([unit(1, 0.15, 0)])
    # Words neither sentence holds: the principal essay's closer sentence keeps its bonus.
    found = find_target(q, "Zoning codes are a poor guide.", corpus)
    assert found is not None and found[0] == 0
