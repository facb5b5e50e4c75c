"""General rules for what a fact question asks and what answers it, on made-up text only:
a percentage written out or a change by a fraction is an amount; an amount noun that
modifies the noun after it asks no sum; a word that only describes the subject (a
possessor, the subject of the clause, a statement before the question) asks for no
attribute; a partitive count ("two of my shops") names nothing; the chosen sentence that
tells of the asked thing indefinitely is declined; an interviewee's answers are about them."""

from __future__ import annotations

from counterpoint.answer import answerable, binding, speakers
from counterpoint.answer.asked import asked_for
from counterpoint.answer.attributes import asked_attributes
from counterpoint.answer.evidence import Evidence, Sentence
from counterpoint.answer.parts import asking_sentence
from counterpoint.answer.select import answering, score_sentences
from counterpoint.answer.understand import Analysis
from counterpoint.corpus.ids import content_hash
from counterpoint.corpus.models import Chunk, Document, Metadata
from counterpoint.corpus.sentences import sentence_spans


def _doc(doc_id: str, text: str) -> Evidence:
    doc = Document(doc_id, Metadata(doc_id, ()), text, content_hash(text), f"{doc_id}.md")
    return Evidence(chunk=Chunk(f"{doc_id}#0", doc_id, 0, len(text), text), doc=doc, score=0.5)


def _sentences(ev: Evidence, sims: list[float]) -> list[Sentence]:
    spans = sentence_spans(ev.doc.text, 0, len(ev.doc.text))
    return [Sentence(ev, s, e, sim) for (s, e), sim in zip(spans, sims, strict=True)]


def test_a_percentage_in_words_and_a_fractional_change_are_amounts() -> None:
    q = "How much did lamp sales fall at the harbour shop?"
    for text in (
        "Lamp sales at the harbour shop fell by 12 percent last winter.",
        "Lamp sales at the harbour shop fell by a third last winter.",
        "Lamp sales at the harbour shop fell by twelve per cent last winter.",
    ):
        assert answerable.holds("amount", text, q)
        assert binding.bound("amount", text, q, [])
    assert not answerable.holds("amount", "Lamp sales at the harbour shop fell sharply.", q)


def test_an_amount_noun_that_modifies_another_noun_asks_no_sum() -> None:
    assert "amount" not in asked_for("Which price list does Quill show for the lamp trade?")
    assert "amount" in asked_for("What price did the lamp shop charge?")
    assert "amount" in asked_for("What revenue figure did Lumen report?")
    assert "amount" in asked_for("How much are the dues the lamp guild pays?")


def names(question: str, typed: bool) -> list[str]:
    return [a.name for a in asked_attributes(question, typed)]


def test_a_word_that_only_describes_the_subject_asks_for_no_attribute() -> None:
    assert names("How many times did the founder's shop move its lamps last year?", True) == []
    assert names("What does the interviewed founder compare the lamp trade to?", False) == []
    preamble = "The founder spoke to us in May. How many lamps did the shop sell?"
    assert names(preamble, True) == []
    assert names("Who founded the lamp shop?", True) == ["founding"]
    assert names("How much funding had the lamp shop raised?", True) == ["funding"]


def test_a_partitive_count_names_nothing() -> None:
    text = (
        "I have moved two of my own lamp shops into candles for this reason. "
        "I looked at the candle sales of my own shops after a visit to Lumen last year."
    )
    ev = _doc("d", text)
    q = "Which two lamp shops did Quill move into candles?"
    analysis = Analysis(q, "question", ["organisation"])
    scored = score_sentences(analysis, _sentences(ev, [0.8, 0.35]), [])
    assert answering(scored, analysis, 0.3) is None


def test_a_chosen_sentence_that_tells_of_the_asked_thing_indefinitely_is_declined() -> None:
    text = "Shops were found through a lamp guild survey last year. Lumen sells lamps."
    ev = _doc("d", text)
    q = "Which lamp guild ran the survey through which the shops were found?"
    analysis = Analysis(q, "question", ["other"])
    scored = score_sentences(analysis, _sentences(ev, [0.5, 0.7]), [])
    assert answering(scored, analysis, 0.3) is None


def test_the_interviewed_person_is_meant_by_the_interview() -> None:
    assert speakers.means_interviewee("How many shops did the interviewed founder open?")
    assert not speakers.means_interviewee("How many shops did the founder open?")


def test_a_word_before_a_noun_made_of_a_verb_modifies_it() -> None:
    assert names("How long did staff training at the lamp shop take?", True) == []
    assert names("How many staff does the lamp shop employ?", True) == ["headcount"]


def test_how_long_is_answered_by_a_span_or_a_length_not_a_bare_count() -> None:
    q = "How long did the lamp training take?"
    assert answerable.in_asked_unit("The training took two weeks.", q)
    assert answerable.in_asked_unit("Training takes years and a lot of money.", q)
    assert answerable.in_asked_unit("The road runs 30 km.", "How long is the lamp road?")
    assert not answerable.in_asked_unit("Three trainers taught two thirds of the staff.", q)


def test_the_asking_sentence_is_the_question_without_its_preamble() -> None:
    q = "The chef spoke after the bakers' survey came out. How many bakeries did it cover?"
    assert asking_sentence(q) == "How many bakeries did it cover?"
    assert asking_sentence("How many bakeries did the survey cover?") == (
        "How many bakeries did the survey cover?"
    )
