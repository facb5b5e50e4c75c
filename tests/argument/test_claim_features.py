"""Surface features of the offline claim score: narration (finite past verbs) and numbers
are evidence signals, so they must not fire on participles, adjectives or the pronoun
"one"."""

from __future__ import annotations

from counterpoint.kg.extract import scoring
from counterpoint.kg.extract.text import Sentence


def _features(text: str) -> dict[str, float]:
    return scoring.claim_features(Sentence(0, len(text), text, 3, None), None)


def test_participles_and_adjectives_in_ed_are_not_narration() -> None:
    assert scoring._past_verbs("Trust is earned slowly and widely shared.") == 0
    assert scoring._past_verbs("The shared registry has survived every fork.") == 0
    assert scoring._past_verbs("Indeed, speed is what buyers need.") == 0
    assert scoring._past_verbs("The team shipped the model and moved on.") == 2
    assert scoring._past_verbs("They went home and said nothing.") == 2
    assert _features("Vendors that lasted were trusted.")["past"] > 0
    assert _features("Vendors that last are trusted.")["past"] == 0


def test_the_pronoun_one_is_not_a_number() -> None:
    assert _features("A component is easy to swap for another one.")["number"] == 0
    assert _features("Two vendors hold most of the market.")["number"] == 1
    assert _features("Vendors grew 40 percent.")["number"] == 1


def test_compound_adjectives_in_ed_are_not_narration() -> None:
    assert scoring._past_verbs("Venture-backed labs and well-funded rivals compete.") == 0
    assert scoring._past_verbs("The lab backed the wrong standard.") == 1


def test_names_and_footnote_references_are_not_quantities() -> None:
    assert _features("GPT-4 and Web3 are not arguments for anything.")["number"] == 0
    assert _features("Brand follows reliability, not the reverse.[3]")["number"] == 0
    assert _features("Brand follows reliability.[^2]")["number"] == 0
    assert _features("Prices fell 7-8 times in a year.")["number"] == 1
    assert _features("In 2023 the market moved.")["number"] == 1


def test_ed_adjectives_after_determiners_are_not_narration() -> None:
    assert scoring._past_verbs("Every registered brand needs an inspector.") == 0
    assert scoring._past_verbs("Most talented teams leave.") == 0
    # after a relative "that" an "-ed" form is a finite verb
    assert scoring._past_verbs("The model that shipped first won.") == 2


def test_the_pronoun_i_is_not_a_name() -> None:
    assert _features("Brand matters less than I thought, and I'm sure of it.")["names"] == 0
    assert _features("Brand matters to Acme, Globex and Initech.")["names"] == 1


def test_a_view_adopted_with_as_is_the_authors_claim_not_a_report() -> None:
    adopted = "The better plan, as the essay suggested, is to own one narrow message."
    reported = "The essay suggested that the better plan is to own one narrow message."
    assert _features(adopted)["reported"] == 0
    assert _features(reported)["reported"] == 1
    assert _features("As the author argues, trust compounds slowly.")["reported"] == 0


def test_finite_present_verbs_outside_the_frequent_list_are_read_from_word_order() -> None:
    # made-up sentences: a verb after its subject, before a closed-class word
    assert _features("Ferries replace that bridge within a decade.")["finite_present"] == 1
    assert (
        _features("The tariff turns into a subsidy for the largest growers.")["finite_present"] == 1
    )
    assert _features("It puts a price on every crossing.")["finite_present"] == 1
    # a noun before an auxiliary, a past narration, a quantity: not read as present
    assert _features("The harbour tolls were raised twice.")["finite_present"] == 0
    assert _features("The ferry tolls rose to 12 dollars in the spring.")["finite_present"] == 0
    assert _features("Ferries replaced that bridge within a decade.")["finite_present"] == 0
    assert (
        _features("Toll roads attract the traffic that the free roads lose.")["finite_present"] == 1
    )


def test_an_inline_turn_label_is_not_scored_as_the_claims_words() -> None:
    # "My reply:" is the list's scaffolding, not first-person narration
    reply = "My reply: the toll falls on the drivers who can least avoid the road."
    assert _features(reply)["first_person"] == 0
    assert (
        _features("I reply that the toll falls on the drivers who drive most.")["first_person"] == 1
    )


def _claim_score(text: str) -> float:
    return scoring.claim_score(Sentence(0, len(text), text, 3, None), None)


def test_a_past_statement_with_a_frequency_adverb_is_a_generalisation() -> None:
    # characterizing (habitual) past: a claim about many occasions, not one event told
    habitual = "The licence fee was always a proxy for the value of the work being done."
    assert _features(habitual)["habitual"] == 1
    assert _claim_score(habitual) > 0
    # one event told, the author's own story, or a present statement: not habitual
    assert _features("The vendor shipped a patch and the buyers paid it.")["habitual"] == 0
    assert _features("I always walked to the office before the merger.")["habitual"] == 0
    assert _features("Buyers always pay for convenience in the end.")["habitual"] == 0


def test_an_opening_connective_is_not_a_past_verb_or_a_report() -> None:
    text = "That said, a reputation works as a multiplier on an existing advantage."
    assert _features(text)["past"] == 0
    assert _features(text)["reported"] == 0
    assert _claim_score(text) > 0
    # the clause after the connective is still read: a report stays a report
    assert _features("That said, the essay argued that brands fade.")["reported"] == 1
    assert _features("Still, the team shipped late and moved on.")["past"] > 0


def test_an_opening_once_before_its_clause_is_a_condition_not_narration() -> None:
    condition = (
        "Once a rival offers to absorb the switching cost, the lock-in turns into a discount."
    )
    assert _features(condition)["narration"] == 0
    # the narrator's "once": a past event
    assert (
        _features("Once the lab shipped a model every month, and buyers noticed.")["narration"] == 1
    )
    assert _features("Rivals once owned the customer and the booking screens.")["narration"] == 1
