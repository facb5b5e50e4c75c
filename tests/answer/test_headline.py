"""A challenge's target is quoted with the short paragraph opener it spells out."""

from __future__ import annotations

import numpy as np
from tests.answer.sentence_rows import corpus_of, unit

from counterpoint.answer.challenge_plan import _with_headline
from counterpoint.answer.headline import headline_row
from counterpoint.service import Counterpoint

V = unit(1.0, 0.0)
ROWS = [
    ("a", "Switching is getting cheaper.", V),
    ("a", "Agents now carry the staff's habits from one vendor's system into the next.", V),
    ("a", "Migration projects that once took a quarter are finished within a single week.", V),
    ("a", "Support contracts written for the old systems are renegotiated on every renewal.", V),
    ("b", "Long established vendors keep their customers through contracts and data formats.", V),
    ("b", "Agents now carry the staff's habits from one vendor's system into the next.", V),
    ("c", "Is switching getting cheaper?", V),
    ("c", "Agents now carry the staff's habits from one vendor's system into the next.", V),
]


def test_a_short_opener_is_the_headline_of_the_next_two_sentences() -> None:
    corpus = corpus_of(ROWS)
    assert headline_row(1, corpus.table, corpus.texts) == 0
    assert headline_row(2, corpus.table, corpus.texts) == 0
    # three sentences on, the opener is too far back to be what the target spells out
    assert headline_row(3, corpus.table, corpus.texts) is None
    # the opener itself has no headline
    assert headline_row(0, corpus.table, corpus.texts) is None


def test_an_opener_that_is_a_claim_or_a_question_is_no_headline() -> None:
    corpus = corpus_of(ROWS)
    assert headline_row(5, corpus.table, corpus.texts) is None  # long enough to stand alone
    assert headline_row(7, corpus.table, corpus.texts) is None  # a question


def test_the_target_quote_reaches_back_to_its_headline(service: Counterpoint) -> None:
    engine = service._answering()._engine()
    corpus = engine.corpus
    assert corpus is not None
    table = corpus.table
    rows = [r for r in range(len(table)) if headline_row(r, table, corpus.texts) is not None]
    assert rows, "the bundled corpus has paragraphs that open with a short claim"
    for row in rows:
        opener = headline_row(row, table, corpus.texts)
        assert opener is not None
        quote = _with_headline(corpus, None, row)
        text = corpus.texts[table.doc_ids[row]]
        assert (quote.start, quote.end) == (int(table.spans[opener, 0]), int(table.spans[row, 1]))
        assert quote.text == text[quote.start : quote.end]
    # without a headline the quote is the target's own
    plain = next(r for r in range(len(table)) if headline_row(r, table, corpus.texts) is None)
    quote = _with_headline(corpus, None, plain)
    assert (quote.start, quote.end) == tuple(int(x) for x in np.asarray(table.spans[plain]))
