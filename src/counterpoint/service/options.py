"""The fixed choices a caller of the façade makes, as types (kept apart from the heavy modules
that act on them, so annotating with them costs no import)."""

from __future__ import annotations

from typing import Literal

# Hybrid (dense + BM25 + graph expansion, the default) or one ranking alone, for evaluation.
RetrievalMethod = Literal["hybrid", "dense", "lexical"]
# "auto" treats a question that disputes a claim as a challenge; the others force one kind.
AnswerMode = Literal["auto", "answer", "challenge"]
