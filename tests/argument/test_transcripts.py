"""A Q&A or interview transcript: the one who asks is not the author of the claims, and a
speaker label ("A:") is not part of a claim's quote."""

from __future__ import annotations

from counterpoint.corpus.ids import content_hash
from counterpoint.corpus.models import Document, Metadata, Span
from counterpoint.kg.extract.claims import extract_claims
from counterpoint.kg.extract.text import body_sentences, speaker_turns

TRANSCRIPT = [
    "An edited conversation with a procurement lead at a regional bank.",
    "Q: You buy software for a living. What actually decides a renewal?",
    "A: Reliability decides every renewal we sign, far more than marketing or launch events "
    "ever could. We renew the vendors whose systems stayed up during the audit.",
    "Q: Surely a famous brand helps?",
    "A: A famous name gets a vendor into the first meeting.",
    "It does not keep that vendor in the second year, because buyers forgive a dull brand "
    "far more easily than a missed deadline.",
]


def _doc(paragraphs: list[str]) -> Document:
    text = "\n\n".join(paragraphs)
    spans, pos = [], 0
    for p in paragraphs:
        spans.append(Span("paragraph", pos, pos + len(p)))
        pos += len(p) + 2
    return Document("t", Metadata(title="Renewals"), text, content_hash(text), "t", tuple(spans))


def test_the_askers_turns_are_not_body_text_and_labels_are_cut() -> None:
    doc = _doc(TRANSCRIPT)
    sentences = body_sentences(doc)
    texts = [s.text for s in sentences]
    assert not any("You buy software" in t or "famous brand helps" in t for t in texts)
    assert "Reliability decides every renewal" in texts[1][:40]
    assert texts[1].startswith("Reliability")
    assert texts[3] == "A famous name gets a vendor into the first meeting."
    # the answer's second paragraph is still the answerer's turn
    assert texts[-1].startswith("It does not keep")
    for s in sentences:
        assert doc.text[s.start : s.end] == s.text
    for c in extract_claims(doc):
        assert doc.text[c.start : c.end] == c.text and not c.text.startswith(("A:", "Q:"))


def test_an_asker_is_found_by_questions_when_not_named_so() -> None:
    paragraphs = [
        "Lee: Why do vendors lose renewals?",
        "Kim: They miss deadlines.",
        "Lee: And does a brand help them?",
        "Kim: Only for the first meeting.",
    ]
    turns = speaker_turns(paragraphs)
    assert [turns[i][1] for i in range(4)] == [True, False, True, False]
    assert turns[1][0] == len("Kim: ")


def test_an_essay_with_a_few_labelled_paragraphs_is_not_a_transcript() -> None:
    paragraphs = [
        "Note: figures are from the 2023 survey.",
        "Vendors that miss deadlines lose renewals.",
        "Update: the survey was repeated this year.",
        "Buyers still forgive a dull brand.",
    ]
    assert speaker_turns(paragraphs) == {}
    texts = [s.text for s in body_sentences(_doc(paragraphs))]
    assert texts[0].startswith("Note:")
