"""Thesis signals on small hand-made essays: where theses sit, and a summed-up thesis voiced
in the first person still competing."""

from __future__ import annotations

from counterpoint.config import ClaimSettings
from counterpoint.corpus.ids import content_hash
from counterpoint.corpus.models import Document, Metadata, Span
from counterpoint.kg.extract import scoring
from counterpoint.kg.extract.claims import candidate_claims, extract_claims
from counterpoint.kg.extract.text import body_sentences


def _doc(title: str, paragraphs: list[str]) -> Document:
    text = "\n\n".join(paragraphs)
    spans, pos = [], 0
    for p in paragraphs:
        spans.append(Span("paragraph", pos, pos + len(p)))
        pos += len(p) + 2
    return Document("t", Metadata(title=title), text, content_hash(text), "t", tuple(spans))


ESSAY = [
    "Every vendor promises uptime. Reliable vendors will keep their customers far longer "
    "than loud ones, because trust is the only durable advantage in enterprise software.",
    "Buyers compare outages before they compare launch events. A vendor that misses an "
    "audit deadline should expect to lose the renewal, whatever its marketing budget.",
    "Marketing budgets buy attention for a quarter. Attention is not loyalty, and it "
    "fades quickly when the service fails during an audit.",
    "Put together, the record supports the reliability view more strongly than I expected "
    "when I started. The next renewal cycle will show it again.",
]


def test_thesis_positions_are_intro_end_conclusion_start_and_last_sentence() -> None:
    sentences = body_sentences(_doc("Reliability over hype", ESSAY))
    shape = scoring.essay_shape(sentences)
    texts = {sentences[i].text[:24] for i in scoring.thesis_positions(sentences, shape)}
    assert texts == {
        "Reliable vendors will ke",
        "Put together, the record",
        "The next renewal cycle w",
    }


def test_a_summing_up_sentence_in_the_first_person_can_be_the_thesis() -> None:
    doc = _doc("The record supports the reliability view", ESSAY)
    summing_up = next(s for s in body_sentences(doc) if s.text.startswith("Put together"))
    # read as a plain claim it scores too low (first person, past tense) ...
    assert all(c.start != summing_up.start for c in candidate_claims(doc) if not c.provisional)
    # ... yet the summing-up opening lets it compete, and it echoes the title
    theses = [c for c in extract_claims(doc) if c.is_thesis]
    assert [c.text for c in theses] == [summing_up.text]
    assert doc.text[theses[0].start : theses[0].end] == theses[0].text


def _scores(title: str, paragraphs: list[str]) -> dict[str, float]:
    """Thesis score of every sentence (as a candidate), by its first words."""
    sentences = body_sentences(_doc(title, paragraphs))
    scores = scoring.thesis_scores(title, sentences, range(len(sentences)), None)
    return {s.text[:20]: score for s, score in zip(sentences, scores, strict=True)}


def test_a_corrective_contrast_scores_above_the_same_claim_without_it() -> None:
    plain = "Suppliers win contracts through reliability and through careful audits."
    corrective = "Suppliers win contracts through reliability, not through loud launches."
    body = ["Audits take months. Buyers read the reports."]
    a = _scores("Supply", [plain, *body])[plain[:20]]
    b = _scores("Supply", [corrective, *body])[corrective[:20]]
    assert b > a


def test_a_view_still_being_granted_and_a_framing_sentence_score_down() -> None:
    granted = [
        "Some say the loudest vendor keeps its buyers. Hire a famous founder and the "
        "contracts will renew themselves every year. The record says otherwise.",
        "Reliable vendors keep their buyers because audits reward dependable service.",
    ]
    # the middle sentence spells out the view the paragraph granted, before the answer
    alone = _scores("Vendors", [granted[0].split(". ", 1)[1], granted[1]])
    inside = _scores("Vendors", granted)
    assert inside["Hire a famous founde"] < alone["Hire a famous founde"]
    framing = "The question worth asking is whether buyers renew contracts with vendors."
    stating = "The vendors worth backing are those whose buyers renew contracts yearly."
    assert _scores("Vendors", [framing])[framing[:20]] < _scores("Vendors", [stating])[stating[:20]]


def test_title_words_the_essay_rarely_uses_count_most() -> None:
    title = "Ledgers, Not Logos: vendors"
    paragraphs = [
        "Vendors sell software. Vendors buy advertising. Vendors hire staff.",
        "Ledgers decide which vendors last.",
    ]
    weights = scoring._title_word_weights(title, body_sentences(_doc(title, paragraphs)))
    assert weights["ledgers"] > weights["vendors"]
    assert abs(sum(weights.values()) - 1.0) < 1e-9


def test_an_essay_of_one_line_paragraphs_has_a_longer_introduction() -> None:
    """Four one-line paragraphs open this essay where another would write one: the
    introduction reaches the stated view (a tenth of the essay's words), so it can be the
    thesis, while a listed objection put up to be answered cannot."""
    body = (
        "Ferry operators have doubled their fares twice in a decade, and each time the "
        "councils that subsidise them paid the difference without asking what it bought. "
    )
    paragraphs = [
        "I have run a harbour for twenty years.",
        "This note is short.",
        "Nothing in the last year has changed my mind.",
        "Island councils should own their ferries outright rather than subsidise private "
        "operators.",
        *[body] * 8,
        "The objection: public operators cannot run ships as cheaply as private ones.",
        "My reply: the subsidy already pays for the ships, so the saving is imaginary.",
        "That is all.",
    ]
    sentences = body_sentences(_doc("Own the ferries", paragraphs))
    shape = scoring.essay_shape(sentences)
    assert {0, 1, 2, 3} <= shape.intro
    scores = _scores("Own the ferries", paragraphs)
    assert max(scores, key=lambda k: scores[k]) == "Island councils shou"
    assert scores["The objection: publi"] < scores["Island councils shou"]


def test_a_report_of_another_texts_view_is_not_the_responders_thesis() -> None:
    report = (
        "Ada Lund's essay on harbour tolls makes a claim that many pilots dislike: that tolls"
        " will empty the harbour within a decade."
    )
    own = "Tolls will empty the harbour within a decade, and the pilots are right to dislike them."
    body = ["Pilots count the ships every week. The harbour master publishes the counts."]
    reported = _scores("Harbour tolls", [report, *body])[report[:20]]
    stated = _scores("Harbour tolls", [own, *body])[own[:20]]
    # the two hold the same view in nearly the same words: the report frame costs it the
    # reported penalty (before, the two scored within 0.02 of each other)
    assert reported < stated - ClaimSettings().reported_penalty / 2
