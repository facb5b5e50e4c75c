"""Reply structure across essays: a restated view and the claims that answer it.

A response seldom quotes the claim it answers. It restates it first, in a sentence that
reports a view ("Some argue that X.", "A common objection is that X.", "The essay also raised
the point that X.", "Nor am I persuaded by the final hint that X."), then answers it
in the sentences that follow ("But Y."). The restated view is much closer in wording to the
target claim than the answer is (the answer talks about something else: the evidence, the
exception, the cost), so the target is found through the restatement: the claim of the other
essay nearest to the reported view's clause, and the link goes from the answering claims to
it. The restatement itself is not the author's claim (claims.py leaves reports out), which is
why similarity between claims alone never found these links.

Polarity from general signals: the reporting sentence's own verdict ("Nor am I convinced"),
the answering claim's verdict and turn (a contrast connective), and, when neither says
anything, the frame: a view attributed to unnamed others ("Some argue", "The usual answer
is") is set up to be answered, so the answer attacks it; a view of a named text restated
without a verdict is taken up and extended (support). A claim granting a view ("Roe is right
that X", "It's true that X") supports it, and the claim after it attacks it if it turns.
A view of a named source is looked for only in the essays the response names.
Cue classes: lexicon/cues.json (concession_open, truth_concession, report_verb, view_noun,
popular_view, rebuttal_open, contrast).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from counterpoint.kg.extract import signals
from counterpoint.kg.extract.pair_signals import content_set, verdict

# The claims that may answer a restated view: those in its paragraph within this many
# sentences after it, at most VIEW_CLAIMS of them (the answer follows the view at once; a
# claim further on argues something of its own).
VIEW_WINDOW = 3
VIEW_CLAIMS = 1
# A restated view's clause needs this many content words to be matched to a claim.
MIN_VIEW_WORDS = 4
# Key prefix of a claim's restated view in the claim-contexts map (pipeline.sentence_contexts)
VIEW_KEY = "view:"
# Marker key: the map was made by a version that looks for views (older cached maps lack it)
VIEWS_MARK = "#views"


# the that-clause of a reporting verb ("argues that", "declared, in effect, that" not)
_REPORT_THAT = re.compile(r"\s+(?:\w+\s+)?that\b")
# "It is important to note that X": the author's own frame (impersonal "it"), not a report
_IMPERSONAL = re.compile(r"^\W*it(?: is|'s| was)\b")
# ... of a popular-view opener, within a few words ("It is easy to infer from X that")
_THAT_SOON = re.compile(r"(?:[\w'-]+\s+){0,8}?that\b|\s+that\b")


# "X is right that Y", "She is also correct that Y": a view granted to its holder (Graff
# and Birkenstein 2006 ch. 4, 'agreeing, but with a difference')
_AGREE_THAT = re.compile(r"\b(?:is|are|was|were)\s+(?:\w+\s+)?(?:right|correct)\s+that\b")


@functools.lru_cache(maxsize=65536)
def granted_view(text: str) -> str:
    """The clause of a sentence that grants a view ('' when none): "X is right that Y", or a
    truth concession opening it ("It's true that Y", "Admittedly, Y"; cue class
    truth_concession). The sentence is then the author's claim as well as a restatement."""
    low = signals.plain(text)
    m = _AGREE_THAT.search(low)
    if m and not signals.has("negation", low[: m.end()]):
        clause = text[m.end() :]
    else:
        lead = len(low) - len(low.lstrip("\"'([*_- "))
        opener = signals.at_start("truth_concession").match(low, lead)
        clause = text[opener.end() :] if opener else ""
    clause = clause.strip(" ,:;—–-")
    return clause if len(content_set(clause)) >= MIN_VIEW_WORDS else ""


@functools.lru_cache(maxsize=65536)
def restated_view(text: str) -> str:
    """The clause of a sentence that restates someone else's view ('' when it restates none):
    what a sentence grants (`granted_view`), what follows "that" after a noun of stance or a
    reporting verb, or the rest of a sentence opening with a popular-view frame ("Some argue
    that X", "People keep telling founders that X")."""
    granted = granted_view(text)
    if granted:
        return granted
    low = signals.plain(text)
    clause = ""
    m = signals.view_noun_frame().search(low)
    if m:
        clause = text[m.end() :]
    elif (signals.reports_view(text) or signals.attributes_view(text)) and not _IMPERSONAL.match(
        low
    ):
        verb = signals.anywhere("report_verb").search(low)
        that = _REPORT_THAT.match(low, verb.end()) if verb else None
        clause = text[that.end() :] if that else ""
    elif popular_frame(text):
        lead = len(low) - len(low.lstrip("\"'([*_- "))
        opener = signals.at_start("concession_open").match(low, lead)
        that = _THAT_SOON.match(low, opener.end()) if opener else None
        clause = text[that.end() :] if that else ""
    clause = clause.strip(" ,:;—–-")
    return clause if len(content_set(clause)) >= MIN_VIEW_WORDS else ""


@functools.lru_cache(maxsize=65536)
def restates(text: str) -> bool:
    """Does the sentence give someone else's view rather than the author's: it reports one
    (signals.reports_view) or attributes one to unnamed others (`popular_frame`)? Such a
    sentence neither answers a view nor is a target a response answers. Cached: asked of
    every claim of an essay once per view answered in a response to it."""
    impersonal = _IMPERSONAL.match(signals.plain(text)) is not None
    return (signals.reports_view(text) and not impersonal) or popular_frame(text)


@functools.lru_cache(maxsize=65536)
def popular_frame(text: str) -> bool:
    """Does the sentence attribute a view to unnamed others ("Some argue", "People keep
    telling", "It is often said", "A common objection is", "The usual answer is")? Such a
    view is set up to be answered."""
    low = signals.plain(text)
    if signals.opens("concession_open", text) and not signals.opens("truth_concession", text):
        return True
    m = signals.view_noun_frame().search(low)
    if not m:
        return False
    head = low[: m.start()].split()
    # "There is a rumour making the rounds that X", "There's a belief that X": a view presented
    # with existential "there" has no owner the author answers to but the crowd
    existential = head[:2] in (["there", "is"], ["there", "are"]) or head[:1] == ["there's"]
    return existential or bool(set(head) & set(signals.phrases("popular_view")))


def views_before(
    sentences: Sequence[tuple[int, str]], claim_rows: Iterable[tuple[str, int]]
) -> dict[str, str]:
    """Claim id -> the sentence restating a view that the claim answers: the nearest sentence
    before it in its paragraph, within VIEW_WINDOW sentences, that restates a view
    (`restated_view`), for the first VIEW_CLAIMS claims after that sentence. `sentences`:
    (paragraph, text) of the essay's body sentences in order; `claim_rows`: (claim id,
    index of its sentence)."""
    rows = sorted(((i, cid) for cid, i in claim_rows if i >= 0), key=lambda r: (r[0], r[1]))
    taken: dict[int, int] = {}
    out: dict[str, str] = {}
    is_view: dict[int, bool] = {}

    def view_at(k: int) -> bool:
        if k not in is_view:
            is_view[k] = bool(restated_view(sentences[k][1]))
        return is_view[k]

    for i, cid in rows:
        para = sentences[i][0]
        if granted_view(sentences[i][1]):
            out[cid] = sentences[i][1]  # the claim grants the view itself
            continue
        for k in range(i - 1, max(-1, i - 1 - VIEW_WINDOW), -1):
            if sentences[k][0] != para:
                break
            if view_at(k):
                if taken.get(k, 0) < VIEW_CLAIMS:
                    taken[k] = taken.get(k, 0) + 1
                    out[cid] = sentences[k][1]
                break
    return out


# "not X but Y" inside one clause: a correction of X by Y, not a turn against the view before
# (the "but" of a corrective pair, Quirk et al. 1985 13.42; the answer may well agree)
_NOT_BUT = re.compile(r"\bnot\b[^,;:.]{1,80}?\bbut\b")


def view_polarity(view_sentence: str, answer: str) -> str | None:
    """'attack' or 'support': how a claim answers the view restated in the sentence before
    it (or in itself, when it grants it); None when it does not answer it. Read from the
    answer's own verdict and turn (a contrast connective) and the reporting sentence's
    verdict; not from negation or antonyms between the answer and the restated clause (the
    answer is about something else, the evidence or the exception, not a restatement)."""
    turns = signals.opens("rebuttal_open", answer) or signals.has(
        "contrast", _NOT_BUT.sub(" ", signals.plain(answer))
    )
    if granted_view(view_sentence):
        if view_sentence == answer:  # "X is right that Y": the claim grants Y
            return "support"
        # "It's true that Y. But Z.": what follows a concession answers it when it turns
        return "attack" if turns or verdict(answer) < 0 else None
    e = 0.0
    v = verdict(view_sentence)
    if v:
        e -= 1.0 if v > 0 else -1.0
    w = verdict(answer)
    if w:
        e -= 1.0 if w > 0 else -1.0
    if turns:
        e += 1.0
    if e == 0.0:
        # a view of unnamed others is set up to be answered; a named source's, taken up
        return "attack" if popular_frame(view_sentence) else "support"
    return "attack" if e > 0 else "support"
