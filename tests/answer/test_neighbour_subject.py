"""A fact sentence whose subject is named by its neighbour in the paragraph ("Marrowby is the
usual example. In 1402 the garrison held it …", "In the spring of 1987 a small firm went
public. Tallow's bankers …") answers with that neighbour; an irregular past ("held",
"began") binds to the base form a question uses ("hold", "begin"); a date that opens its
clause dates the whole clause. Made-up text only."""

from __future__ import annotations

from counterpoint.answer import binding
from counterpoint.answer.evidence import Evidence, Sentence
from counterpoint.answer.select import answering, score_sentences
from counterpoint.answer.understand import Analysis
from counterpoint.corpus.ids import content_hash
from counterpoint.corpus.models import Chunk, Document, Metadata
from counterpoint.corpus.sentences import sentence_spans


def _ranked(text: str, similarity: float = 0.5) -> list[Sentence]:
    doc = Document("d", Metadata("d"), text, content_hash(text), "d.md")
    ev = Evidence(chunk=Chunk("d#0", "d", 0, len(text), text), doc=doc, score=0.5)
    return [Sentence(ev, s, e, similarity) for s, e in sentence_spans(text, 0, len(text))]


def _lead(question: str, kinds: list[str], text: str, terms: list[str]) -> str | None:
    analysis = Analysis(question, "question", kinds)
    lead = answering(score_sentences(analysis, _ranked(text), terms), analysis, 0.3)
    return lead.sentence.text if lead is not None else None


def test_an_irregular_past_binds_to_the_questions_base_form() -> None:
    q = "In what year did work on the Quellmoor bridge begin?"
    assert binding.bound("date", "Its masons began it in 1611 after a flood.", q, ["Quellmoor"])
    q2 = "In what year did the garrison hold the tower?"
    assert binding.bound("date", "The garrison held the tower in 1402.", q2, [])


def test_a_date_opening_its_clause_dates_the_whole_clause() -> None:
    q = "In what year did Tallow go public?"
    text = "In the spring of 1987, a small firm that sold boxed seed catalogues went public."
    assert binding.bound("date", text, q, ["Tallow"])
    # a fronted date binds only a clause that holds the question's relation
    assert not binding.bound("date", "In 1987, a small firm sold boxed seed catalogues.", q, [])


def test_the_sentence_before_names_what_it_and_the_castle_stand_for() -> None:
    q = "In which year was Marrowby besieged, and how long did the garrison hold out?"
    text = (
        "Marrowby is the usual example. In 1402 the rebels of the north held the castle "
        "against the crown for a whole winter. Its walls still stand."
    )
    lead = _lead(q, ["date"], text, ["Marrowby"])
    assert lead is not None and lead.startswith("Marrowby is the usual example. In 1402")


def test_the_sentence_after_names_whose_fact_it_is() -> None:
    q = "In what year did Tallow go public?"
    text = (
        "In the spring of 1987, a small firm that sold boxed seed catalogues went public. "
        "Tallow's bankers had struggled to explain how seeds could pay."
    )
    lead = _lead(q, ["date"], text, ["Tallow"])
    assert lead is not None and "1987" in lead and "Tallow" in lead


def test_a_neighbour_naming_the_subject_does_not_bind_another_fact() -> None:
    """The guard stays: the neighbour names the subject, but the date measures something
    the question does not ask about."""
    q = "In what year did Tallow go bankrupt?"
    text = (
        "In the spring of 1987, a small firm that sold boxed seed catalogues went public. "
        "Tallow's bankers had struggled to explain how seeds could pay."
    )
    assert _lead(q, ["date"], text, ["Tallow"]) is None


def test_a_name_must_sit_beside_the_subject_itself() -> None:
    """A person named in a sentence that calls the subject "the castle" is that sentence's
    own actor, not the answer to who did something else to the castle."""
    q = "Who commanded the garrison that held Marrowby in 1402?"
    text = (
        "Marrowby is the usual example. In 1402 the followers of the late Odo Brisk held the "
        "castle against the crown for a whole winter."
    )
    assert _lead(q, ["person"], text, ["Marrowby"]) is None
