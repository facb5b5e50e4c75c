"""Within-essay counterpoints (issue 12 §4) on made-up sentences about nothing in the corpus:
the rules read the structure of granting and answering a view, not the essays they were
tuned on."""

from __future__ import annotations

from counterpoint.kg.extract.counterpoints import EssayClaim, within_links
from counterpoint.kg.extract.views import popular_frame


def _essay(*paragraphs: list[str]) -> list[EssayClaim]:
    out = []
    for p, sentences in enumerate(paragraphs):
        for s in sentences:
            out.append(EssayClaim(f"c{len(out)}", s, p, len(out)))
    return out


def _links(claims: list[EssayClaim]) -> set[tuple[str, str, str]]:
    return {(x.premise, x.conclusion, x.kind) for x in within_links(claims)}


def test_the_reason_given_for_an_answer_supports_it() -> None:
    claims = _essay(
        [
            "Some say that a longer warranty proves a better product.",
            "But a warranty by itself proves nothing.",
            "It is only worth something because a solvent company stands behind it.",
        ]
    )
    assert _links(claims) == {("c1", "c0", "attack"), ("c2", "c1", "support")}


def test_evidence_right_after_an_answer_supports_it() -> None:
    claims = _essay(
        [
            "Many growers believe that frost ended the old orchards.",
            "However, the orchards were already failing before the cold winters came.",
            "For example, yields had halved in the decade before the first hard frost.",
        ]
    )
    assert ("c2", "c1", "support") in _links(claims)


def test_no_reason_link_across_a_paragraph_break_or_to_a_new_turn() -> None:
    across = _essay(
        [
            "Some say that a longer warranty proves a better product.",
            "But a warranty by itself proves nothing.",
        ],
        ["It is only worth something because a solvent company stands behind it."],
    )
    assert _links(across) == {("c1", "c0", "attack")}
    turning = _essay(
        [
            "Some say that a longer warranty proves a better product.",
            "But a warranty by itself proves nothing.",
            "Still, buyers read it as a signal because they have little else to go on.",
        ]
    )
    assert ("c2", "c1", "support") not in _links(turning)


def test_a_concession_that_grants_the_view_is_not_a_view_of_its_own() -> None:
    """'Someone says X. It's true that X'. But Y': Y answers X; X' supports X and is not
    itself the view Y answers."""
    claims = _essay(
        [
            "Every few years someone tells me that paper ledgers are finished.",
            "It is true that a spreadsheet can sum a column faster than any clerk.",
            "But a spreadsheet can be changed without a trace, and a bound ledger cannot.",
        ]
    )
    assert _links(claims) == {("c1", "c0", "support"), ("c2", "c0", "attack")}


def test_an_answer_that_grants_the_view_first_is_not_a_new_view() -> None:
    """'There is something to that, but …' answers the view before it."""
    claims = _essay(
        [
            "Some growers will tell you that frost ended the old orchards.",
            "There is something to that, but the new highway ended them more surely.",
        ]
    )
    assert ("c1", "c0", "attack") in _links(claims)


def test_that_said_qualifies_what_its_own_paragraph_just_said() -> None:
    """A verdict in the paragraph before is what a qualification opening its paragraph
    answers; one inside a paragraph answers that paragraph's claims."""
    claims = _essay(
        ["Critics say rail freight is finished.", "That view is wrong on the evidence."],
        [
            "None of this means road haulage is useless.",
            "That said, trucks work best as feeders to the railhead rather than as rivals.",
        ],
    )
    assert ("c3", "c2", "attack") in _links(claims)
    assert ("c3", "c1", "attack") not in _links(claims)
    opening = _essay(
        ["Critics say rail freight is finished.", "That view is wrong on the evidence."],
        ["That said, the evidence is thin for the smallest lines."],
    )
    assert ("c2", "c1", "attack") in _links(opening)


def test_labelled_objection_and_reply_turns_attack_the_view() -> None:
    """An objection-and-reply text ("Objection." / "Reply." on their own): the reply's first
    claim attacks the view, a later reply claim that turns against it does too, and the next
    objection is answered by its own reply only."""
    from counterpoint.kg.extract.counterpoints import turn_of
    from counterpoint.kg.extract.pipeline import paragraph_turns
    from counterpoint.kg.extract.text import Sentence

    paragraphs = [
        ["Objection.", "Night trains cannot compete with cheap flights on any route."],
        [
            "Reply.",
            "On routes under a thousand kilometres the sleeper saves a hotel night.",
            "But the fares compared leave out the airport transfers.",
            "Most passengers travel with a suitcase and a small bag.",
        ],
        ["Objection 2:", "The rolling stock is too old to be worth saving."],
        ["Response:", "Refurbished coaches cost a fifth of new ones and run for decades."],
    ]
    sentences = [
        Sentence(0, 0, text, p, None) for p, texts in enumerate(paragraphs) for text in texts
    ]
    turns = paragraph_turns(sentences)
    assert turns == {0: "view", 1: "reply", 2: "view", 3: "reply"}
    assert turn_of("The claim is wrong.") is None  # a sentence, not a label
    claims = [
        EssayClaim(f"c{i}", s.text, s.paragraph, i, turns.get(s.paragraph))
        for i, s in enumerate(sentences)
        if turn_of(s.text) is None
    ]
    by_text = {c.text[:12]: c.id for c in claims}
    got = _links(claims)
    view1, view2 = by_text["Night trains"], by_text["The rolling "]
    assert (by_text["On routes un"], view1, "attack") in got
    assert (by_text["But the fare"], view1, "attack") in got
    assert (by_text["Most passeng"], view1, "attack") not in got  # neither first nor turning
    assert (by_text["Refurbished "], view2, "attack") in got
    assert (by_text["Refurbished "], view1, "attack") not in got


def test_inline_objection_and_reply_labels_link_each_reply_to_its_own_objection() -> None:
    """A numbered list of objections written inline ("The objection: X. My reply: Y."): each
    reply attacks its own objection, the objection counts as a view put up to be answered,
    and a clause before a colon that is not a turn label is not read as one."""
    from counterpoint.kg.extract.counterpoints import inline_turn, is_granted_view
    from counterpoint.kg.extract.pipeline import sentence_turns
    from counterpoint.kg.extract.text import Sentence

    paragraphs = [
        ["Rail freight will win back the long routes within a decade."],
        [
            "1. The objection: lorries will always be faster door to door.",
            "My reply: the door-to-door time is set by the depot, not the road.",
            "Depots near motorways already load trains overnight.",
        ],
        [
            "2. Myth: sidings are too expensive to reopen.",
            "Fact: a reopened siding costs less than a mile of new road.",
        ],
    ]
    sentences = [
        Sentence(0, 0, text, p, None) for p, texts in enumerate(paragraphs) for text in texts
    ]
    assert sentence_turns(sentences) == [None, "view", "reply", "reply", "view", "reply"]
    assert inline_turn("The problem is simple: nobody pays for sidings.") is None
    assert is_granted_view("The objection: lorries will always be faster door to door.")
    claims = [
        EssayClaim(f"c{i}", s.text, s.paragraph, i, turn)
        for i, (s, turn) in enumerate(zip(sentences, sentence_turns(sentences), strict=True))
    ]
    got = _links(claims)
    assert ("c2", "c1", "attack") in got and ("c5", "c4", "attack") in got
    assert ("c5", "c1", "attack") not in got and ("c2", "c4", "attack") not in got
    assert not any(premise == "c3" and kind == "attack" for premise, _, kind in got)


def test_views_of_long_described_sources_are_answered() -> None:
    # the source's description pushes its reporting verb past the first ten words
    described = _essay(
        [
            "People who have never kept bees on a hillside tend to believe that the hives"
            " fail because of the cold.",
            "Cold matters, but it is the smallest cause of a lost hive.",
        ]
    )
    assert ("c1", "c0", "attack") in _links(described)
    # an unnamed source that does not report a view is not one
    known = _essay(
        [
            "People who have kept bees on a hillside for twenty years know the hives well.",
            "Cold matters, but it is the smallest cause of a lost hive.",
        ]
    )
    assert ("c1", "c0", "attack") not in _links(known)


def test_a_view_set_up_with_existential_there_is_a_popular_view() -> None:
    assert popular_frame("There is a story going around that rooftop hives will feed the city.")
    assert popular_frame("There's a belief that hill farms cannot pay.")
    assert not popular_frame("There is a reason that hill farms keep bees.")
    assert not popular_frame("There is evidence that rooftop hives do well.")


def test_a_text_labelling_the_view_it_holds_reports_it() -> None:
    from counterpoint.kg.extract import signals

    assert signals.reports_view(
        "Ada Lund's essay on harbour tolls makes a claim that many pilots dislike: that"
        " tolls will empty the harbour."
    )
    assert signals.reports_view(
        "The article on ferry pricing ends on a striking bet: that fares will halve."
    )
    # the author's own framing, or a text as the subject of a plain statement, is no report
    assert not signals.reports_view("This essay makes the case that ferries beat bridges.")
    assert not signals.reports_view("The book sold well because its argument was simple.")


def test_a_corrective_not_but_is_no_turn_against_the_view_before() -> None:
    from counterpoint.kg.extract.views import view_polarity

    view = "Ada Lund's essay makes a claim that pilots dislike: that tolls will empty the harbour."
    # "not X but Y" corrects X by Y: the answer takes the named essay's view up
    agree = "What empties a harbour is not the toll but the silt in the channel."
    assert view_polarity(view, agree) == "support"
    # a contrast that turns against the view still attacks it
    assert view_polarity(view, "But the harbour was full all winter.") == "attack"


def test_a_claim_adding_to_an_answer_answers_the_same_view() -> None:
    """'Some say X. But Y. And Y'.' / 'In any case, Y'': an addition carries the answer's
    relation to the view; a claim that does not add (evidence, a new point) does not."""
    claims = _essay(
        [
            "Some say that small ferries cannot pay their way on island routes.",
            "But the island routes carry freight that no road can take.",
            "And a ferry that runs all year keeps the island's school open.",
            "In any case, the subsidy is smaller than the cost of a bridge.",
            "The harbour was rebuilt in the last century.",
        ]
    )
    got = _links(claims)
    assert {("c1", "c0", "attack"), ("c2", "c0", "attack"), ("c3", "c0", "attack")} <= got
    assert not any(premise == "c4" for premise, _, _ in got)
    # an addition in the next paragraph is no longer part of the answer
    apart = _essay(
        [
            "Some say that small ferries cannot pay their way on island routes.",
            "But the island routes carry freight that no road can take.",
        ],
        ["And a ferry that runs all year keeps the island's school open."],
    )
    assert ("c2", "c0", "attack") not in _links(apart)


def test_an_addition_to_a_labelled_reply_attacks_the_objection() -> None:
    claims = [
        EssayClaim(
            "v", "The objection: island ferries lose money on every crossing.", 0, 0, "view"
        ),
        EssayClaim("r", "My reply: the loss is smaller than a bridge's upkeep.", 0, 1, "reply"),
        EssayClaim(
            "a", "And a ferry can be moved to another route; a bridge cannot.", 0, 2, "reply"
        ),
        EssayClaim("e", "The crossing takes forty minutes in good weather.", 0, 3, "reply"),
    ]
    got = _links(claims)
    assert ("r", "v", "attack") in got and ("a", "v", "attack") in got
    assert ("e", "v", "attack") not in got


def test_a_view_framed_as_a_common_objection_is_answered_in_the_essay() -> None:
    claims = _essay(
        [
            "A common objection to the ferry figures is that one island proves nothing.",
            "But the same pattern held on all nine islands with a year-round service.",
        ]
    )
    assert _links(claims) == {("c1", "c0", "attack")}


def test_a_bare_reply_answers_through_the_claim_after_it() -> None:
    """'My reply: partly true. Y.': Y carries the reply's content and attacks the objection;
    the bare verdict is not linked in its place. Alone in its paragraph, it still is."""
    claims = [
        EssayClaim(
            "v", "The objection: island ferries lose money on every crossing.", 0, 0, "view"
        ),
        EssayClaim("b", "My reply: partly true.", 1, 1, "reply"),
        EssayClaim(
            "y", "The winter crossings lose money, and the summer ones pay for them.", 1, 2, "reply"
        ),
    ]
    got = _links(claims)
    assert ("y", "v", "attack") in got
    assert not any(premise == "b" for premise, _, _ in got)
    alone = [claims[0], EssayClaim("b", "My reply: partly true.", 1, 1, "reply")]
    assert _links(alone) == {("b", "v", "attack")}


def test_a_concession_in_a_later_paragraph_grants_a_view_of_its_own() -> None:
    """A truth concession grants the view of its own paragraph; one that opens a later
    paragraph sets up a view of its own, which the next turn answers."""
    claims = _essay(
        ["Every few years someone tells me that ferries make islanders dependent."],
        [
            "It's true that some of the old timetables were too sparse.",
            "But a better timetable is a very different thing from no ferry at all.",
        ],
    )
    got = _links(claims)
    assert ("c1", "c0", "support") not in got
    assert ("c2", "c1", "attack") in got
