"""Reading a question offline: what it asks for, which essay it means, question or challenge,
and whether a passage holds the asked-for kind. Made-up essays only: the rules must not know
the bundled corpus."""

from __future__ import annotations

import datetime as dt

import pytest

from counterpoint.answer.answerable import holds
from counterpoint.answer.asked import asked_for
from counterpoint.answer.binding import bound
from counterpoint.answer.scope import EssayInfo, principal_essay, resolve_scope, responses_to
from counterpoint.answer.understand import analyse, claim_part, kind_of

ESSAYS = [
    EssayInfo("orig", "Why Lighthouses Still Matter", ("Ada Quill",), dt.date(2020, 1, 5)),
    EssayInfo("reply", "Lamps, Not Towers: A Reply", ("Bo Venn",), dt.date(2021, 3, 1)),
    EssayInfo("tax", "The Harbour Tax Is the Real Cost", ("Cy Marsh",), dt.date(2021, 6, 1)),
]
TEXTS = {
    "orig": "Lighthouses guide ships.",
    "reply": "Quill argues that towers matter. I disagree.",
    "tax": "As Quill writes, the towers are old. The harbour tax is what counts.",
}


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How much did the harbour authority spend on lamps?", "amount"),
        ("How many keepers worked there?", "number"),
        ("In what year was the tower built?", "date"),
        ("Who designed the first lens?", "person"),
        ("Which company made the lamps?", "organisation"),
        ("What is the name of the keeper's boat?", "name"),
        ("Which essay says towers are obsolete?", "essay"),
        ("Does the author think towers will last?", "position"),
        ("What does the essay say about fog?", "other"),
        ("When did the tower close?", "date"),
        ("When ships carry radar, what do keepers still do?", "other"),
        ("What is the harbour authority valued at?", "amount"),
        ("What is the range of the lamp's beam length?", "other"),
        ("What is the beam length of the new lamp?", "number"),
        ("What score did the lamp get in the fog trial?", "number"),
        ("Where is the lamp maker headquartered?", "name"),
        ("Which country built the lens?", "name"),
        ("What is the licence of the chart software?", "name"),
        ("Which investors backed the harbour trust?", "organisation"),
        ("Where does the author say the keepers went?", "other"),
    ],
)
def test_asked_for(question: str, kind: str) -> None:
    assert asked_for(question)[0] == kind


def test_two_part_question_asks_for_both() -> None:
    assert asked_for("In what year was the port founded, and by whom?") == ["date", "person"]


def test_a_time_clause_is_not_a_second_question() -> None:
    question = "How much did the port charge, when the author wrote about it?"
    assert asked_for(question) == ["amount"]
    assert asked_for("Who founded the port, and when?") == ["date", "person"]
    assert asked_for("Per a footnote, when was the port founded?") == ["date"]


def test_words_of_a_quoted_title_do_not_set_the_kind() -> None:
    assert asked_for("What does 'The Harbour Tax Is the Real Cost' liken towers to?") == ["other"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Towers are obsolete; lamps on poles do the same job.", "challenge"),
        ("Isn't the tower argument wrong because ships use radar?", "challenge"),
        ("As ships get radar, won't towers become pointless?", "challenge"),
        ("Can a harbour really afford a keeper today?", "challenge"),
        ("What does the essay argue about towers?", "question"),
        ("Does the author think towers will last?", "question"),
        ("Why is the tower argument wrong?", "both"),
        ("Why would anyone pay for a tower when ships carry radar?", "both"),
        ("What if towers are just a habit of the harbour board?", "both"),
        ("Why do keepers trim the lamp at dusk?", "question"),
        ("lighthouse lenses", "question"),
        ("Tell me about fog signals.", "question"),
        ("For how long has the keeper of 'North Light' tended the lamp?", "question"),
        ("Since when have ships carried radar?", "question"),
        ("From whom did the harbour board buy its lenses?", "question"),
        ("For years, towers have wasted the harbour's money.", "challenge"),
    ],
)
def test_question_or_challenge(text: str, kind: str) -> None:
    assert kind_of(text) == kind


def test_claim_part_drops_opener_and_reason() -> None:
    assert claim_part("Isn't it true that towers are obsolete because of radar?") == (
        "towers are obsolete"
    )
    assert claim_part("Doesn't a lamp outlast every tower?") == "a lamp outlast every tower"
    assert claim_part("Won't radar replace keepers?") == "radar replace keepers"


def test_principal_is_flagged_else_most_responded_to() -> None:
    incoming = responses_to(ESSAYS, TEXTS)
    assert incoming["orig"] == 2 and incoming["reply"] == 0
    assert principal_essay(ESSAYS, set(), incoming) == "orig"
    assert principal_essay(ESSAYS, {"tax"}, incoming) == "tax"
    assert principal_essay(ESSAYS, set(), {}) is None


def test_scope_by_title_author_description_and_principal() -> None:
    by_title = resolve_scope("According to 'Lamps, Not Towers', what lasts?", ESSAYS, "orig")
    assert by_title.doc_ids == ("reply",) and by_title.strict
    marsh = resolve_scope("What does Marsh say about fees?", ESSAYS, "orig")
    assert marsh.doc_ids == ("tax",) and not marsh.strict
    per_marsh = resolve_scope("Are fees fair, according to Marsh?", ESSAYS, "orig")
    assert per_marsh.doc_ids == ("tax",) and per_marsh.strict
    assert resolve_scope("What does the tax essay blame?", ESSAYS, "orig").doc_ids == ("tax",)
    bare = resolve_scope("What does the author say about fog?", ESSAYS, "orig")
    assert bare.doc_ids == ("orig",) and bare.reason == "principal"
    assert resolve_scope("What does the author say about fog?", ESSAYS, None).doc_ids == ()
    responses = resolve_scope("What do the response essays say?", ESSAYS, "orig")
    assert set(responses.doc_ids) == {"reply", "tax"}
    which = resolve_scope("Quill says towers matter. Which essay disagrees?", ESSAYS, "orig")
    assert not which.strict


def test_analysis_json_names_kind_type_and_essays() -> None:
    a = analyse("How much does the harbour tax cost, per Marsh?", ESSAYS, "orig")
    assert a.to_json() == {
        "kind": "question",
        "asked_for": ["amount"],
        "essays": ["tax"],
        "scope": "named author",
    }


@pytest.mark.parametrize(
    ("kind", "text", "question", "ok"),
    [
        ("amount", "The tower cost $40M to build.", "How much did it cost?", True),
        ("amount", "It took roughly a billion dollars.", "How much did it take?", True),
        ("amount", "The tower is very expensive.", "How much did it cost?", False),
        ("number", "Eleven keepers served there.", "How many keepers?", True),
        ("number", "Keepers served there for years.", "How many keepers?", False),
        ("date", "It opened in 1872.", "When did it open?", True),
        ("date", "It opened in 1872.", "Did it open in 1872, and when did it close?", False),
        ("person", "The lens was designed by Augustin Fresnel.", "Who designed it?", True),
        ("person", "The lens was designed in France.", "Who designed it?", False),
        ("name", "The keeper's boat was the Petrel.", "What was the boat called?", True),
        ("other", "Anything at all.", "What about fog?", True),
    ],
)
def test_passage_holds_the_asked_for_kind(kind: str, text: str, question: str, ok: bool) -> None:
    assert holds(kind, text, question) is ok


def test_a_number_in_another_unit_does_not_answer_a_question_that_names_its_unit() -> None:
    salt = "How much salt should go into the dough, as a percentage of the flour?"
    assert not holds("number", "A third of the flour can be rye.", salt)
    assert holds("number", "Use 2% salt.", salt)
    price = "At what price per share did the company's IPO open?"
    assert not holds("amount", "It reported a billion dollars in annual revenue.", price)
    assert holds("amount", "The shares opened at $14 a share.", price)
    oven = "At what oven temperature, in degrees, should the loaf be baked?"
    assert not holds("number", "Bake it for 40 minutes.", oven)
    assert holds("number", "Bake it at 250 degrees.", oven)
    # A unit that only sets the scene is not the unit asked for.
    assert holds("number", "eight hours or more", "How long does it take at twenty degrees?")


@pytest.mark.parametrize(
    ("kind", "text", "question", "subject", "ok"),
    [
        # a name beside the subject is its employer, not the memoir's title
        (
            "name",
            "Ada Quill of Globex hopes to lead the field, unusually for a pre-IPO founder, "
            "by writing a memoir.",
            "What is the title of the memoir Ada Quill is writing?",
            ["Ada Quill"],
            False,
        ),
        (
            "name",
            "Their Lattice library then created a network effect around the brand.",
            "Which library did Globex use to create its network effect?",
            ["Globex"],
            True,
        ),
        # "7B" is a model size, not a sum of money; a sum elsewhere is not this deal's worth
        (
            "amount",
            "It released a 7B model and soon had a distribution deal with Initech.",
            "How much was the distribution deal between Initech and Globex worth?",
            ["Initech", "Globex"],
            False,
        ),
        (
            "amount",
            "Globex, founded in 2019, raised hundreds of millions of dollars within a year.",
            "How much was the distribution deal between Initech and Globex worth?",
            ["Initech", "Globex"],
            False,
        ),
        # the relation worded differently: "acquired" / "bought"
        (
            "organisation",
            "Globex sold licences until Initech Systems bought it for a billion dollars.",
            "Who acquired Globex, and for about how much?",
            ["Globex"],
            True,
        ),
        (
            "amount",
            "Globex sold licences until Initech Systems bought it for a billion dollars.",
            "Who acquired Globex, and for about how much?",
            ["Globex"],
            True,
        ),
        # a person (a name a relative "who" follows) is not the name of a thing
        (
            "name",
            "Tools came from people like Bo Venn who tuned the Lattice models by hand.",
            "Which base model were the Lattice models tuned from?",
            ["Lattice"],
            False,
        ),
        (
            "name",
            "Bo Venn tuned the Lattice models from Harbor, an older base model.",
            "Which base model were the Lattice models tuned from?",
            ["Lattice"],
            True,
        ),
        # counts and dates are held to it too: a year in another clause is not the founding's
        (
            "date",
            "Globex is well known; the weather in 1999 was mild (as the almanac says).",
            "In what year was Globex founded?",
            ["Globex"],
            False,
        ),
        (
            "date",
            "Globex was founded in 1999 by two lamp makers.",
            "In what year was Globex founded?",
            ["Globex"],
            True,
        ),
        (
            "number",
            "Globex employs 40 keepers; the tower is 300 years old.",
            "How many keepers does Globex employ?",
            ["Globex"],
            True,
        ),
        # next to the subject only, a figure or a date measures something else about it
        (
            "amount",
            "Globex, with $5M in the bank, mostly sells lamps to keepers.",
            "How much funding did Globex raise from investors?",
            ["Globex"],
            False,
        ),
        (
            "amount",
            "Globex raised $5M from two lamp makers.",
            "How much funding did Globex raise from investors?",
            ["Globex"],
            True,
        ),
        (
            "date",
            "In 2019 Globex opened a second lighthouse on the coast.",
            "In what year was Globex founded?",
            ["Globex"],
            False,
        ),
    ],
)
def test_the_asked_for_token_is_bound_to_the_question(
    kind: str, text: str, question: str, subject: list[str], ok: bool
) -> None:
    assert holds(kind, text, question) or not ok
    assert bound(kind, text, question, subject) is ok


def test_a_list_is_bound_through_the_sentence_it_continues() -> None:
    question = "Which keepers does the essay pair with coastal lighthouses?"
    listed = "Ada Quill with Harbor Point, Bo Venn with Lantern Rock, and many others."
    lead_in = "Each coastal lighthouse came to be paired with one famous keeper."
    unrelated = "The almanac was reprinted twice."
    assert not bound("person", listed, question, [])
    assert bound("person", listed, question, [], lead_in=lead_in)
    assert not bound("person", listed, question, [], lead_in=unrelated)


def test_a_verb_after_what_is_not_the_asked_for_noun() -> None:
    assert "organisation" not in asked_for("Through what does a lab earn trust, per the essay?")
    assert "organisation" in asked_for("Which lab released its models over a torrent?")


def test_an_essay_named_as_a_time_is_not_the_scope() -> None:
    essays = [EssayInfo("seed", "The Seed"), EssayInfo("law", "Rules")]
    scope = resolve_scope(
        "Which law, adopted after the seed essay was written, binds providers?", essays, "seed"
    )
    assert scope.doc_ids == ()
    assert resolve_scope("What does the seed essay say about law?", essays, "seed").doc_ids == (
        "seed",
    )


def test_a_known_person_named_by_one_word_is_a_person() -> None:
    persons = ["Augustin Fresnel"]
    assert holds("person", "The lens was redesigned by Fresnel.", "Who redesigned it?", persons)
    assert not holds("person", "The lens was redesigned by Fresnel.", "Who redesigned it?")


def test_a_duration_named_by_its_unit_answers_how_long() -> None:
    question = "How long does refitting a lamp take?"
    assert holds("number", "A lamp can be refitted in days by one keeper.", question)
    assert holds("number", "Porting is measured in quarters, not days.", question)
    assert not holds("number", "A lamp can be refitted by the keeper.", question)


def test_a_quoted_title_may_hold_an_apostrophe() -> None:
    essays = [*ESSAYS, EssayInfo("cant", "What a Lamp Can't Do", ("Di Rowe",))]
    scope = resolve_scope("Who wrote 'What a Lamp Can't Do'?", essays, "orig")
    assert scope.doc_ids == ("cant",)


def test_a_description_after_another_essay_noun_phrase_still_names_the_essay() -> None:
    # "the author of the essay" must not swallow "essay about harbour taxes".
    scope = resolve_scope("Who is the author of the essay about harbour taxes?", ESSAYS, "orig")
    assert scope.doc_ids == ("tax",)


def test_who_wrote_asks_for_the_author_not_a_name_in_the_text() -> None:
    assert asked_for("Who wrote 'Lamps, Not Towers'?") == ["author"]
    assert asked_for("Who argues that towers still matter?") == ["author"]
    assert asked_for("Which author calls the harbour tax a moat?") == ["author"]
    assert asked_for("Who commanded the harbour fleet?") == ["person"]


def test_which_street_or_county_asks_for_a_name() -> None:
    """A place noun heading what is asked ("on which street", "in which county") asks for
    the place's name, as "which city" does; a plural or a place only mentioned does not."""
    assert asked_for("The council approved a tower there. On which street was it?") == ["name"]
    assert asked_for("In which county did the ferry levy pass?") == ["name"]
    assert asked_for("What do the essays say about the street?") == ["other"]
