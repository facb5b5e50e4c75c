"""A question that names two essays gets a lead sentence from each; for a typed question
("how long … according to 'A', and how long according to 'B'?") each essay's lead must hold
the asked-for kind, as the main lead must, not merely be that essay's closest sentence."""

from __future__ import annotations

from counterpoint.answer.evidence import Evidence, Sentence
from counterpoint.answer.scope import Scope
from counterpoint.answer.select import Scored, choose
from counterpoint.answer.understand import Analysis
from counterpoint.corpus.ids import content_hash
from counterpoint.corpus.models import Chunk, Document, Metadata


def _sentence(doc_id: str, text: str, similarity: float) -> Sentence:
    doc = Document(doc_id, Metadata(doc_id), text, content_hash(text), f"{doc_id}.md")
    chunk = Chunk(f"{doc_id}#0", doc_id, 0, len(text), text)
    return Sentence(Evidence(chunk=chunk, doc=doc, score=1.0), 0, len(text), similarity)


def test_each_named_essays_lead_holds_the_asked_for_kind() -> None:
    analysis = Analysis(
        "How long does a refit take according to 'A', and how long according to 'B'?",
        "question",
        ["number"],
        Scope(("a", "b"), strict=True, reason="named by title"),
    )
    lead = Scored(_sentence("a", "A refit takes days.", 0.5), 0.9, True, True)
    close = Scored(_sentence("b", "Refits are a matter of pride.", 0.6), 0.8, False, True)
    typed = Scored(_sentence("b", "A refit takes quarters.", 0.4), 0.7, True, True)
    chosen = choose([lead, close, typed], lead, analysis, 0.3)
    assert chosen[:2] == [lead.sentence, typed.sentence]
    untyped = Analysis(analysis.question, "question", ["other"], analysis.scope)
    assert choose([lead, close, typed], lead, untyped, 0.3)[1] == close.sentence
