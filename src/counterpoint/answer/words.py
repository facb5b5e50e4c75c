"""Closed-class words the answer modules all skip when they compare a question with a text.

Each module adds the words only it needs to ignore (question scaffolding, pronouns, essay
nouns); this is the part they share, kept in one place so the lists cannot drift apart.
"""

from __future__ import annotations

COMMON_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "did",
        "do",
        "does",
        "for",
        "from",
        "how",
        "in",
        "is",
        "it",
        "its",
        "no",
        "not",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "what",
        "when",
        "which",
        "who",
        "why",
        "with",
    ]
)
