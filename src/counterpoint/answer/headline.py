"""The headline a challenge's target elaborates, quoted with it.

Essayists often open a paragraph with a short, blunt claim ("Switching is getting cheaper.")
and spend the next sentence or two spelling it out. A reader who disputes the point uses
the words of the spelled-out version, so that sentence is the one that matches best; but
the headline is the claim the paragraph makes, and the one a reader expects to see quoted
as "the claim challenged". When the target sentence sits at most two sentences after its
paragraph's opening sentence and that opener is too short to be extracted as a claim by
itself (fewer content words than the claim extractor's minimum), the target is quoted from
the opener to the target's end: one exact span of the text, headline first.
"""

from __future__ import annotations

from counterpoint.answer.sentence_table import SentenceTable
from counterpoint.kg.extract.scoring import MIN_CONTENT_WORDS, content_words

# How many sentences back a headline may be: the opener and at most one sentence between.
HEADLINE_REACH = 2


def headline_row(row: int, table: SentenceTable, texts: dict[str, str]) -> int | None:
    """The row of the paragraph opener that `row` elaborates, or None (see the module)."""
    chain: list[int] = []
    current = row
    for _ in range(HEADLINE_REACH):
        before = int(table.prev[current])
        if before < 0:
            break
        chain.append(before)
        current = before
    if not chain or int(table.prev[chain[-1]]) >= 0:
        return None  # the target opens its paragraph, or the opener is further back
    opener = chain[-1]
    start, end = (int(x) for x in table.spans[opener])
    text = texts[table.doc_ids[opener]][start:end].strip()
    if not text.endswith(".") or len(content_words(text)) >= MIN_CONTENT_WORDS:
        return None
    return opener
