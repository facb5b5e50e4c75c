"""The done-criterion on the labelled set: gold passages cited, citations verified, out-of-corpus
questions declined, hybrid retrieval at least as good as either method alone."""

from __future__ import annotations

import pytest

from counterpoint.retrieval.evaluate import load_qa, overlaps, recall_mrr
from counterpoint.service import Counterpoint
from helpers import DATA

QA = DATA / "qa" / "questions.json"


@pytest.mark.slow
def test_labelled_questions_cite_their_gold_passage(service: Counterpoint) -> None:
    texts = {d: doc.text for d, doc in service.view.docs.items()}
    golds, out_of_corpus, missing = load_qa(QA, texts)
    assert missing == [] and len(golds) >= 40
    cited = 0
    for g in golds:
        answer = service.ask(g.question)
        for c in answer.citations:
            assert texts[c.doc_id][c.start : c.end] == c.quote
        cited += any(overlaps(g, c.doc_id, c.start, c.end) for c in answer.citations)
    assert cited / len(golds) >= 0.9, f"{cited}/{len(golds)} gold passages cited"
    for q in out_of_corpus:
        answer = service.ask(q)
        assert not answer.grounded and answer.citations == [], q
        assert "does not cover" in answer.answer


@pytest.mark.slow
def test_hybrid_recall_is_at_least_each_method_alone(service: Counterpoint) -> None:
    texts = {d: doc.text for d, doc in service.view.docs.items()}
    golds, _, _ = load_qa(QA, texts)
    recall = {
        m: recall_mrr(golds, lambda q, m=m: [e.chunk for e in service.retrieve(q, 5, method=m)])[0]
        for m in ("dense", "lexical", "hybrid")
    }
    assert recall["hybrid"] >= max(recall["dense"], recall["lexical"]), recall
