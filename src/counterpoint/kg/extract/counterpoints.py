"""An author's own counterpoints and explanations: links between claims of one essay.

Writers state a view and then answer it: "Some believe X… However, Y", "It's true that X.
But Y", "People keep saying X. The numbers say otherwise.", "The standard story is that X.
In practice, Y", "Objection: X. Reply: Y", "X, or so the argument goes. Not so: …" → Y
attacks X, and a reason given for the answer right after it ("… only because Z", "For
example, Z") supports Y; or qualify their own claim: "X. That said, Z" → Z attacks X; or
explain it: "X. This is because Y", "X. After all, Y" → Y supports X; "X. Therefore Y" → X
supports Y. The answer need not be the next sentence, nor in the same paragraph: the first
answering claim within a short window after the view is taken. Cues are the classes of
lexicon/cues.json and lexicon/link_cues.json (classes only the link readers use) and the
structural patterns below, each with its source; nothing here depends on the essay's topic,
so an essay the corpus finds off-topic still gets its own counterpoints.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from counterpoint.kg.extract import signals


@dataclass(frozen=True)
class EssayClaim:
    """A claim as the within-essay rules see it: its sentence's place in the essay."""

    id: str
    text: str
    paragraph: int
    index: int  # position of its sentence among the essay's body sentences


@dataclass(frozen=True)
class Counterpoint:
    premise: str
    conclusion: str
    kind: str  # "attack" | "support"
    confidence: float


# "The usual/standard/received … view is that", "The conventional story goes": a view named
# by a noun phrase of common opinion (Graff and Birkenstein 2006, ch. 1 'the standard way of
# thinking about X').
_COMMON_VIEW = re.compile(
    r"^(?:the|a|one) (?:usual|standard|conventional|received|popular|common|familiar"
    r"|prevailing|dominant|orthodox|obvious|natural|tempting|default)(?: [\w-]+){1,2}"
    r" (?:is|was|goes|says|holds|runs|assumes)\b"
)
# "It is tempting/easy/natural to conclude…": an extraposed evaluation granting a reading
# before the author answers it (Biber et al. 1999, 9.4 'extraposed to-clauses').
_TEMPTING = re.compile(
    r"^it(?:'s| is| was| would be| can be| may be| might be| seems) (?:very |all too |only )?"
    r"(?:tempting|easy|natural|common|fashionable|understandable|plausible) to"
    r" (?:think|believe|assume|conclude|suppose|imagine|dismiss|read|treat|take|say)\b"
)
# "The first objection is that…", "Objection three: …", "A common criticism goes…": the
# planted naysayer of a point-by-point rebuttal (Graff and Birkenstein 2006, ch. 6).
_OBJECTION = re.compile(
    r"^(?:the |a |an |one )?(?:(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
    r"|tenth|next|last|final|other|obvious|strongest|most common|common|usual|standard"
    r"|related|further|natural) )?(?:objection|counterargument|counter-argument|complaint"
    r"|criticism|pushback|rejoinder)s?\b"
)
# "…, or so the argument goes.", "…, we are told.": a view reported after it is stated.
_REPORTED_AFTER = re.compile(
    r"\b(?:or so (?:the|we|they|it|many|people) \w+|so the (?:argument|story|thinking|theory)"
    r" goes|goes the (?:argument|story|thinking|theory)|we are (?:often )?told"
    r"|we're (?:often )?told)\b"
)


def is_granted_view(text: str) -> bool:
    """A view the author grants or reports in order to answer it: a concession opening
    (cues.json concession_open, link_cues.json view_open), an unnamed source reporting it
    early in the sentence ("Some old-timers will tell you", "Proponents argue"), the common
    view named as such ("The standard story is that…") or a reading granted as tempting
    ("It is easy to conclude…")."""
    if signals.opens("concession_open", text) or signals.opens("view_open", text):
        return True
    low = signals.plain(text)
    if _COMMON_VIEW.match(low) or _TEMPTING.match(low) or _OBJECTION.match(low):
        return True
    if _REPORTED_AFTER.search(low):
        return True
    head = " ".join(text.split()[:10])
    return (signals.has("indefinite_source", head) or signals.has("view_source", head)) and (
        signals.has("report_verb", head) or signals.has("view_verb", head)
    )


def answers(text: str) -> bool:
    """Does the sentence turn against what came before (contrast, rebuttal, verdict)? A
    denial opening with a pronoun ("That is not vanity; …") is not enough: as often as not
    it defends the view against a misreading (so it read on the bundled sample essays)."""
    return (
        signals.opens("rebuttal_open", text)
        or signals.opens("answer_open", text)
        or signals.has("verdict_attack", text)
        or signals.has("verdict_attack_more", text)
        or signals.has("contrast", text)
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
        if view.id in conceded or not is_granted_view(view.text):
            continue
        for later in claims[i + 1 :]:
            if (
                later.index - view.index > window_sentences
                or later.paragraph - view.paragraph > window_paragraphs
            ):
                break
            if signals.opens("truth_concession", later.text) and not signals.opens(
                "concession_open", view.text
            ):
                add(later, view, "support", 0.6)  # "someone says X. It's true that X'. But Y"
                conceded.add(later.id)  # Y answers X, the view; X' only grants it
                continue
            if is_granted_view(later.text):
                break  # a new view opens before this one was answered
            if answers(later.text):
                add(later, view, "attack", 0.8)
                answered.add(later.id)
                reason = _reason_for(by_index, later)
                if reason is not None:
                    add(reason, later, "support", 0.6)
                break
    for i, claim in enumerate(claims):
        if i == 0 or claim.id in answered:
            continue
        prev = claims[i - 1]
        near = claim.paragraph - prev.paragraph <= window_paragraphs
        gives_reason = signals.opens("reason_open", claim.text)
        draws_result = signals.opens("result_open", claim.text)
        if signals.opens("qualify_open", claim.text) and near:
            # the qualified claim: the nearest earlier position the author answered with,
            # within the sentence window and one paragraph break further back than an answer
            # (a verdict is often followed by its evidence before the author qualifies it)
            window = _window(claims, i, window_sentences, window_paragraphs + 1, ordered)
            strong = [
                c
                for c in window
                if signals.opens("rebuttal_open", c.text) or signals.has("verdict_attack", c.text)
            ]
            add(claim, strong[-1] if strong else prev, "attack", 0.65)
        elif (
            claim.paragraph == prev.paragraph
            and claim.index == prev.index + 1
            and not answers(claim.text)
            and (gives_reason or draws_result)
        ):
            if draws_result:
                add(prev, claim, "support", 0.6)  # "X. Therefore Y": X is the reason
            else:
                add(claim, prev, "support", 0.6)  # "X. After all, Y": Y is the reason
        elif signals.opens("because_open", claim.text) and claim.paragraph == prev.paragraph:
            low = signals.plain(claim.text)
            if "why" in low.split()[:4]:
                add(prev, claim, "support", 0.7)  # "This is why Y": prev is the reason
            else:
                add(claim, prev, "support", 0.7)
    return out


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
