"""A "why" question's lead quote carries the reason: the next sentence of the paragraph when
the lead sentence states the thing without one (still one exact span of the text)."""

from __future__ import annotations

from counterpoint.answer.evidence import Evidence, Sentence
from counterpoint.answer.select import lead_span
from counterpoint.answer.understand import analyse
from counterpoint.answer.verify import quote_of
from counterpoint.corpus.ids import content_hash
from counterpoint.corpus.models import Chunk, Document, Metadata

TEXT = (
    "A kettle is an unusually slow appliance. Its element is small and sits under a thick base."
    "\n\nKettles boil slowly because their elements are small. The base is thick."
    "\n\nA teapot is a vessel.\n\nIt holds tea."
)


def _lead(first: str) -> Sentence:
    doc = Document("d", Metadata("T"), TEXT, content_hash(TEXT), "d.md")
    chunk = Chunk("d#0", "d", 0, len(TEXT), TEXT)
    start = TEXT.index(first)
    return Sentence(Evidence(chunk=chunk, doc=doc, score=0.0), start, start + len(first), 0.9)


def test_why_takes_the_next_sentence_of_the_paragraph() -> None:
    lead = _lead("A kettle is an unusually slow appliance.")
    got = lead_span(lead, analyse("Why is a kettle called an unusually slow appliance?", [], None))
    assert quote_of(got) == TEXT.split("\n\n")[0]


def test_a_sentence_with_its_own_reason_or_no_follower_stays_whole() -> None:
    question = analyse("Why do kettles boil slowly?", [], None)
    own = _lead("Kettles boil slowly because their elements are small.")
    assert lead_span(own, question) == own
    last = _lead("A teapot is a vessel.")  # the next sentence opens another paragraph
    assert lead_span(last, analyse("Why is a teapot a vessel?", [], None)) == last


def test_other_questions_keep_the_sentence() -> None:
    lead = _lead("A kettle is an unusually slow appliance.")
    assert lead_span(lead, analyse("What is a kettle?", [], None)) == lead
