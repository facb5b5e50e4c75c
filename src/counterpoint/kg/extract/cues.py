"""Cue phrases: the English words the rule-based readers take as signals.

Stance, reporting, contrast, negation, disagreement and quotation cues are read by several
parts (claim and link extraction, the cleaner, the body-text filter, challenge mode). Each
pattern is defined once here and imported, and the word lists two patterns share are written
once, so a cue added for one reader cannot silently diverge from its twin. Weights and
thresholds that act on these matches live with their readers and in `config.ExtractSettings`.
"""

from __future__ import annotations

import re

# -- reporting someone else ("Dempsey argues that …") --------------------------------------
# Verbs that introduce another writer's view; the link finder also takes the weaker
# "contends / asserts / believes" as a report, the thesis filter does not.
REPORTING_VERBS = r"argues?|writes?|claims?|suggests?|predicts?|observes?|notes?|ends|says?"
# A report a verdict may answer: the sentence before "This is wrong." (links.py).
REPORT = re.compile(
    rf"\b({REPORTING_VERBS}|contends?|asserts?|believes?)\b[^.]*?(\bthat\b|:)",
    re.IGNORECASE,
)
# A paraphrase of someone else, which is never this essay's thesis (claims.py).
REPORTED = re.compile(
    rf"\b({REPORTING_VERBS})\b[^.]*?(\bthat\b|:)|\bas \w+ (?:predicts|argues|writes)\b",
    re.IGNORECASE,
)
# Speech verbs around a quotation the cleaner types as such (corpus/clean.py).
SPEECH = re.compile(
    r"\b(wrote|writes|write|said|says|argued|argues|noted|notes|observed|observes|"
    r"explained|explains|put it|puts it|according to|quote|quoted|remarked|told)\b",
    re.IGNORECASE,
)
# A paragraph ending "… I wrote:" introduces a quotation, not the author's new words (text.py).
INTRODUCES_QUOTE = re.compile(r"\b(wrote|writes|said|says|put it|argued)\s*:$", re.IGNORECASE)

# -- contrast and negation ------------------------------------------------------------------
# The contrast markers after which an author gives a verdict.
CONTRAST_WORDS = r"but|however|yet"
CONTRAST = re.compile(rf"\b({CONTRAST_WORDS})\b", re.IGNORECASE)
# A sentence opening with a contrast marker turns against what precedes it.
OPENS_WITH_CONTRAST = re.compile(rf"^({CONTRAST_WORDS})\b", re.IGNORECASE)
# Contrast in the broad sense, as a sign of argument rather than report (claim confidence).
ANY_CONTRAST = re.compile(
    rf"\b({CONTRAST_WORDS}|while|although|instead|rather than)\b", re.IGNORECASE
)
# "It's true that X. But Y": the rebuttal that answers a concession.
REBUTTAL = re.compile(rf"^({CONTRAST_WORDS}|still)\b|\bbut in practice\b", re.IGNORECASE)
CONCESSION = re.compile(
    r"^(it['’]s (?:true|fair to say|hard to say)|some argue|on one hand|admittedly|of course"
    r"|it['’]s tempting)",
    re.IGNORECASE,
)
NEGATION_WORDS = r"(?:not|n't|never|no|hardly)"
# Negation in a sentence, for the polarity of a claim that answers another without cues.
NEGATION = re.compile(rf"\b{NEGATION_WORDS}\b|n't\b|\bunclear\b|\bnot sure\b", re.IGNORECASE)
# Negation just before a support cue ("not true"): the cue then counts as an attack.
NEGATED = re.compile(rf"\b{NEGATION_WORDS}\b|n't")

# -- the author's voice (claims.py) ---------------------------------------------------------
STANCE = re.compile(
    r"\b(i (?:think|believe|argue|would argue|agree|disagree|doubt|worry|suspect|expect)"
    r"|i['’]?m (?:not sure|net|bullish|skeptical|confident)|in my view|the (?:key|point) is"
    r"|i (?:largely )?view|this is (?:wrong|right|why|because)|(?:is|are) (?:wrong|right)"
    r"|the view that|my answer)\b",
    re.IGNORECASE,
)
MODAL = re.compile(
    r"\b(will|won['’]t|would|should|must|could|may|might|can|cannot|likely|unlikely|unclear"
    r"|clear|perhaps|need to|have to)\b",
    re.IGNORECASE,
)
# A forecast in lower case ("… will …", "likely"): a thesis tends to predict.
FORECAST = re.compile(r"\b(likely|will)\b")
EVALUATIVE = re.compile(
    r"\b(wrong|right|true|false|key|best|better|worse|durable|moat|moats|compelling|futile"
    r"|losing|important|importance|tenuous|apt|strong|stronger|weak|real|obvious|superior"
    r"|unassailable|dominant|essential|misleading|doomed)\b",
    re.IGNORECASE,
)
ASIDE = re.compile(
    r"\b(let['’]s not|let me have this|i['’]m writing this|tbh|i mostly wanted"
    r"|as close as i could)\b",
    re.IGNORECASE,
)
NARRATION = re.compile(
    r"^(in a prior post|for example|for instance|most recently|lastly we['’]ve seen"
    r"|we['’]ve also seen)",
    re.IGNORECASE,
)
# Auxiliaries and verbs of opinion: a sentence with none of them is likely a fragment.
AUXILIARY = re.compile(
    r"\b(is|are|was|were|be|been|being|am|has|have|had|do|does|did|will|would|can|could"
    r"|should|must|may|might|feel|feels|think|believe|seem|seems|becomes?|need|needs)\b",
    re.IGNORECASE,
)

# -- answering another essay (links.py) -----------------------------------------------------
# A sentence that refers to another essay or its author ("his prediction", "the essay").
REFERENCE = re.compile(
    r"\b(he|his|she|her|the (?:seed )?essay|the author|as \w+ (?:predicts|argues|writes|notes)"
    r"|[A-Z][a-z]+['’]s (?:prediction|claim|argument|view|suggestion|advice|point|thesis"
    r"|question|doubt|bet|challenge|conclusion|essay))\b",
)
# How a verdict after a report opens ("This is wrong.", "I agree.", "But …").
VERDICT_START = re.compile(
    r"^(this|that|i |in \w+ \w+ this|but|however|yet|it |these)", re.IGNORECASE
)
# "X. This is because Y": Y supports X. "X. That is why Y": X supports Y.
BECAUSE = re.compile(r"^(this|that) is (?:partly |largely )?because\b", re.IGNORECASE)
THEREFORE = re.compile(r"^(this|that) is (?:exactly |precisely )?why\b", re.IGNORECASE)
# Verdict cues, matched on lower-cased text, with their weight: 2.0 an explicit verdict,
# 1.5 a strong sign, 1.0 a weak one.
SUPPORT_CUES: tuple[tuple[str, float], ...] = (
    (r"\bi (?:also )?agree\b", 2.0),
    (r"\b(?:is|are|was|were|more) (?:exactly )?right\b", 2.0),
    (r"\bexactly\b", 1.5),
    (r"\bapt\b", 2.0),
    (r"\bsupports?\b", 1.5),
    (r"\bconfirms?\b", 1.5),
    (r"\bstrengthen(?:s|ed)?\b", 1.0),
    (r"\bas \w+ (?:predicts|argues|observes|writes|notes)\b", 2.0),
    (r"\btrue\b", 1.0),
    (r"\bcorrect\b", 1.5),
)
ATTACK_CUES: tuple[tuple[str, float], ...] = (
    (r"\bwrong\b", 2.0),
    (r"\bi disagree\b", 2.5),
    (r"\bdoes not hold\b|\bdoesn't hold\b|\bbreaks down\b", 2.0),
    (r"\bcounterexample\b", 2.0),
    (r"\bmisleading\b|\bmistaken\b|\bmyth\b|\boverstated\b", 2.0),
    (r"\bi doubt\b", 1.5),
    (r"\b(?:closed to|unlikely|harder|barrier)\b", 1.0),
)

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
