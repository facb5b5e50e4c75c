"""Cue phrases of quotation and of a reader's challenge, shared by the cleaner, the body-text
filter and challenge mode. The argument extractors read their cues from data files instead
(kg/extract/lexicon/cues.json, with a source for every class): see kg/extract/signals.py.
"""

from __future__ import annotations

import re

# Speech verbs around a quotation the cleaner types as such (corpus/clean.py).
SPEECH = re.compile(
    r"\b(wrote|writes|write|said|says|argued|argues|noted|notes|observed|observes|"
    r"explained|explains|put it|puts it|according to|quote|quoted|remarked|told)\b",
    re.IGNORECASE,
)

# A paragraph ending "… I wrote:" introduces a quotation, not the author's new words (text.py).
INTRODUCES_QUOTE = re.compile(r"\b(wrote|writes|said|says|put it|argued)\s*:$", re.IGNORECASE)

# -- a reader disputing a claim (answer/challenge.py) --------------------------------------
CHALLENGE = re.compile(
    r"^\s*(isn'?t|aren'?t|doesn'?t|don'?t|wasn'?t|won'?t|can'?t|shouldn'?t|surely|but\b|"
    r"is it really|i disagree|i doubt|i don'?t (buy|think|agree)|"
    r"couldn'?t (one|you) argue|what about|that'?s (wrong|not true))"
    r"|\b(is wrong|are wrong|not true|disagree|counter-?argument|push back|refute|overstat\w*|"
    r"doesn'?t hold|flawed|mistaken)\b",
    re.IGNORECASE,
)

# The reader's reason, after "because / since / given that …".
OBJECTION = re.compile(r"\b(because|since|given that|when in fact|as)\b\s+(.+)$", re.IGNORECASE)
