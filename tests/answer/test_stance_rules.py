"""Stance rules on made-up sentences: the writer's own self-doubt is no verdict, a cue word
inside a hyphenated compound is none either ("by-right"), and an
unnegated restatement counts from a lower closeness than a negated one; a view any group
holds or worries about ("Some gardeners worry that X") is reported, to be answered; a
condition presented as contrary to fact ("If X were so, Y would follow") denies X."""

from __future__ import annotations

from counterpoint.answer.stance import (
    AGREEING_RESTATEMENT_SIMILARITY,
    RESTATEMENT_SIMILARITY,
    counterfactual,
    is_concession,
    stance_score,
    stance_towards,
    verdict_score,
    without_self_doubt,
)

CLAIM = "Lighthouses will outlast satellite navigation."


def test_self_doubt_is_no_verdict() -> None:
    hedged = "I doubt lighthouses last long, but maybe I'll be wrong, so please tell me."
    assert verdict_score("Perhaps I could be wrong about the keepers.") < 0  # the raw cue
    assert stance_score("Perhaps I could be wrong about the keepers.") == 0
    assert stance_score("We may well be mistaken about the keepers.") == 0
    assert stance_score("Correct me if I am wrong about the keepers.") == 0
    assert stance_score("The harbour board might prove me wrong.") == 0
    # the remaining cue still counts: "I doubt" is a verdict of its own
    assert stance_score(hedged) < 0
    near = "Lighthouses will surely outlast satellites, though I might be wrong."
    assert stance_towards(near, CLAIM, 0.55).side is None


def test_verdicts_on_others_are_kept() -> None:
    assert stance_score("The harbour board is wrong about the keepers.") < 0
    assert stance_score("They would be wrong to close the lighthouse.") < 0
    assert stance_score("We are wrong to assume the lamps are obsolete.") < 0
    assert stance_score("I may be wrong, but the board is mistaken.") < 0
    assert stance_towards("The board is wrong about that.", CLAIM, 0.7).side == "against"
    text = "Lighthouses, I may be wrong, will outlast satellites."
    assert without_self_doubt(text) != text
    assert without_self_doubt(CLAIM) == CLAIM


def test_agreeing_restatement_counts_from_a_lower_floor() -> None:
    between = (AGREEING_RESTATEMENT_SIMILARITY + RESTATEMENT_SIMILARITY) / 2
    assert AGREEING_RESTATEMENT_SIMILARITY < RESTATEMENT_SIMILARITY
    same = "Lighthouses will still be lit when satellite navigation is gone."
    negated = "Lighthouses will not outlast satellite navigation."
    st = stance_towards(same, CLAIM, between)
    assert (st.side, st.why) == ("for", "restatement")
    assert stance_towards(negated, CLAIM, between).side is None  # the negated floor holds
    assert stance_towards(negated, CLAIM, RESTATEMENT_SIMILARITY).side == "against"
    assert stance_towards(same, CLAIM, AGREEING_RESTATEMENT_SIMILARITY - 0.01).side is None


def test_a_cue_word_inside_a_hyphenated_compound_is_no_verdict() -> None:
    assert verdict_score("A by-right permit removes the hearing for every kiosk.") == 0
    assert verdict_score("The right-hand lane closes at dusk.") == 0
    assert verdict_score("The harbour board is right about the kiosks.") > 0
    assert verdict_score("The so-called reform is wrong about the kiosks.") < 0
    st = stance_towards("A by-right permit lets any kiosk open.", CLAIM, 0.2, about=0.7)
    assert st.side is None


def test_a_view_any_group_holds_or_worries_about_is_reported() -> None:
    # "They say" templates with a group other than the listed ones, and worry / fear /
    # contend as reporting verbs: the author states such a view in order to answer it.
    for text in (
        "Some gardeners worry that pruning in spring weakens the tree.",
        "Many economists argue that tariffs raise prices.",
        "Most parents fear that screens harm sleep.",
        "Some people think the museum should close.",
    ):
        assert is_concession(text), text
    for text in ("Some days are longer than others.", "Many towns grew along the river."):
        assert not is_concession(text), text


def test_a_verdict_pointing_back_is_quoted_with_what_it_judges() -> None:
    from counterpoint.answer.stance import judges_what_came_before

    assert judges_what_came_before("This is wrong for the shoppers who actually pay.")
    assert judges_what_came_before("I think that bet is wrong.")
    # a verdict that names what it judges stands alone
    assert not judges_what_came_before(
        "The loyalty-programme forecast for grocery chains is wrong for shoppers on a budget."
    )
    # pointing back without a verdict is not a verdict on anything
    assert not judges_what_came_before("This is where the shoppers on a budget buy their bread.")


def test_a_condition_contrary_to_fact_denies_the_claim() -> None:
    denial = (
        "If lighthouses were outlasting satellite navigation, harbours would be hiring "
        "keepers; instead they are selling the towers."
    )
    assert counterfactual(denial)
    assert stance_towards(denial, CLAIM, 0.7).side == "against"
    # a negated claim and a denied condition say the same thing
    negated = "Lighthouses will not outlast satellite navigation."
    assert stance_towards(denial, negated, 0.7).side == "for"
    # a remote future ("were to") and a plain condition deny nothing
    assert not counterfactual("If the lamps were to fail, ships would slow down.")
    assert not counterfactual("If the lamps fail, ships will slow down.")
    plain = "If lighthouses outlast satellite navigation, keepers will stay busy."
    assert stance_towards(plain, CLAIM, 0.7).side == "for"
