"""General rules for fact questions, on made-up text only: the author a question names is
the subject of every sentence of their own essay; rare question words weigh more than common
ones; an untyped question that names something is answered by a sentence about it; a figure
sentence that leans on the one before ("The gap averaged …") is quoted with it; a bracketed
name is its noun's apposition; a scene-setting opening names no attribute; a question is
never the answer; an interview question about the interviewee is a question, and "the
interview" means the corpus's interview; a name question whose closest sentence names the
thing only indefinitely is declined; a bare share is not a count."""

from __future__ import annotations

from counterpoint.answer import answerable, binding
from counterpoint.answer.attributes import asked_attributes
from counterpoint.answer.evidence import Evidence, Sentence
from counterpoint.answer.scope import EssayInfo, resolve_scope
from counterpoint.answer.select import answering, score_sentences
from counterpoint.answer.understand import Analysis, kind_of
from counterpoint.corpus.ids import content_hash
from counterpoint.corpus.models import Chunk, Document, Metadata
from counterpoint.corpus.sentences import sentence_spans


def _doc(doc_id: str, text: str, authors: tuple[str, ...] = ()) -> Evidence:
    doc = Document(doc_id, Metadata(doc_id, authors), text, content_hash(text), f"{doc_id}.md")
    return Evidence(chunk=Chunk(f"{doc_id}#0", doc_id, 0, len(text), text), doc=doc, score=0.5)


def _sentences(ev: Evidence, sims: list[float]) -> list[Sentence]:
    spans = sentence_spans(ev.doc.text, 0, len(ev.doc.text))
    return [Sentence(ev, s, e, sim) for (s, e), sim in zip(spans, sims, strict=True)]


def _lead(analysis: Analysis, ranked: list[Sentence], terms: list[str], **kw: object) -> str:
    lead = answering(score_sentences(analysis, ranked, terms, **kw), analysis, 0.3)  # type: ignore[arg-type]
    assert lead is not None
    return lead.sentence.text


def test_the_author_a_question_names_is_the_subject_of_their_own_sentences() -> None:
    own = _doc("own", "Each lamp costs at least $40k to install.", ("Ada Quill",))
    reply = _doc("reply", "Quill thinks that lamps are a public good, said in 2021.")
    q = "What minimum outlay per lamp does Quill assume?"
    analysis = Analysis(q, "question", ["amount"])
    ranked = [*_sentences(reply, [0.6]), *_sentences(own, [0.5])]
    assert _lead(analysis, ranked, ["Quill"]).startswith("Each lamp costs")


def test_a_rare_question_word_weighs_more_than_a_common_one() -> None:
    ev = _doc("d", "Lamp keepers gather in the harbour guild. Lamp keepers gather at the lamp.")
    q = "In which guild do lamp keepers gather?"
    analysis = Analysis(q, "question", ["other"])
    ranked = _sentences(ev, [0.5, 0.52])
    rare = {"guild": 3.0}

    def weights(keys: set[str]) -> dict[str, float]:
        return {k: rare.get(k[:5], 1.0) for k in keys}

    assert _lead(analysis, ranked, [], key_weights=weights).endswith("harbour guild.")


def test_an_untyped_question_that_names_something_is_answered_about_it() -> None:
    ev = _doc("d", "Harbour essays are many. Marrowby's reform came with a new tax.")
    q = "What came alongside Marrowby's reform?"
    analysis = Analysis(q, "question", ["other"])
    ranked = _sentences(ev, [0.9, 0.4])
    assert _lead(analysis, ranked, ["Marrowby"]).startswith("Marrowby's reform")


def test_a_figure_sentence_that_leans_on_the_one_before_is_quoted_with_it() -> None:
    text = "We compared rents of lamp-lit and dark streets.\n\nThe gap averaged about 7 percent."
    ev = _doc("d", text)
    q = "By how much, on average, were rents lower on dark streets?"
    analysis = Analysis(q, "question", ["number"])
    lead = _lead(analysis, _sentences(ev, [0.8, 0.2]), [])
    assert lead.startswith("We compared") and lead.endswith("7 percent.")


def test_a_bracketed_name_is_its_nouns_apposition() -> None:
    q = "Which platform is the open layer?"
    assert binding.bound("name", "It is one open layer (Lumen) and one closed one.", q, [])


def test_a_scene_setting_opening_names_no_attribute() -> None:
    q = "In the footnote about founders writing books, who is the closest comparison?"
    assert asked_attributes(q, True) == []
    assert [a.name for a in asked_attributes("Who are the founders of Globex?", True)] == [
        "founders"
    ]


def test_a_question_in_the_text_is_never_the_answer() -> None:
    ev = _doc("d", "Q: Would you build with no parking at all? Almost nobody builds zero parking.")
    q = "Would the builder build with no parking at all?"
    analysis = Analysis(q, "question", ["other"])
    assert _lead(analysis, _sentences(ev, [0.9, 0.6]), []).startswith("Almost nobody")


def test_a_yes_no_question_about_the_interviewee_is_a_question() -> None:
    assert kind_of("Would the interviewed builder put up towers with no parking?") == "question"
    assert kind_of("Does the developer in the interview build zero parking?") == "question"
    assert kind_of("Is the interviewee right that lenders want parking?") == "challenge"
    assert kind_of("Would abolishing minimums raise rents?") == "challenge"


def test_the_interview_means_the_corpus_interview() -> None:
    essays = [
        EssayInfo("talk", "A Conversation With a Builder", ("Bo Venn",), interview=True),
        EssayInfo("essay", "Let the Lots Go", ("Cy Marsh",)),
    ]
    scope = resolve_scope("In the interview, which rules cost more time?", essays, None)
    assert scope.doc_ids == ("talk",) and scope.strict


def test_a_name_told_only_indefinitely_is_not_given() -> None:
    text = "When a rival lamp maker began selling brighter bulbs, buyers moved. "
    ev = _doc("d", text + "Last year Lumen began selling candles in the north.")
    q = "Which rival lamp maker began selling brighter bulbs?"
    analysis = Analysis(q, "question", ["organisation"])
    scored = score_sentences(analysis, _sentences(ev, [0.8, 0.35]), [])
    assert answering(scored, analysis, 0.3) is None


def test_a_bare_share_is_not_a_count() -> None:
    q = "How many shoppers did the association survey?"
    text = "When we surveyed shoppers, fewer than a third had arrived by car."
    assert not answerable.has_number(text, q)
    assert answerable.has_number("Half the shoppers we surveyed came on foot.", q)


def test_an_open_question_about_one_thing_told_only_indefinitely_is_declined() -> None:
    ev = _doc("d", "The lamp launch is remembered mostly for a factual error in its own demo.")
    q = "What factual error did the lamp make in its launch demo?"
    analysis = Analysis(q, "question", ["other"])
    assert answering(score_sentences(analysis, _sentences(ev, [0.8]), []), analysis, 0.3) is None
    spelt = _doc("d", "One main reason is that lamps are cheap to run all night long.")
    q2 = "What main reason does the essay give for lamps?"
    analysis2 = Analysis(q2, "question", ["other"])
    assert answering(score_sentences(analysis2, _sentences(spelt, [0.8]), []), analysis2, 0.3)


def test_begin_and_start_are_one_relation() -> None:
    q = "When did Quellmoor start?"
    assert binding.bound("date", "Quellmoor began in 1611 after a long flood.", q, ["Quellmoor"])
