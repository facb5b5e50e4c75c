"""Every quote in an answer stands under its own essay's byline, never another essay's."""

from __future__ import annotations

import re

import pytest

from counterpoint.service import Counterpoint

QUESTIONS = [
    "Isn't brand a lagging indicator of performance rather than a moat?",
    "Isn't the brand-moat argument wrong because brands follow performance?",
    "What does the essay argue about brand moats?",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_each_quote_follows_its_own_byline(service: Counterpoint, question: str) -> None:
    answer = service.ask(question)
    assert answer.grounded and answer.citations
    by_n = {c.n: c for c in answer.citations}
    bylines = [(m.start(), m.group(1)) for m in re.finditer(r"writes in “([^”]+)”", answer.answer)]
    assert bylines
    for m in re.finditer(r"\[(\d+)\]", answer.answer):
        title = max((b for b in bylines if b[0] < m.start()), default=(0, None))[1]
        assert title == by_n[int(m.group(1))].title, (m.group(0), title)
