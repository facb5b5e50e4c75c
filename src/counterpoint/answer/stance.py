"""Which side of a claim a retrieved sentence is on, from the link extractor's own signals.

A sentence is placed by its stance towards the target claim, not by which of two texts it
sits closer to: its own verdict cues ("this is wrong", "I agree"), read on the sentence and
on the report it answers when it follows one ("Lund argues X. This is wrong."), and,
when it restates the claim without a verdict, opposition between the two (one negated and
the other not). The cue lists and their weights are the link extractor's (kg/extract), so a
retrieved sentence and a graph link are judged by the same words.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from counterpoint.kg.extract import signals
from counterpoint.kg.extract.pair_signals import verdict

# A verdict cue counts when its sentence is about the claim (cosine) or answers a report of
# it; a restatement without cues counts only when closer still.
ABOUT_SIMILARITY = 0.50
REPORT_SIMILARITY = 0.55
RESTATEMENT_SIMILARITY = 0.60
# An unnegated restatement (no verdict, same polarity) counts from a little lower: it only
# leans the claim's way at a low weight (and never makes a reported view's side
# substantial, sides.py), and an essay that says the same thing in other words often sits
# just under the negated floor, where a wrong side would cost more. Set on the dev halves:
# 0.55 to 0.58 give the same figures; 0.54 and below let near-miss paraphrases contest
# refuted views.
AGREEING_RESTATEMENT_SIMILARITY = 0.56

# Views an author reports in order to answer them: the "they say" templates of Graff and
# Birkenstein, "They Say / I Say" (2006), ch. 1, in general English. The group may be any
# plural noun ("some economists argue", "many parents worry that"), and worry, fear and
# contend report a view as argue and believe do.
REPORTED_VIEW = re.compile(
    r"\b(?:some|many|most) (?:of (?:my|our|the|his|her|their) )?"
    r"(?:people |critics |readers |observers |skeptics |investors |colleagues |commentators "
    r"|[a-z]+s )?"
    r"(?:argue|believe|say|claim|think|insist|assume|worry|fear|contend"
    r"|are (?:dubious|skeptical|convinced)"
    r"|have (?:taken|read|seen) (?:it|this|that|the \w+) as)\b"
    r"|\b(?:the|a|one) (?:popular|common|conventional|prevailing|usual|standard|received) "
    r"(?:view|wisdom|story|belief|answer|argument|line)\b|\bconventional wisdom\b"
    r"|\bit is (?:often|commonly|widely|sometimes) (?:said|argued|believed|assumed|claimed)\b"
    r"|\b(?:people|critics|skeptics|someone|everyone) (?:keeps?|kept) (?:telling|saying)\b"
    r"|\bsomeone\b[^.]{0,60}\btells? (?:me|us)\b|\bon (?:the )?one hand\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Stance:
    """side: 'for' | 'against' | None; weight in (0, 1]: how sure."""

    side: str | None
    weight: float
    why: str


NONE = Stance(None, 0.0, "no stance signal")


CUES = Path(__file__).with_name("stance_cues.json")


@functools.cache
def _self_doubt() -> re.Pattern[str]:
    """The writer's admission that they may be wrong (stance_cues.json, "self_doubt")."""
    patterns = json.loads(CUES.read_text(encoding="utf-8"))["self_doubt"]["patterns"]
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def without_self_doubt(text: str) -> str:
    """`text` minus the writer's admissions that they may be wrong ("maybe I'll be wrong",
    "correct me if I am wrong"): such a clause grants the writer's own fallibility and
    judges nobody's claim, so its "wrong" is no verdict. Without this, an essay that
    closes its own case with "but maybe I'll be wrong" counted as a verdict against every
    claim it was near."""
    low = text.lower().replace("\u2019", "'")
    return _self_doubt().sub(" ", low) if _self_doubt().search(low) else text


@functools.cache
def _counterfactual() -> re.Pattern[str]:
    """A condition presented as contrary to fact (stance_cues.json, "counterfactual")."""
    patterns = json.loads(CUES.read_text(encoding="utf-8"))["counterfactual"]["patterns"]
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def counterfactual(text: str) -> bool:
    """The sentence opens with a condition it presents as contrary to fact ("If the plan
    were working, fares would be falling"): its writer denies the condition."""
    return bool(_counterfactual().search(text.lower().replace("\u2019", "'")))


def opposed(sentence: str, target: str) -> bool:
    """The sentence and the claim say opposite things: one is negated and the other is not
    (the link extractor's negation cues), where a sentence that restates the claim as a
    condition contrary to fact ("If X were so, Y would follow") negates it. Without the
    latter, such a sentence counted as an agreeing restatement of the X it denies."""
    if counterfactual(sentence):
        return not signals.has("negation", target)
    return signals.one_negated(sentence, target)


_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


def whole_compounds(text: str) -> str:
    """`text` with hyphenated compounds kept whole ("by-right" → "by_right"): a cue word
    inside a compound ("a by-right reduction", "the right-hand lane") is no verdict. (The
    lexicon's phrases are spelled with spaces, so "well-founded" is no longer read as
    "well founded": a rare spelling, and a small loss beside the false cues.)"""
    return _HYPHEN.sub("_", text)


def verdict_score(text: str) -> float:
    """> 0 the sentence agrees, < 0 it disagrees, 0 it gives no verdict (the link
    extractor's cue score, on the sentence with its hyphenated compounds kept whole)."""
    return verdict(whole_compounds(text))


def stance_score(text: str) -> float:
    """`verdict_score` of the sentence minus the writer's own self-doubt: the score by
    which a retrieved sentence takes a side on another essay's claim."""
    return verdict_score(without_self_doubt(text))


def is_concession(text: str) -> bool:
    """A view the author grants or reports before answering it ("Some argue that X")."""
    return signals.opens("concession_open", text) or bool(REPORTED_VIEW.search(text))


@functools.cache
def _other_text() -> re.Pattern[str]:
    """The lexicon's third-person sources minus "they" (a plural names no essay)."""
    kept = [p for p in signals.phrases("third_person_source") if p != "they"]
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in kept) + r")\b")


# "The conclusion of the report suggests that …", "The closing section of her book argues
# that …": a part of a text, named by a noun of text structure (general English: the parts
# of a written work), as the subject of a reporting verb is a report of that text, whatever
# the text is called.
_TEXT_PART_REPORT = re.compile(
    r"^\W*the (?:[\w-]+ ){0,2}(?:conclusion|opening|ending|introduction|close|section"
    r"|paragraph|chapter|part|half|passage|lines?|pages?)s? of (?:the|this|that|his|her|their"
    r"|its) (?:[\w-]+ ){0,2}?[\w-]+ (?:argues|suggests|claims|says|holds|contends|concludes"
    r"|predicts|implies|asserts|maintains|insists|proposes|warns|states)\b"
)


def refers_elsewhere(text: str) -> bool:
    """The sentence talks about another text ("the essay", "his argument", "the conclusion
    of the report suggests")."""
    low = signals.plain(text)
    return (
        bool(_other_text().search(low))
        or signals.reports_view(text)
        or bool(_TEXT_PART_REPORT.search(low))
    )


def generic_view(text: str) -> bool:
    """A view reported as nobody's in particular ("Some argue that X", "The popular view is
    X"): the corpus's own statement of that view, not a paraphrase of another essay."""
    return bool(REPORTED_VIEW.search(text)) and not _other_text().search(signals.plain(text))


# A verdict sentence with at most this many content words says nothing by itself ("I think
# that wager fails.", "Our data says otherwise."): quoted, it needs the sentence it judges.
CONTENT_FREE_WORDS = 4
_CONTENT = re.compile(r"[a-z][a-z'’-]{3,}")
_FILLER = frozenset(
    [
        "that",
        "this",
        "these",
        "those",
        "there",
        "their",
        "them",
        "they",
        "with",
        "what",
        "which",
        "from",
        "have",
        "been",
        "were",
        "about",
        "also",
        "just",
        "more",
        "most",
        "much",
        "very",
        "than",
        "then",
        "into",
        "only",
        "even",
    ]
)


def content_free(text: str) -> bool:
    """A stance sentence that names nothing it judges: a verdict cue and hardly any other
    word (words of four letters or more, minus common fillers)."""
    if not verdict_score(text):
        return False
    words = [w for w in _CONTENT.findall(text.lower()) if w not in _FILLER]
    return len(words) <= CONTENT_FREE_WORDS


def judges_what_came_before(text: str) -> bool:
    """A verdict that does not say what it judges: content-free ("I think that wager
    fails.") or pointing back from its first word ("This is wrong for the riders who pay",
    "That misreads the market"; cues.json anaphor_open). Quoted alone, a reader cannot tell
    what it is a verdict on, so it is quoted with the sentence before it."""
    return content_free(text) or (bool(verdict_score(text)) and signals.opens("anaphor_open", text))


def stance_towards(
    sentence: str,
    target: str,
    similarity: float,
    previous: str = "",
    previous_similarity: float = 0.0,
    about: float | None = None,
    previous_reports: bool = True,
) -> Stance:
    """The stance of `sentence` towards the claim `target`.

    `similarity` is the cosine between the two; `previous` the sentence before it in its
    paragraph (a report it may answer) and that one's cosine to the claim. `about` (default
    `similarity`): how close the sentence is to the point in dispute, which a verdict cue
    needs; the reader's words may put that point closer to it than the claim does.
    `previous_reports`: the previous sentence reports a view (another essay's, or one the
    author grants) that a verdict after it may answer; a verdict after the writer's own
    statement ("X. But they are mistaken to infer Y.") judges something else, unless the
    verdict points back to it from its first word or names nothing else ("That is wrong.",
    `judges_what_came_before`): then what it judges is the previous sentence, whoever holds it."""
    own = stance_score(sentence)
    answers_report = (
        bool(previous)
        and previous_similarity >= REPORT_SIMILARITY
        and (previous_reports or judges_what_came_before(sentence))
    )
    about = similarity if about is None else about
    if own and (about >= ABOUT_SIMILARITY or answers_report):
        side = "for" if own > 0 else "against"
        return Stance(side, min(1.0, 0.5 + 0.1 * abs(own)), "verdict cue")
    if opposed(sentence, target):
        if similarity >= RESTATEMENT_SIMILARITY:
            return Stance("against", 0.5, "negated restatement")
    elif similarity >= AGREEING_RESTATEMENT_SIMILARITY:
        return Stance("for", 0.45, "restatement")
    return NONE
