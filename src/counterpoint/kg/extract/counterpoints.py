"""An author's own counterpoints and explanations: links between claims of one essay.

Writers state a view and then answer it: "Some believe X… However, Y", "It's true that X.
But Y", "People keep saying X. The numbers say otherwise." → Y attacks X, and a reason given
for the answer right after it ("… only because Z", "For example, Z") supports Y; or qualify
their own claim: "X. That said, Z" → Z attacks X; or explain it: "X. This is because Y" → Y
supports X. The answer need not be the next sentence, nor in the same paragraph: the first
answering claim within a short window after the view is taken. An answer goes on in the claims
that add to it ("But Y. And Y'.", "In any case, Y'"): they answer the same view. A view is one
the author grants or reports (`is_granted_view`) or one attributed to unnamed others by a frame
("A common objection is that X"; views.popular_frame). A claim that limits what the
evidence shows ("None of these surveys proves that X"; `limits_evidence`) attacks the
essay's nearest earlier thesis, the conclusion drawn from that evidence. Cues are the classes of
lexicon/cues.json; nothing here depends on the essay's topic, so an essay the corpus finds
off-topic still gets its own counterpoints.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from counterpoint.kg.extract import signals
from counterpoint.kg.extract.views import popular_frame


@dataclass(frozen=True)
class EssayClaim:
    """A claim as the within-essay rules see it: its sentence's place in the essay."""

    id: str
    text: str
    paragraph: int
    index: int  # position of its sentence among the essay's body sentences
    # "view" / "reply" when its paragraph opens with a label of its own ("Objection." /
    # "Reply."; `turn_of`), else None
    turn: str | None = None
    thesis: bool = False  # one of the essay's thesis claims (claims.mark_thesis)


@dataclass(frozen=True)
class Counterpoint:
    premise: str
    conclusion: str
    kind: str  # "attack" | "support"
    confidence: float


# How far into a sentence opened by an unnamed source its reporting verb's "that" may come
REPORT_THAT_WORDS = 16
# A reply of at most this many words once its turn label is gone is a bare verdict ("My reply:
# partly true."): what it answers with is the claim after it
BARE_REPLY_WORDS = 3


@functools.lru_cache(maxsize=8192)
def is_granted_view(text: str) -> bool:
    """A view the author grants or reports in order to answer it: a concession opening, or
    an unnamed source reporting it early in the sentence ("Some veterans will tell you").
    Cached: claim extraction, thesis choice and the within-essay links ask it of one
    sentence in turn (thesis choice of every sentence before a candidate in its paragraph)."""
    if signals.opens("concession_open", text) or inline_turn(text) == "view":
        return True
    # the head is the text's first words, so a cue in it is a cue in the text too: a text
    # with no unnamed source has none in its head (most sentences; no head to read)
    if not signals.has("indefinite_source", text):
        return False
    head = " ".join(text.split()[:10])
    if signals.has("indefinite_source", head) and signals.has("report_verb", head):
        return True
    # a source with a long description ("People who have never run a farm tend to believe
    # that X"): opened by the unnamed source, the reporting verb's that-clause further on
    return signals.opens("indefinite_source", text) and _reports_that(text)


def _reports_that(text: str) -> bool:
    """A reporting verb (cues.json report_verb) with its "that" within the sentence's first
    REPORT_THAT_WORDS words."""
    head = " ".join(signals.plain(text).split()[:REPORT_THAT_WORDS])
    return any(
        head.startswith(" that", m.end()) for m in signals.anywhere("report_verb").finditer(head)
    )


_LABEL_NOISE = re.compile(r"[\d.:;!?()\[\]*#_\-–—]+")


def turn_of(sentence: str) -> str | None:
    """ "view" or "reply" when the sentence is nothing but a turn label of the objection-and-
    reply genre ("Objection 2.", "Reply:", "Myth.", "Fact:"; cues.json turn_view and
    turn_reply), else None. Only a label standing alone counts: "The claim is wrong." is a
    sentence, not a label."""
    words = " ".join(_LABEL_NOISE.sub(" ", signals.plain(sentence)).split())
    if not words or len(words.split()) > 4:
        return None
    if words in _turn_labels("turn_view"):
        return "view"
    if words in _turn_labels("turn_reply"):
        return "reply"
    return None


# "1. The objection: X", "Myth: X", "My reply: Y": a turn label before a colon that opens the
# sentence (a number before it ignored); at most 40 characters, so a clause before a colon
# ("The problem is simple: ...") is read as a label only when it is one of the labels
_INLINE_LABEL = re.compile(r"^\W*(?:\d{1,2}\s*[.)]\s*)?([^:.!?]{1,40}?)\s*:\s+\S")


@functools.lru_cache(maxsize=8192)
def inline_turn(sentence: str) -> str | None:
    """ "view" or "reply" when the sentence opens with a turn label of its own before a
    colon ("The objection: whoever keeps the records keeps the value."; "Fact: …"), the
    same labels as `turn_of`, written inline as lists of objections and myth-and-fact sheets
    do; else None."""
    found = _INLINE_LABEL.match(sentence)
    return turn_of(found.group(1)) if found is not None else None


def without_turn_label(sentence: str) -> str:
    """The sentence after its inline turn label ("My reply: paperwork slows the first
    move." -> "paperwork slows the first move."), or the sentence as it is: the label
    is the list's scaffolding, and its words ("My", "objection") are not the claim's (a
    reply is not first-person narration, an objection label is not a report)."""
    if inline_turn(sentence) is None:
        return sentence
    found = _INLINE_LABEL.match(sentence)
    assert found is not None  # inline_turn matched it
    return sentence[found.end() - 1 :]


@functools.cache
def _turn_labels(cls: str) -> frozenset[str]:
    return frozenset(signals.phrases(cls))


@functools.lru_cache(maxsize=8192)
def answers(text: str) -> bool:
    """Does the sentence turn against what came before (contrast, rebuttal, verdict)?
    Cached, as `is_granted_view`."""
    return (
        signals.opens("rebuttal_open", text)
        or signals.has("verdict_attack", text)
        or signals.has("contrast", text)
        or inline_turn(text) == "reply"
    )


def within_links(
    claims: Sequence[EssayClaim], window_sentences: int = 6, window_paragraphs: int = 1
) -> list[Counterpoint]:
    """Counterpoint, qualification and explanation links of one essay, claims in order; an
    answer may follow its view by `window_sentences` sentences and `window_paragraphs`
    paragraph breaks (LinkSettings)."""
    out: list[Counterpoint] = []
    linked: set[tuple[str, str]] = set()

    def add(premise: EssayClaim, conclusion: EssayClaim, kind: str, conf: float) -> None:
        if premise.id != conclusion.id and (premise.id, conclusion.id) not in linked:
            linked.add((premise.id, conclusion.id))
            out.append(Counterpoint(premise.id, conclusion.id, kind, conf))

    answered: set[str] = set()
    by_index = {c.index: c for c in reversed(claims) if c.index >= 0}  # first claim of a sentence
    ordered = all(
        a.paragraph <= b.paragraph and a.index <= b.index for a, b in itertools.pairwise(claims)
    )
    conceded: set[str] = set()  # "It's true that X'" read as granting an earlier view
    for i, view in enumerate(claims):
        if view.id in conceded or not opens_view(view.text):
            continue
        for j in range(i + 1, len(claims)):
            later = claims[j]
            if (
                later.index - view.index > window_sentences
                or later.paragraph - view.paragraph > window_paragraphs
            ):
                break
            if (
                signals.opens("truth_concession", later.text)
                and not signals.opens("concession_open", view.text)
                and later.paragraph == view.paragraph
            ):
                # "someone says X. It's true that X'. But Y": Y answers X, the view; X' only
                # grants it. A concession in a later paragraph grants a view of its own.
                add(later, view, "support", 0.6)
                conceded.add(later.id)
                continue
            if opens_view(later.text):
                break  # a new view opens before this one was answered
            if answers(later.text):
                k = j
                if _bare(later.text) and _same_paragraph(claims, j, j + 1):
                    k = j + 1  # "My reply: partly true. Y.": Y is the answer
                answer = claims[k]
                add(answer, view, "attack", 0.8)
                answered.add(answer.id)
                reason = _reason_for(by_index, answer)
                if reason is not None:
                    add(reason, answer, "support", 0.6)
                for more in _continued(claims, k):
                    add(more, view, "attack", 0.7)
                    answered.add(more.id)
                break
    _labelled_turns(claims, window_paragraphs, add, answered)
    for claim in claims:
        if claim.thesis or claim.id in answered or not limits_evidence(claim.text):
            continue
        earlier = [c for c in claims if c.thesis and 0 <= c.index < claim.index]
        if earlier and claim.index >= 0:
            # "None of this shows that X": what the evidence does not establish limits the
            # conclusion the essay drew from it, its thesis, not the sentence before
            add(claim, earlier[-1], "attack", 0.6)
            answered.add(claim.id)
    for i, claim in enumerate(claims):
        if i == 0 or claim.id in answered:
            continue
        prev = claims[i - 1]
        near = claim.paragraph - prev.paragraph <= window_paragraphs
        if signals.opens("qualify_open", claim.text) and near:
            # the qualified claim: the nearest earlier position the author answered with,
            # within the sentence window and one paragraph break further back than an answer
            # (a verdict is often followed by its evidence before the author qualifies it);
            # when its own paragraph has claims before it, what that paragraph just said
            # (the qualification's first argument is the discourse unit before it: PDTB 2.0
            # Comparison.Concession, Prasad et al. 2008)
            window = _window(claims, i, window_sentences, window_paragraphs + 1, ordered)
            own = [c for c in window if c.paragraph == claim.paragraph]
            pool = own or window
            strong = [
                c
                for c in pool
                if signals.opens("rebuttal_open", c.text) or signals.has("verdict_attack", c.text)
            ]
            add(claim, strong[-1] if strong else (own[-1] if own else prev), "attack", 0.65)
        elif signals.opens("because_open", claim.text) and claim.paragraph == prev.paragraph:
            low = signals.plain(claim.text)
            if "why" in low.split()[:4]:
                add(prev, claim, "support", 0.7)  # "This is why Y": prev is the reason
            else:
                add(claim, prev, "support", 0.7)
    return out


# How many words before a verb of inference a negator may stand to deny it ("None of these
# surveys proves": four)
LIMIT_SCOPE = 4


@functools.lru_cache(maxsize=8192)
def limits_evidence(text: str) -> bool:
    """Does the sentence deny an inference from what came before: an opening that refers
    back to it (cues.json limit_subject: "None of this", "They", "The data") and a verb of
    inference (inference_verb) with a negator at most LIMIT_SCOPE words before it ("None of
    these surveys proves that X", "They do not show that X")? The author limits what the
    evidence establishes (Toulmin 1958's qualifier): it answers the essay's conclusion."""
    if not signals.opens("limit_subject", text):
        return False
    low = signals.plain(text)
    for m in signals.anywhere("inference_verb").finditer(low):
        before = " ".join(low[: m.start()].split()[-LIMIT_SCOPE:])
        if before and signals.has("negation", before):
            return True
    return False


@functools.lru_cache(maxsize=8192)
def opens_view(text: str) -> bool:
    """Does the sentence state a view the author goes on to answer: one granted or reported
    (`is_granted_view`), or attributed to unnamed others by a frame ("A frequent objection to
    the first results is that X", "There is a rumour making the rounds that X";
    views.popular_frame, which cross-essay replies read the same way)?"""
    return is_granted_view(text) or popular_frame(text)


def _continued(claims: Sequence[EssayClaim], j: int) -> list[EssayClaim]:
    """The claims that go on with the answer claims[j] in its paragraph, each opening with an
    additive connective ("And Y'", "Moreover", "In any case"; cues.json additive_open): an
    addition carries the relation of what it adds to (PDTB 2.0 Expansion.Conjunction), so
    it answers the same view. Stops at the first claim that does not add."""
    out = []
    for later in claims[j + 1 :]:
        if (
            later.paragraph != claims[j].paragraph
            or not signals.opens("additive_open", later.text)
            or opens_view(later.text)
        ):
            break
        out.append(later)
    return out


def _same_paragraph(claims: Sequence[EssayClaim], i: int, j: int) -> bool:
    return j < len(claims) and claims[i].paragraph == claims[j].paragraph


def _bare(text: str) -> bool:
    """A reply that is a bare verdict once its turn label is gone ("My reply: partly true.",
    "Reply: wrong."): at most BARE_REPLY_WORDS words."""
    return len(re.findall(r"[\w'-]+", without_turn_label(text))) <= BARE_REPLY_WORDS


def _labelled_turns(
    claims: Sequence[EssayClaim],
    window_paragraphs: int,
    add: Callable[[EssayClaim, EssayClaim, str, float], None],
    answered: set[str],
) -> None:
    """Objection-and-reply writing labels its turns ("Objection." / "Reply.", "Myth:" /
    "Fact:", on their own or inline: "The objection: X. My reply: Y."): the claims of a
    reply answer the view before it, with no other reply between them and at most one
    paragraph break more than an answer may be away. The reply's first claim attacks each
    claim of the view, and so does each later claim of the reply that turns against
    something (`answers`) or adds to the reply (an additive connective, as `_continued`). A
    reply that is a bare verdict ("My reply: partly true.") answers through the claim after
    it in its paragraph, which is linked in its place."""
    views: list[EssayClaim] = []
    view_paragraph = -1
    replied: set[int] = set()  # paragraphs of the current view's replies
    bare: set[int] = set()  # reply paragraphs whose first claim was a bare verdict
    for i, c in enumerate(claims):
        if c.turn == "view":
            # a new view: another paragraph, or an inline label after this view's reply
            if c.paragraph != view_paragraph or replied:
                views, view_paragraph, replied = [], c.paragraph, set()
            views.append(c)
        elif c.turn == "reply" and views:
            if c.paragraph - view_paragraph > window_paragraphs + 1:
                views = []
                continue
            first = c.paragraph not in replied
            replied.add(c.paragraph)
            if first and _bare(c.text) and _same_paragraph(claims, i, i + 1):
                bare.add(c.paragraph)  # the claim after it answers in its place
                continue
            answering = first or c.paragraph in bare or answers(c.text)
            bare.discard(c.paragraph)
            if answering or signals.opens("additive_open", c.text):
                for v in views:
                    add(c, v, "attack", 0.8 if answering else 0.7)
                answered.add(c.id)


def _reason_for(by_index: dict[int, EssayClaim], answer: EssayClaim) -> EssayClaim | None:
    """The claim that gives the reason for an answer: the next sentence, in its paragraph,
    when it explains ("… because …") or brings evidence ("For example", "The data …"; cues.json
    evidence_open) and neither turns again nor grants a new view (PDTB 2.0 Contingency.Cause
    and Expansion.Instantiation after a rebuttal: Graff and Birkenstein 2006, ch. 4
    'disagreeing, and explaining why')."""
    nxt = by_index.get(answer.index + 1)
    if nxt is None or nxt.paragraph != answer.paragraph:
        return None
    if is_granted_view(nxt.text) or answers(nxt.text):
        return None
    low = signals.plain(nxt.text)
    if " because " in f" {low} " or signals.opens("evidence_open", nxt.text):
        return nxt
    return None


def _window(
    claims: Sequence[EssayClaim], i: int, sentences: int, paragraphs: int, ordered: bool
) -> list[EssayClaim]:
    """The claims before claims[i] at most `sentences` sentences and `paragraphs` paragraph
    breaks back, in order. Claims in text order (sentence and paragraph numbers never going
    down) are walked back from i and the walk stops at the first one too far back, as every
    earlier one is further still: a scan of every earlier claim made long essays quadratic."""
    claim = claims[i]

    def near(c: EssayClaim) -> bool:
        return claim.index - c.index <= sentences and claim.paragraph - c.paragraph <= paragraphs

    if not ordered:
        return [c for c in claims[:i] if near(c)]
    out = []
    for j in range(i - 1, -1, -1):
        if not near(claims[j]):
            break
        out.append(claims[j])
    return out[::-1]
