"""Grounded answers: quotes verbatim at their offsets; out-of-corpus questions declined."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from counterpoint.answer.models import Citation
from counterpoint.answer.verify import verified
from counterpoint.cli import cli
from counterpoint.errors import GroundingError
from counterpoint.service import Counterpoint
from helpers import SEED_ID


def test_brand_moat_question_is_answered_with_verified_citations(service: Counterpoint) -> None:
    answer = service.ask("What does the essay argue about brand moats?")
    assert answer.grounded
    assert answer.citations
    texts = {d: doc.text for d, doc in service.view.docs.items()}
    for c in answer.citations:
        assert texts[c.doc_id][c.start : c.end] == c.quote
        assert f"[{c.n}]" in answer.answer
        assert c.title and c.authors and c.date
    assert any("brand moat" in c.quote.lower() for c in answer.citations)
    # every paragraph of the answer carries a citation marker
    for para in answer.answer.split("\n\n"):
        assert "[" in para and "]" in para


def test_out_of_corpus_question_is_not_grounded(service: Counterpoint) -> None:
    answer = service.ask("What is the boiling point of tungsten?")
    assert not answer.grounded
    assert answer.citations == []
    assert "does not cover" in answer.answer


def test_ask_json_shape_via_cli(workspace: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["ask", "How can open-source AI labs make money?", "--json", "--workspace", str(workspace)],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"question", "answer", "grounded", "mode", "citations"} <= set(data)
    assert data["mode"] == "extractive"
    docs = {
        d["doc_id"]: d
        for d in json.loads(
            CliRunner().invoke(cli, ["docs", "--json", "--workspace", str(workspace)]).stdout
        )
    }
    for c in data["citations"]:
        assert {
            "n",
            "doc_id",
            "title",
            "authors",
            "url",
            "chunk_id",
            "start",
            "end",
            "quote",
        } <= set(c)
        assert docs[c["doc_id"]]["text"][c["start"] : c["end"]] == c["quote"]


def test_doc_filter_limits_citations(service: Counterpoint) -> None:
    answer = service.ask("What does the essay argue about brand moats?", doc_id=SEED_ID)
    assert {c.doc_id for c in answer.citations} == {SEED_ID}


def test_verifier_rejects_a_shifted_quote() -> None:
    text = "Brand moats are not built quickly."
    good = Citation(1, "d", "t", (), None, None, "c", 0, 11, "Brand moats")
    assert verified([good], {"d": text}) == [good]
    bad = Citation(1, "d", "t", (), None, None, "c", 1, 12, "Brand moats")
    with pytest.raises(GroundingError):
        verified([bad], {"d": text})


def test_empty_question_is_usage_error(workspace: Path) -> None:
    result = CliRunner().invoke(cli, ["ask", "   ", "--workspace", str(workspace)])
    assert result.exit_code == 2
    assert "empty" in result.stderr


def test_extractive_answer_streams_sentence_by_sentence(service: Counterpoint) -> None:
    """Offline mode shows the checked answer a sentence at a time, then the answer itself."""
    events = list(service.ask_stream("What does the essay argue about brand moats?"))
    final = events[-1].answer
    assert final is not None and final.grounded
    shown = [e.verified for e in events[:-1] if e.verified]
    assert len(shown) >= 2, "a multi-sentence answer arrives in more than one piece"
    assert all(final.answer.startswith(s) for s in shown)
    assert [len(s) for s in shown] == sorted({len(s) for s in shown})
