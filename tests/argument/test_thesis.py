"""Thesis signals on small hand-made essays: where theses sit, and a summed-up thesis voiced
in the first person still competing."""

from __future__ import annotations

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
