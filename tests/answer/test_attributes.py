"""The attribute a fact question asks about (its funding, its licence), the words that
narrow a measure ("what oven temperature"), and the binding and scoring rules that read the
question's words more robustly: made-up sentences only."""

from __future__ import annotations

from counterpoint.answer import answerable, binding, word_keys
from counterpoint.answer.asked import asked_for
from counterpoint.answer.attributes import asked_attributes, gives, qualifiers
from counterpoint.answer.compose import not_answered
from counterpoint.answer.evidence import Evidence, Sentence
from counterpoint.answer.question_names import subject_terms
from counterpoint.answer.select import answering, score_sentences
from counterpoint.answer.understand import Analysis
from counterpoint.corpus.ids import content_hash
from counterpoint.corpus.models import Chunk, Document, Metadata


def _names(question: str, typed: bool) -> list[str]:
    return [a.name for a in asked_attributes(question, typed)]


def test_a_typed_question_asks_for_the_attribute_it_names() -> None:
    assert _names("How much funding had Globex raised by 2020?", True) == ["funding"]
    assert _names("When was Vellum Labs founded?", True) == ["founding"]
    assert "headcount" in _names("How many employees does Vellum have?", True)


def test_an_untyped_question_asks_for_an_attribute_only_at_its_head() -> None:
    assert _names("What is the maximum fine for breaking the harbour code?", False) == ["penalty"]
    assert _names("What hardware does Vellum train on?", False) == ["hardware"]
    # Here "release" is part of what the reader describes, not what is asked for.
    assert _names("Why did Vellum release its weights to everyone?", False) == []


def test_a_hyphenated_word_is_not_its_first_part() -> None:
    assert _names("Which model was Lattice fine-tuned from?", True) == []
    assert not gives(asked_attributes("What fine applies?", False)[0], "It was fine-tuned.")


def test_a_sentence_gives_an_attribute_by_any_of_its_words() -> None:
    [funding] = asked_attributes("How much funding did Globex get?", True)
    assert gives(funding, "Globex raised forty million in its second round.")
    assert not gives(funding, "Globex, which makes lamps, has forty staff.")


def test_qualifiers_narrow_a_measure_noun() -> None:
    assert qualifiers("At what oven temperature should the tiles be fired?") == ["oven"]
    assert qualifiers("What revenue figure does the report give?") == ["revenue"]
    assert qualifiers("What is the price of a lamp?") == []
    assert qualifiers("At what temperature are the tiles fired?") == []


def _sentence(text: str, similarity: float) -> Sentence:
    doc = Document("d", Metadata("d"), text, content_hash(text), "d.md")
    chunk = Chunk("d#0", "d", 0, len(text), text)
    return Sentence(Evidence(chunk=chunk, doc=doc, score=0.5), 0, len(text), similarity)


def _answer(question: str, kinds: list[str], text: str, terms: list[str]) -> bool:
    analysis = Analysis(question, "question", kinds)
    scored = score_sentences(analysis, [_sentence(text, 0.6)], terms)
    return answering(scored, analysis, 0.3) is not None


def test_a_sentence_without_the_asked_attribute_does_not_answer() -> None:
    q = "How much funding had Globex raised?"
    assert not _answer(
        q, ["amount"], "Globex sold lamps worth $40 million to the fleet.", ["Globex"]
    )
    assert _answer(q, ["amount"], "Globex raised $40 million from two backers.", ["Globex"])


def test_an_untyped_attribute_question_needs_the_entity_and_the_attribute() -> None:
    q = "What hardware does Lattice train on?"
    assert not _answer(q, ["other"], "Most labs train on rented hardware these days.", ["Lattice"])
    assert _answer(q, ["other"], "Lattice trains on second-hand hardware.", ["Lattice"])


def test_a_narrowed_measure_must_be_the_one_given() -> None:
    q = "At what kiln temperature are the tiles fired?"
    assert not _answer(q, ["number"], "Tiles dry at a room temperature of twenty degrees.", [])
    assert _answer(
        q, ["number"], "Tiles are fired at a kiln temperature of nine hundred degrees.", []
    )


def test_a_unit_written_in_words_counts() -> None:
    q = "At what temperature, in degrees, are the tiles fired?"
    assert answerable.in_asked_unit("They are fired at nine hundred degrees.", q)
    assert answerable.in_asked_unit("Forty-five per cent of them crack.", "What percentage crack?")


def test_word_forms_share_a_key() -> None:
    assert word_keys.key_of("fork") == word_keys.key_of("forking")
    assert word_keys.key_of("raise") == word_keys.key_of("raised")


def test_a_possessive_subject_is_not_an_anchor() -> None:
    assert "globe" not in word_keys.anchor_keys("What is Globex's lamp called?", ["Globex"])


def test_a_clause_joining_both_named_entities_binds_the_asked_token() -> None:
    q = "In which month did Lattice become Trellis?"
    text = "Lattice was renamed Trellis in March, after a quiet winter."
    assert binding.bound("date", text, q, ["Lattice", "Trellis"])
    assert not binding.bound("date", "Lattice shipped in March.", q, ["Lattice", "Trellis"])


def test_a_capitalised_opening_word_is_not_a_subject() -> None:
    texts = {"d": "It doubles within a day. Lattice came from Globex."}
    assert subject_terms("Within how many hours does Lattice double?", texts) == ["Lattice"]


def test_a_figure_is_a_person_only_as_a_public_figure() -> None:
    assert "person" not in asked_for("What revenue figure does the report give for Globex?")
    assert "person" in asked_for("Which public figures does the essay name?")


def test_the_honest_no_names_the_attribute() -> None:
    text = not_answered("Globex", ["Lamps"], ["amount"], [], ["funding"])
    assert text.startswith("The essays mention Globex (in “Lamps”), but not its funding")


def test_relation_synonyms_share_a_key() -> None:
    assert word_keys.key_of("bought") == word_keys.key_of("acquired")
    assert word_keys.key_of("renamed") == word_keys.key_of("became")
    assert word_keys.key_of("renamed") != word_keys.key_of("bought")


def test_a_name_the_corpus_never_writes_is_unknown() -> None:
    from counterpoint.answer.compose import not_mentioned
    from counterpoint.answer.question_names import unknown_names

    vocab = frozenset(["lattice", "came", "from", "globex", "friend", "tech", "ipo"])
    assert unknown_names("How much has Vellum raised?", vocab) == ["Vellum"]
    # Any case, dotted handles by their parts, acronyms and opening words are not names.
    assert unknown_names("Where did LATTICE and Friend.tech come from?", vocab) == []
    assert unknown_names("When was the Zyx IPO?", vocab) == ["Zyx"]
    assert unknown_names("Which lab? Vellum or Globex?", vocab) == []
    text = not_mentioned(["Vellum"], [])
    assert text == "The essays do not mention Vellum: the corpus does not cover this question."


def test_who_wrote_is_answered_first_by_the_byline() -> None:
    from counterpoint.answer.compose import author_line

    line = author_line("Lamps, Not Towers", ("Bo Venn",), "2021-03-01")
    assert line == "“Lamps, Not Towers” is by Bo Venn (2021-03-01)."
    assert author_line("Untitled", (), None) is None


def test_one_as_a_pronoun_is_not_a_count() -> None:
    q = "How many lamps are there?"
    assert not answerable.has_number("It is the one the keepers liked.", q)
    assert not answerable.has_number("It was one of the brightest.", q)
    assert answerable.has_number("One lamp burned all night.", q)


def test_a_count_of_something_else_does_not_answer_how_many() -> None:
    from counterpoint.answer.attributes import counted

    assert counted("How many acres does the farm cover?") == ["acres"]
    assert counted("How many people work there?") == []  # too general to narrow
    q = "How many acres does Lattice farm cover?"
    assert not _answer(q, ["number"], "Lattice farm is run one season at a time.", ["Lattice"])
    assert _answer(q, ["number"], "Lattice farm covers forty acres of grass.", ["Lattice"])


def test_an_opening_word_the_corpus_also_capitalises_inside_a_sentence_is_a_name() -> None:
    texts = {"d": "The startup had a long runway. Users of Runway stayed loyal."}
    assert subject_terms("Runway charges how much?", texts) == ["Runway"]
