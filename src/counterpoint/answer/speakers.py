"""Who speaks a sentence of an interview or a transcript.

An interview's byline names the interviewer; the answers are the interviewee's. A question
"who said …" or "who is the developer interviewed …" is answered by the interviewee, whom
the standfirst (the text before the first turn) names, not by the byline. Turns are
paragraphs opening with a speaker's label: "Q:" / "A:" (the press-interview convention,
also "Question:" / "Answer:"), or a name ("Ada Quill: …", the transcript convention), in
plain text or in Markdown emphasis ("**A:**").
"""

from __future__ import annotations

import re
from functools import lru_cache

from counterpoint.answer.answerable import person_names
from counterpoint.corpus.sentences import sentence_spans

# A reader's paraphrase of what was said is about as close to the said sentence as to a
# sentence of another essay that reports the same point ("Ada argues that lenders …"): an
# answer turn this close to the closest sentence may be the one the question quotes.
SPEAKER_MARGIN = 0.03
_TURN = re.compile(r"^[*_ \t]*(?P<label>[A-Z][\w .'’-]{0,40}?)[*_ \t]*:[*_]*[ \t]+", re.M)
_ASKER = frozenset(["q", "question", "interviewer"])
_ANSWERER = frozenset(["a", "answer"])
# "Who said / argues / recalls …": the question asks who speaks a sentence of the text (a
# verb of saying, as the reporting verbs of Quirk et al. 1985, 14.31 list them).
SAYING = re.compile(
    r"\bwho (?:said|says|argues|argued|claims|claimed|told|tells|thinks|thought|believes|"
    r"believed|insists|insisted|describes|described|calls|called|compares|compared|admits|"
    r"admitted|maintains|maintained|contends|contended|warns|warned|explains|explained|"
    r"remarks|remarked|recalls|recalled|complains|complained|puts it|put it)\b",
    re.I,
)
# "Who is the developer interviewed …", "whom did the author speak with": the question
# asks who was interviewed, whatever the closest sentence says.
_IDENTITY = re.compile(
    r"^\W*(?:who|whom)\s+(?:is|was|are|were|did|does)\b|\bwho (?:is|was) (?:being )?"
    r"interviewed\b",
    re.I,
)
_INTERVIEW = re.compile(
    r"\binterview(?:s|ed|ee)?\b|\bconversation\b|\b(?:spoke|speak|talked|talk) (?:to|with)\b",
    re.I,
)


def asks_speaker(question: str) -> bool:
    """Whether the question asks who speaks a sentence ("who said …")."""
    return SAYING.search(question) is not None


def means_interviewee(question: str) -> bool:
    """Whether the question speaks of an interview or the person interviewed ("the
    interviewed chef's bakery"): that person is the one who answers in it."""
    return _INTERVIEW.search(question) is not None


def asks_interviewee(question: str) -> bool:
    """Whether the question asks who was interviewed ("who is the developer interviewed …",
    "whom did the author talk to"): an identity question about an interview."""
    return _IDENTITY.search(question) is not None and _INTERVIEW.search(question) is not None


def turns(text: str) -> list[tuple[int, str]]:
    """(offset, label) of every turn: a line opening with a short label and a colon."""
    return [(m.start(), m.group("label").strip()) for m in _TURN.finditer(text)]


def is_interview(text: str) -> bool:
    """At least two questions and two answers labelled Q / A (or Question / Answer)."""
    labels = [label.lower() for _, label in turns(text)]
    asks = sum(1 for label in labels if label in _ASKER)
    answers = sum(1 for label in labels if label in _ANSWERER)
    return asks >= 2 and answers >= 2


def turn_label(text: str, pos: int) -> str | None:
    """The label of the turn whose paragraph holds offset `pos`, if it is in one."""
    line = text.rfind("\n", 0, pos) + 1
    m = _TURN.match(text, line)
    return m.group("label").strip() if m else None


def is_answer_turn(label: str | None) -> bool:
    return label is not None and label.lower() in _ANSWERER


def interviewee(text: str, authors: tuple[str, ...]) -> tuple[int, int, str] | None:
    """The standfirst sentence that names the interviewee, and the name: the first sentence
    before the first turn naming a person who is not a byline author."""
    if not is_interview(text):
        return None
    first_turn = turns(text)[0][0]
    bylined = {a.lower() for a in authors}
    for start, end in sentence_spans(text, 0, first_turn):
        for name in person_names(text[start:end]):
            if name.lower() not in bylined:
                return start, end, name
    return None


@lru_cache(maxsize=64)
def _interviewee_name(text: str, authors: tuple[str, ...]) -> str | None:
    found = interviewee(text, authors)
    return found[2] if found else None


def speaker(text: str, authors: tuple[str, ...], pos: int) -> str | None:
    """The interviewee's name when offset `pos` is in an answer turn of an interview: what
    the answers say in the first person ("It took us a year") is about them."""
    if not is_answer_turn(turn_label(text, pos)):
        return None
    return _interviewee_name(text, authors)
