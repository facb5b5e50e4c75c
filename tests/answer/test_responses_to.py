"""Which essay the others respond to (the principal essay's fallback): each text is read once
for the surnames in it, with the same counts as searching every text for every essay's
authors (`\\bname\\b`), which was quadratic in the number of essays."""

from __future__ import annotations

import random
import re

from counterpoint.answer.scope import EssayInfo, responses_to, surname

AUTHORS = [
    "Ada Lovelace",
    "Grace Hopper",
    "Seán Ó Ríordáin",
    "Jean Dupont-Smith",
    "Mary O'Neil",
    "Alan Turing",
    "solo",
    "Tim Berners-Lee",
]
WORDS = [
    "Lovelace", "Lovelaces", "Hopper's", "Ríordáin", "Dupont-Smith", "Dupont", "O'Neil",
    "Neil", "Turing-complete", "Turingtest", "Berners-Lee", "moat", "brand", "the", "(Hopper)",
]  # fmt: skip


def _searched(essays: list[EssayInfo], texts: dict[str, str]) -> dict[str, int]:
    """The former implementation: one search of every text per essay."""
    out: dict[str, int] = {}
    for e in essays:
        names = [n for n in (surname(a) for a in e.authors) if n]
        if not names:
            continue
        rx = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
        out[e.doc_id] = sum(1 for o, t in texts.items() if o != e.doc_id and rx.search(t))
    return out


def test_the_same_counts_as_searching_every_text() -> None:
    rng = random.Random(7)
    for _ in range(30):
        essays = [
            EssayInfo(f"e{i}", f"Essay {i}", tuple(rng.sample(AUTHORS, rng.randint(0, 2))))
            for i in range(12)
        ]
        texts = {e.doc_id: " ".join(rng.choices(WORDS, k=rng.randint(0, 30))) for e in essays}
        got = responses_to(essays, texts)
        assert got == _searched(essays, texts)
    assert any(got.values())  # the texts do name authors
