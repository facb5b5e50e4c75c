"""Choosing the sentences that answer a question, and deciding whether they do.

Ranked sentences come in scored by meaning (and their chunk's retrieval score). Here the
question's analysis adds what meaning alone misses: the essay the question names, the rare
words it uses (names, figures), and whether a sentence holds the kind of thing asked for.
A question that asks for a quantity, a date or a name is answered only by a sentence that
holds one and is about the question's subject; otherwise the answer is an honest "the essays
mention X, but not …" with the nearest passages as related reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from counterpoint.answer.answerable import holds
from counterpoint.answer.asked import QUOTED
from counterpoint.answer.attributes import (
    Attribute,
    asked_attributes,
    counted,
    gives,
    qualifiers,
)
from counterpoint.answer.binding import bound
from counterpoint.answer.compose import tighten
from counterpoint.answer.evidence import Sentence
from counterpoint.answer.names import all_forms
from counterpoint.answer.notes import SECTION as NOTES_SECTION
from counterpoint.answer.speakers import is_answer_turn, means_interviewee, speaker, turn_label
from counterpoint.answer.understand import Analysis
from counterpoint.answer.word_keys import content_keys
from counterpoint.answer.words import COMMON_FUNCTION_WORDS
from counterpoint.corpus.sentences import sentence_spans

SCOPE_BONUS = 0.08
# "What does a footnote say …": the reader names where the fact is, as they may name an
# essay; a footnote's sentences then get the same bonus as the named essay's.
NOTE_CUE = re.compile(r"\bfoot-?notes?\b", re.I)
RARE_TERM_BONUS = 0.06  # per rare question term the sentence contains, at most two
TYPE_BONUS = 0.05
# "What does the essay argue about X?": what an essay argues is first of all its thesis, so
# a thesis that is about X at all leads over a closer-worded sentence (0.15 of score is
# ~0.2 of sentence similarity)
THESIS_BONUS = 0.15
SENTENCE_WEIGHT = 0.75
OVERLAP_WEIGHT = 0.3  # of the rarity-weighted share of the question's words a sentence has
# A typed question needs a sentence holding the asked-for kind at least this similar.
TYPED_MIN_SIMILARITY = 0.30
MAX_QUOTES = 3
# Kinds whose fact may take its subject from the next or previous sentence of its paragraph
# ("Harlech is the usual example. In 1468 the garrison held …"): a date or a quantity
# has no entity of its own. A name does: in a sentence that does not name the subject, the
# names it holds are as likely its own actors as the subject's ("the supporters of X held
# the castle" does not say who commanded it), so a name must sit beside the subject itself.
MEASURED = ("amount", "number", "date")


def _keys(text: str) -> set[str]:
    """Stem keys of the content words of `text` (word_keys.content_keys)."""
    return content_keys(text)


def _mentions(text: str, terms: list[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(t)}(?!\w)", text) for t in terms)


@dataclass
class Scored:
    sentence: Sentence
    score: float
    holds_type: bool
    about_subject: bool
    # Whether the sentence words every attribute the question asks about (its funding,
    # its licence: `attributes.py`); None when the question names none.
    gives_attribute: bool | None = None


# Kinds whose answer is judged on the whole sentence, not on one attribute of an entity.
_NO_ATTRIBUTE = ("essay", "position")


def question_attributes(analysis: Analysis) -> list[Attribute]:
    """The attributes the question asks about; none for "which essay …" and "does the
    author think …" questions, whose words describe a passage rather than ask for a fact."""
    if any(k in _NO_ATTRIBUTE for k in analysis.asked_for):
        return []
    question = QUOTED.sub(" ", analysis.question)  # a title's words ask for nothing
    return asked_attributes(question, bool(analysis.typed))


def score_sentences(
    analysis: Analysis,
    ranked: list[Sentence],
    terms: list[str],
    persons: list[str] | None = None,
    forms: dict[str, list[str]] | None = None,
    theses: Mapping[str, list[tuple[int, int]]] | None = None,
    key_weights: Callable[[set[str]], Mapping[str, float]] | None = None,
) -> list[Scored]:
    """Ranked sentences rescored with the analysis, best first. `forms`: other forms of the
    names in `terms` (answer/names.py); a sentence that uses one mentions the name.
    `theses`: each essay's thesis spans, for a question that asks for a position.
    `key_weights`: the weight of each question word a sentence may share (its rarity in the
    corpus, `AnswerCorpus.key_weights`); every word weighs the same without it."""
    out = []
    forms = forms or {}
    spelled = [[t, *forms.get(t, [])] for t in terms]
    subject = all_forms(terms, forms)
    theses = theses if "position" in analysis.asked_for and theses else {}
    scope = set(analysis.scope.doc_ids)
    kinds = analysis.typed
    in_note = bool(NOTE_CUE.search(analysis.question))
    known = {(s.evidence.doc.doc_id, s.start): s.similarity for s in ranked}
    q = analysis.question
    attributes = question_attributes(analysis)
    keys = _keys(QUOTED.sub(" ", q)) - {k for t in terms for k in _keys(t)}
    weight = dict(key_weights(keys)) if key_weights is not None and keys else {}
    total = sum(weight.get(k, 1.0) for k in keys)
    narrowing = _keys(" ".join(qualifiers(q))) if kinds else set()
    things = _keys(" ".join(counted(q))) if "number" in kinds else set()
    measured = bool(kinds) and all(k in MEASURED for k in kinds)
    interviewee = means_interviewee(q)
    for s in ranked:
        text = s.text
        byline = _byline_words(s)
        present = sum(1 for group in spelled if _mentions(text, group) or _writes(byline, group))
        held = bool(kinds) and all(holds(k, text, q, persons) for k in kinds)
        typed = held and all(bound(k, text, q, subject, persons) for k in kinds)
        about = present > 0 or not terms or _spoken_by(s, subject)
        # "the interviewed chef's bakery": the interviewee's answers in the essay the
        # question means are about them, who says "we", not the question's names
        about = about or (interviewee and s.evidence.doc.doc_id in scope and _answers(s))
        before = _lead_in(s) if held and not (typed and about) else None
        if typed and about and measured and _COHESIVE.match(text):
            # "We compared rents in A with B. The gap averaged 7 percent.": the figure's
            # sentence says "the gap" and leaves what it measures to the one before, which
            # is the one that reads like the question; the two are one answer. A paragraph
            # may open that way too, leaning on the last sentence of the one before.
            prior = _lead_in(s, paragraph=False)
            closer = known.get((s.evidence.doc.doc_id, prior), 0.0) if prior is not None else 0.0
            if prior is not None and closer > s.similarity:
                s = Sentence(s.evidence, prior, s.end, closer)
        elif before is not None:  # a list or fragment bound to the sentence it continues
            lead_in = s.evidence.doc.text[before : s.start].rstrip()
            names = _mentions(lead_in, subject)
            # A sentence that binds the fact but calls its subject "it" or "the castle"
            # joins the sentence before when that one names the subject; a list or fragment
            # joins it when the relation word sits there.
            joins = (
                names and measured
                if typed
                else all(bound(k, text, q, subject, persons, lead_in=lead_in) for k in kinds)
            )
            if joins:
                # The unit is as close to the question as its closer part: the lead-in is
                # what the question words, the sentence what it asks for.
                sim = max(s.similarity, known.get((s.evidence.doc.doc_id, before), 0.0))
                typed, about = True, about or names
                s = Sentence(s.evidence, before, s.end, sim)
        after = _follow_on(s) if typed and not about and terms and measured else None
        follow = s.evidence.doc.text[after[0] : after[1]] if after is not None else ""
        # only a next sentence whose topic is the subject ("Globex's bankers …", opening
        # with it) says whose fact it was, not one that names it in passing further on
        if after is not None and _mentions(follow[:_TOPIC_CHARS], subject):
            # "In 1999 a software company went public. Its bankers …": the fact comes first
            # and the next sentence of its paragraph names whose fact it is.
            sim = max(s.similarity, known.get((s.evidence.doc.doc_id, after[0]), 0.0))
            about = True
            s = Sentence(s.evidence, s.start, after[1], sim)
        score = SENTENCE_WEIGHT * s.similarity + (1 - SENTENCE_WEIGHT) * s.evidence.score
        if s.evidence.doc.doc_id in scope:
            score += SCOPE_BONUS
        if in_note and s.evidence.chunk.section == NOTES_SECTION:
            score += SCOPE_BONUS
        score += RARE_TERM_BONUS * min(2, present)
        typed = typed and narrowing <= _keys(s.text)  # "what oven temperature": the oven's
        if things and not things & _keys(s.text):
            typed = False  # "how many acres": a count of seasons answers something else
        if typed:
            score += TYPE_BONUS
        if any(a < s.end and s.start < b for a, b in theses.get(s.evidence.doc.doc_id, ())):
            score += THESIS_BONUS
        if keys:
            shared = keys & _keys(s.text)
            score += OVERLAP_WEIGHT * sum(weight.get(k, 1.0) for k in shared) / total
        given = all(gives(a, s.text) for a in attributes) if attributes else None
        out.append(Scored(s, score, typed, about, given))
    out.sort(key=lambda x: -x.score)
    return out


# How far into a sentence its topic (Halliday's theme: what the sentence opens with) runs.
_TOPIC_CHARS = 40


def _answers(s: Sentence) -> bool:
    """Whether the sentence is in an interview's answer turn."""
    return is_answer_turn(turn_label(s.evidence.doc.text, s.start))


def _byline_words(s: Sentence) -> frozenset[str]:
    """The words of the sentence's essay's author names ("Ada Quill" → Ada, Quill)."""
    return frozenset(w for name in s.evidence.doc.meta.authors for w in name.split())


def _writes(byline: frozenset[str], group: list[str]) -> bool:
    """Whether a question's name (in any of its forms) is the author of the sentence's
    essay: "What does Quill assume …", "according to Ada Quill": a writer never names
    themself, so every sentence of their own essay is about the name the question uses for
    them, as much as a response's "Quill argues …" is."""
    return any(t.split() and all(w in byline for w in t.split()) for t in group)


def _spoken_by(s: Sentence, terms: list[str]) -> bool:
    """Whether the sentence is an interview answer by a person the question names: the
    interviewee's turns are about the interviewee, who says "I", not their name."""
    doc = s.evidence.doc
    name = speaker(doc.text, doc.meta.authors, s.start)
    return name is not None and _mentions(name, terms)


# Words by which a sentence opens leaning on the one before (Halliday & Hasan 1976,
# "Cohesion in English": reference by a definite or demonstrative determiner or a pronoun,
# and conjunction): "The gap averaged …", "But the reason was …", "Its share fell …".
_COHESIVE = re.compile(
    r"(?:the|this|that|these|those|it|its|their|they|such|both|but|and|so|yet|then)\b", re.I
)


def _lead_in(s: Sentence, paragraph: bool = True) -> int | None:
    """Start of the sentence before `s` in its paragraph and chunk, if there is one (in
    its chunk only, across a paragraph break, when `paragraph` is False)."""
    text, chunk = s.evidence.doc.text, s.evidence.chunk
    spans = sentence_spans(text, chunk.start, s.start)
    if not spans or (paragraph and "\n" in text[spans[-1][0] : s.start]):
        return None
    return spans[-1][0]


def _follow_on(s: Sentence) -> tuple[int, int] | None:
    """The span of the sentence after `s` in its paragraph and chunk, if there is one."""
    text, chunk = s.evidence.doc.text, s.evidence.chunk
    spans = sentence_spans(text, s.end, chunk.end)
    if not spans or "\n" in text[s.end : spans[0][0]] or spans[0][1] > chunk.end:
        return None
    return spans[0]


# A sentence that is itself a question (an interviewer's turn, a rhetorical question).
_ASKS = re.compile(r"\?[\"”’')\]]*\s*$")


_NAMED_KINDS = frozenset(["person", "organisation", "name"])
# "Which rival model …", "what is the name of the startup …": the words of the thing whose
# name is asked (up to four; the longest the text repeats is the one that counts).
_WHICH_THING = re.compile(
    r"\b(?:which|what|name of the|name of an?)\s+(?P<np>(?:[\w-]+\s+){0,3}[\w-]+)", re.I
)
# An indefinite determiner: the text mentions a thing without naming it (Quirk et al. 1985,
# 5.27, indefinite reference): "a rival model", "another startup", "some developer".
# A partitive with a count or quantifier is as indefinite: "three of our own bakeries",
# "several of their rivals" say how many, not which.
_INDEFINITE = (
    r"(?:(?:a|an|another|one|some|certain)\s+|(?:two|three|four|five|several|some|many|few|"
    r"most|both)\s+of\s+(?:my|our|his|her|their|its|the|these|those)\s+(?:own\s+)?)"
)
# … unless the sentence goes on to say which: "one main reason is that …", "a model called …"
_NOT_SPELT_OUT = r"(?!\s*(?:is|was|are|were|:|—|–|,?\s*namely|,?\s*called|,?\s*named)\b)"


_COUNT_WORD = re.compile(r"two|three|four|five|six|several|many|few|both", re.I)


def _unnamed(analysis: Analysis, s: Sentence) -> bool:
    """Whether a name question's closest sentence tells of the asked thing only by an
    indefinite description ("When a rival ferry line started running faster boats …"
    for "Which rival image model started producing better hands?"): the text tells the
    event and never names the thing, so a name elsewhere answers some other question. The
    same holds for an open "what" question about one thing ("What factual error did X
    make?" over "… remembered for a costly mistake in its launch video")."""
    if not (_NAMED_KINDS & set(analysis.typed) or analysis.asked_for == ["other"]):
        return False
    for m in _WHICH_THING.finditer(QUOTED.sub(" ", analysis.question)):
        words = m.group("np").split()
        if words and _COUNT_WORD.fullmatch(words[0]):
            words = words[1:]  # "which three bakeries": the thing, not its count
        # two words at least: "a model" alone is any model, "a rival image model" is one
        for k in range(len(words), 1, -1):
            if words[0].lower() in _FUNCTION:
                break
            phrase = r"\s+".join(re.escape(w) for w in words[:k])
            if re.search(rf"\b{_INDEFINITE}{phrase}\b{_NOT_SPELT_OUT}", s.text, re.I):
                return True
    return False


def answering(scored: list[Scored], analysis: Analysis, min_similarity: float) -> Scored | None:
    """The best sentence that answers: for a typed question one that holds the asked-for
    kind and is about the subject; else the best above the evidence threshold, one about
    the subject when one qualifies. Either way it words the attribute the question asks
    about, when it names one, and it is not itself a question. None when the closest
    sentence tells of the asked thing only indefinitely (`_unnamed`)."""
    closest = max(scored, key=lambda x: x.sentence.similarity, default=None)
    if closest is not None and not closest.holds_type and _unnamed(analysis, closest.sentence):
        return None
    fallback = None
    for x in scored:
        if x.sentence.similarity < min_similarity or x.gives_attribute is False:
            continue
        if x.gives_attribute and not x.about_subject:
            continue  # an attribute is some entity's: the sentence must name the entity
        if _ASKS.search(x.sentence.text):
            continue  # "Q: Would you build …?" reads like the question and answers nothing
        if analysis.typed and not (
            x.holds_type and x.about_subject and x.sentence.similarity >= TYPED_MIN_SIMILARITY
        ):
            continue
        # A question that names something ("what muddied Minneapolis's results?") is
        # answered by a sentence about it when one qualifies: an essay's opening lines read
        # close to any question about the essay, and say nothing about the subject.
        if not x.about_subject:
            fallback = fallback or x
            continue
        if not x.holds_type and _unnamed(analysis, x.sentence):
            return None  # the answer would tell of the asked thing without naming it
        return x
    return fallback


def choose(
    scored: list[Scored], lead: Scored, analysis: Analysis, min_similarity: float
) -> list[Sentence]:
    """The lead sentence, then the best of each other essay the question names, then the
    best remaining sentences, MAX_QUOTES in all, no sentence twice."""
    chosen = [lead.sentence]

    def add(s: Sentence) -> None:
        key = (s.evidence.doc.doc_id, s.start)
        if all((c.evidence.doc.doc_id, c.start) != key for c in chosen):
            chosen.append(s)

    for doc in analysis.scope.doc_ids:
        if len(analysis.scope.doc_ids) < 2 or doc == lead.sentence.evidence.doc.doc_id:
            continue
        own = [x for x in scored if x.sentence.evidence.doc.doc_id == doc]
        # Each named essay's lead answers as the main lead does: for a typed question, the
        # essay's best sentence that holds the asked-for kind, else its best sentence.
        best = answering(own, analysis, min_similarity) or next(
            (x for x in own if x.sentence.similarity >= min_similarity), None
        )
        if best is not None:
            add(best.sentence)
    for x in scored:
        if len(chosen) >= MAX_QUOTES:
            break
        if x.sentence.similarity >= min_similarity:
            add(x.sentence)
    return chosen[: max(MAX_QUOTES, len(analysis.scope.doc_ids))]


_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]+")
_FUNCTION = COMMON_FUNCTION_WORDS | frozenset(
    [
        "according",
        "author",
        "been",
        "essay",
        "essays",
        "per",
        "say",
        "says",
        "these",
        "those",
        "where",
        "whom",
    ]
)


def _question_words(question: str) -> set[str]:
    return {w for w in _WORD.findall(question.lower()) if w not in _FUNCTION}


WHY = re.compile(r"^\W*why\b|[,;]\s*why\b|\band why\b", re.I)
# A sentence that gives its own reason ("… because …") answers a "why" by itself.
_REASON = re.compile(
    r"\b(?:because|since|so that|due to|owing to|thanks to|given that|in order to|as a result)\b",
    re.I,
)


def with_reason(sentence: Sentence) -> Sentence:
    """For a "why" question, a lead sentence that states the thing without its reason
    together with the next sentence of its paragraph, where a claim's reason usually
    follows it ("A bond is a hard product to judge. A buyer cannot inspect …"). One
    exact span of the text, inside the same chunk."""
    text = sentence.evidence.doc.text
    if _REASON.search(text[sentence.start : sentence.end]):
        return sentence
    chunk = sentence.evidence.chunk
    for s, e in sentence_spans(text, sentence.end, chunk.end):
        if "\n" in text[sentence.end : s] or e > chunk.end:
            break
        return Sentence(sentence.evidence, sentence.start, e, sentence.similarity)
    return sentence


def lead_span(sentence: Sentence, analysis: Analysis) -> Sentence:
    """The lead quote of a typed question cut to the clause(s) of a long sentence that hold
    the answer: the asked-for kind and the question's words. Still exactly
    text[start:end], inside the same chunk."""
    words = _question_words(analysis.question)
    kinds = analysis.typed
    if not kinds:
        # Untyped ("what obligations …"): the answer is the part the question does not
        # word, so a cut that keeps the question's words would drop it.
        return with_reason(sentence) if WHY.search(analysis.question) else sentence

    def keep(piece: str) -> float:
        low = piece.lower()
        found = sum(1 for w in words if w in low)
        typed = sum(1 for k in kinds if holds(k, piece, analysis.question))
        return found + 2 * typed

    text = sentence.evidence.doc.text
    start, end = tighten(text, sentence.start, sentence.end, keep)
    if (start, end) == (sentence.start, sentence.end):
        return sentence
    return Sentence(sentence.evidence, start, end, sentence.similarity)
