"""Which sentences argue, and which claims are the essay's thesis: general signals only.

A claim is a sentence a reader could agree or disagree with: general, evaluative, modal or
contrastive statements score up; evidence (numbers), narration (first person, past tense),
reports of someone else's view, and text that organises the essay ("Start with…") score down; the
sentence after a report of someone else's view (the author's answer to it) scores up, and so does a
past-tense statement that generalises over occasions ("The fee was always a proxy for…").
Feature weights are data (lexicon/claim_weights.json).

The essay's shape comes first: paragraphs, sections, the introduction and the conclusion,
because thesis signals depend on them. A thesis is a claim placed in the introduction or the
conclusion, central to the essay as a whole (closest to the mean of its claims) and to
its title (the title's rarer words count most), voiced as the author's own position rather
than granted, reported or framing the essay, and often set against the view it corrects
("X, not Y").
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

from counterpoint.config import ClaimSettings
from counterpoint.kg.extract import signals
from counterpoint.kg.extract.counterpoints import (
    answers,
    inline_turn,
    is_granted_view,
    without_turn_label,
)
from counterpoint.kg.extract.text import Sentence, tokens

Embed = Callable[[list[str]], np.ndarray]


def _ascii(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A case-insensitive pattern whose letters are lower case (or a class [A-Za-z]), made
    case-sensitive for an ASCII text lowered: it matches the lowered text exactly where the
    pattern matches the text. An ASCII letter's only case partner is its other case (re's
    other case-insensitive partners, "ſ", "ı", "K", are not ASCII), and lowering ASCII keeps
    offsets, word characters and digits; folding the text once is 2-3x faster than re
    folding it at every position."""
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


# a digit glued to a letter ("GPT-4", "Web3", "LLaMa-2") is part of a name, not a quantity:
# a digit not after a letter (or a letter and a hyphen), found digit first (re then scans
# for digits instead of trying the look-behinds at every position)
_NUMERAL = re.compile(r"\d(?<![A-Za-z]\d)(?<![A-Za-z]-\d)", re.IGNORECASE)
_NUMBER_WORD = re.compile(
    r"\b(?:percent|per cent|dozen|hundred|thousand|million|billion|trillion|half|twice"
    r"|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty"
    r"|fifty|sixty|seventy|eighty|ninety)\b",
    re.IGNORECASE,
)
_NUMBER_WORD_ASCII = _ascii(_NUMBER_WORD)
# a footnote reference ("…can make.[3]", "…[^2]") is not a quantity
_NOTE_REF = re.compile(r"\[\^?\d+\]")


@functools.lru_cache(maxsize=8192)
def has_number(text: str) -> bool:
    """Does the sentence state a quantity (evidence, not a claim): a numeral or a number
    word, not a digit of a name or of a footnote reference? Cached: claim scoring and thesis
    choice ask it of one sentence in turn."""
    if "[" in text:
        text = _NOTE_REF.sub("", text)
    if _NUMERAL.search(text):
        return True
    if text.isascii():
        return _NUMBER_WORD_ASCII.search(text.lower()) is not None
    return _NUMBER_WORD.search(text) is not None


# irregular past forms of frequent verbs (Quirk et al. 1985, appendix: irregular verbs)
_PAST = re.compile(
    r"\b(?:was|were|had|did|went|came|made|said|told|took|gave|saw|got|became|began|found"
    r"|left|thought|knew|ran|won|lost|built|sold|bought|wrote|spent|brought|kept|felt|met"
    r"|\w{3,}ed)\b",
    re.IGNORECASE,
)
_PAST_ASCII = _ascii(_PAST)
# "-ed" words that are not past verbs, and words after which an "-ed" form is a participle
# (passive, perfect) or an adjective ("is built", "has shipped", "widely adopted")
_NOT_PAST = re.compile(r"eed$|^(?:hundred|kindred|sacred|naked|wicked|rugged|crooked)$")
# be/have/get, articles and possessives; determiners and quantifiers ("every registered
# brand", "most talented teams"; not "that", which also opens a relative clause)
_AUXILIARIES_AND_DETERMINERS = (
    "is are be been being has have having get gets a an the its their our his her "
    "every each no any some this these those many most more less all such"
)
_PARTICIPLE_AFTER = frozenset(_AUXILIARIES_AND_DETERMINERS.split())


# the whitespace, then the whitespace-separated run (what str.split() splits out), before a
# position of a text, read in the text reversed
_RUN_BEFORE = re.compile(r"\s*(\S*)")


def _past_verbs(text: str) -> int:
    """How many words look like finite past verbs (narration): irregular pasts and "-ed"
    forms, not counting "-ed" participles after a form of be/have, an article or a
    possessive, or an adverb in "-ly"."""
    n = 0
    # the word before an "-ed" match is the last whitespace-separated run before it (cut at
    # the match): read in the reversed text from the match back, not by splitting the text
    # before each match (quadratic in a long unpunctuated sentence: 9 s for 220 KB); only
    # for the "-ed" forms the rules ask about
    backwards = ""
    ascii_text = text.isascii()
    found = _PAST_ASCII.finditer(text.lower()) if ascii_text else _PAST.finditer(text)
    for m in found:
        word = m.group(0) if ascii_text else m.group(0).lower()
        if word.endswith("ed"):
            if _NOT_PAST.search(word):
                continue
            if not backwards:
                backwards = text[::-1]
            run = _RUN_BEFORE.match(backwards, len(text) - m.start())
            prev = run.group(1)[::-1].lower().strip(",;:(\"'") if run else ""
            if prev in _PARTICIPLE_AFTER or prev.endswith(("ly", "-")):
                continue
        n += 1
    return n


_PRESENT = re.compile(
    r"\b(?:is|are|does|do|has|have|isn't|aren't|doesn't|don't|matters?|remains?|means?"
    r"|depends?|becomes?|decides?|holds?|tends?)\b",
    re.IGNORECASE,
)
_PRONOUN_I = re.compile(r"I(?:['’](?:m|ve|d|ll))?\W*$")  # "I", "I'm": capitalised, no name
_FIRST_PERSON = re.compile(r"\b(?:i|we|my|our|me|us)\b", re.IGNORECASE)
_PRESENT_ASCII = _ascii(_PRESENT)
_FIRST_PERSON_ASCII = _ascii(_FIRST_PERSON)

# Finite verbs in the present, read from word order where _PRESENT's list of frequent verbs
# does not reach ("Agents collapse that cost", "The complaint becomes a fee"): a
# lower-case word after its subject (a content word or a subject pronoun) and before a
# closed-class word. Closed classes from any English grammar (Quirk et al. 1985, ch. 2-3):
# an auxiliary after the word makes the word a noun ("sales figures were"), and these
# pronouns open a clause as its subject (the plural ones take the bare verb form).
_AUXILIARY_WORDS = (
    "is are was were be been being am will would can could shall should may might must do "
    "does did has have had isn't aren't wasn't weren't won't can't doesn't don't didn't "
    "hasn't haven't"
)
_AUXILIARIES = frozenset(_AUXILIARY_WORDS.split())
_SUBJECT_WORDS = "it he she this that which who what everything nothing none one"
_SUBJECT_PRONOUNS = frozenset(_SUBJECT_WORDS.split())
_PLURAL_SUBJECT_WORDS = "they we you i who that which"
_PLURAL_SUBJECTS = frozenset(_PLURAL_SUBJECT_WORDS.split())
_WORD_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*[.,;:!?)\"”]?")
_CLAUSE_END = tuple('.,;:!?)"”')


def _finite_present(text: str) -> bool:
    """Does the sentence have a finite present verb in subject-verb-complement order: an
    "-s" form after a subject ("the objection turns into", "it puts a"), or a bare form after
    a plural one ("habits attach to", "they price these")? A heuristic in place of a tagger
    (none ships offline): it misreads some noun compounds ("engineering leads at"), which is
    why the claim score reads it only in sentences without past verbs or numbers."""
    from counterpoint.kg.extract import lexicon

    function = lexicon.words("function_words")
    words = _WORD_RUN.findall(text)
    for prev, word, after in zip(words, words[1:], words[2:], strict=False):
        if prev.endswith(_CLAUSE_END) or word.endswith(_CLAUSE_END) or not word.islower():
            continue
        subject, verb = prev.lower().strip("'’"), word
        following = after.lower().rstrip("".join(_CLAUSE_END))
        if verb in function or following in _AUXILIARIES or len(verb) < 3:
            continue
        if verb.endswith(("ly", "ed", "ing", "'s", "’s")):
            continue
        if following not in function and not after[:1].isdigit():
            continue
        content_subject = subject not in function and not subject.endswith("ly")
        if verb.endswith("s") and not verb.endswith(("ss", "us", "is", "ics")):
            if subject in _SUBJECT_PRONOUNS or (content_subject and not prev.endswith(("'", "’"))):
                return True
        elif subject in _PLURAL_SUBJECTS or (
            content_subject and subject.endswith("s") and not subject.endswith("ss")
        ):
            return True
    return False


# connectives that open a sentence before its clause (cues.json: PDTB 2.0 contrast and
# concession connectives): tense and reports are read in the clause after them
_CONNECTIVE_OPENERS = ("qualify_open", "rebuttal_open", "contrast")
_ONCE_SUBORDINATOR = re.compile(r"Once\s")  # "Once, …" is the adverb

_TERMINATED = re.compile(r"[.!?][”\"’')\]]*$")
# the claim features call a sentence short below this many content words (the threshold
# that decides what happens to short claims is ClaimSettings.min_content_words)
MIN_CONTENT_WORDS = 6
_DEFAULTS = ClaimSettings()
# thesis scores are compared at this precision (see thesis_scores)
SCORE_DECIMALS = 4


@functools.cache
def _weights() -> tuple[float, dict[str, float]]:
    """Bias and feature weights of the claim score; the threshold a score must pass is a
    setting (ClaimSettings.threshold), not data."""
    path = resources.files("counterpoint.kg.extract.lexicon").joinpath("claim_weights.json")
    data = json.loads(path.read_text("utf-8"))
    return float(data["bias"]), dict(data["weights"])


def content_words(text: str) -> list[str]:
    """Words that are not closed-class (lexicon/function_words.txt)."""
    return list(_content_words(text))


@functools.lru_cache(maxsize=1024)
def _content_words(text: str) -> tuple[str, ...]:
    """Cached: claim scoring, thesis choice and the short-claim test ask of one sentence in
    turn."""
    from counterpoint.kg.extract import lexicon

    function = lexicon.words("function_words")
    return tuple(t for t in tokens(text) if t not in function and not t.isdigit())


def claim_features(s: Sentence, prev: Sentence | None) -> dict[str, float]:
    """Binary features of one body sentence (prev: the sentence before it in its paragraph),
    read after an inline turn label ("My reply: …")."""
    own = _own_features(without_turn_label(s.text))
    out = dict(own.features)
    out["first_paragraph"] = float(s.paragraph == 0)
    out["anaphor_open"] = float(prev is not None and own.anaphor_open)
    # the author's answer to a view the sentence before gives as someone else's ("The
    # essay also raised the point that X." -> the next sentence argues for or against X)
    out["answers_report"] = float(
        prev is not None and signals.attributes_view(prev.text) and not own.attributes
    )
    # a verdict on a view it gives as someone else's ("That final point backs another
    # of the report's findings: X."): the author's stance, not a mere report
    out["judges_report"] = float(own.judges)
    return out


@dataclass(frozen=True)
class _OwnFeatures:
    """What `claim_features` reads of a sentence's text alone (the rest depends on its
    place: its paragraph, the sentence before it)."""

    features: dict[str, float]  # the features up to "names", in claim_features' order
    anaphor_open: bool
    attributes: bool  # signals.attributes_view
    judges: bool


@functools.lru_cache(maxsize=8192)
def _own_features(text: str) -> _OwnFeatures:
    """Cached: a sentence is scored as a claim, then again as a thesis candidate near the
    introduction or conclusion (and ingest's prefetch runs the claim extractor over a window
    of documents before each is enriched). Never mutate `features`: copy it."""
    words = text.split()
    capitalised = [w for w in words[1:] if w[:1].isupper()]
    # the pronoun "I" is not a name (only a word opening with "I" can match _PRONOUN_I)
    pronouns = sum(1 for w in capitalised if w[0] == "I" and _PRONOUN_I.match(w))
    names = (len(capitalised) - pronouns) / max(1, len(words))
    if text.isascii():
        low = text.lower()  # signals.plain(text), for ASCII
        first = bool(_FIRST_PERSON_ASCII.search(low))
        present = bool(_PRESENT_ASCII.search(low))
    else:
        first = bool(_FIRST_PERSON.search(signals.plain(text)))
        present = bool(_PRESENT.search(text))
    number = has_number(text)
    attributes = signals.attributes_view(text)
    # tense and reports are read after an opening connective ("That said, X": X's verbs)
    clause = signals.after_opener(_CONNECTIVE_OPENERS, text)
    past = min(_past_verbs(clause), 3) / 3
    # "Once X happens, Y": an opening "once" before its clause is the subordinator of a
    # condition (Quirk et al. 1985, 14.12), not the narrator's "once" (cues.json narration)
    # when nothing else in the sentence is past
    told = text[len("Once") :] if not past and _ONCE_SUBORDINATOR.match(text) else text
    features = {
        "negation": float(signals.has("negation", text)),
        "contrast": float(signals.has("contrast", text)),
        "opens_concession": float(signals.opens("concession_open", text)),
        "opens_rebuttal": float(signals.opens("rebuttal_open", text)),
        "opens_qualify": float(signals.opens("qualify_open", text)),
        "verdict_attack": float(signals.has("verdict_attack", text)),
        "verdict_support": float(signals.has("verdict_support", text)),
        "booster": float(signals.has("booster", text)),
        "modal": float(signals.has("modal", text)),
        "evaluative": float(signals.has("evaluative", text)),
        "generic": float(present and not first and not number and names < 0.1),
        "present": float(present),
        "evidence_open": float(signals.opens("evidence_open", text)),
        "first_person": float(first),
        "short": float(len(content_words(text)) < MIN_CONTENT_WORDS),
        "number": float(number),
        "past": past,
        "reported": float(_reports_other(clause) and not signals.endorses_source(clause)),
        "meta": float(signals.opens("meta_discourse", text)),
        "narration": float(signals.has("narration", told)),
        "names": float(names >= 0.15),
    }
    # read only where nothing marks the sentence as narration or evidence (see _finite_present)
    features["finite_present"] = float(
        not features["past"] and not number and _finite_present(text)
    )
    # a frequency adverb in a past-tense sentence generalises over occasions ("The fare was
    # always a stand-in for the distance travelled"): a characterizing statement, not one event told
    # (cues.json frequency); the author's own story stays narration
    features["habitual"] = float(
        bool(features["past"])
        and not first
        and not features["narration"]
        and signals.has("frequency", text)
    )
    return _OwnFeatures(
        features,
        signals.opens("anaphor_open", text),
        attributes,
        attributes
        and (signals.has("verdict_support", text) or signals.has("verdict_attack", text)),
    )


def _reports_other(text: str) -> bool:
    """Does the sentence report someone else's view: a reporting verb with a third-person
    source ("the essay argues"), or a report opening it (`signals.reports_view`)? Claim
    scoring and thesis choice both count it against the sentence."""
    return (
        signals.has("report_verb", text) and signals.has("third_person_source", text)
    ) or signals.reports_view(text)


def claim_score(s: Sentence, prev: Sentence | None) -> float:
    """Linear score (above ClaimSettings.threshold: a claim)."""
    bias, weights = _weights()
    feats = claim_features(s, prev)
    # zero features add exactly nothing to the sum: skipped (most are zero)
    return bias + sum(weights.get(k, 0.0) * v for k, v in feats.items() if v)


def is_fragment(s: Sentence, alone_in_paragraph: bool, min_words: int = 4) -> bool:
    """Never a claim: questions, lead-ins, lower-case fragments, unpunctuated lone lines."""
    text = s.text
    words = text.split()
    if len(words) < min_words or text.endswith(("?", ":")) or not text[:1].isupper():
        return True
    return alone_in_paragraph and not _TERMINATED.search(text)


def confidence(score: float) -> float:
    """The score as a probability-like confidence in [0.05, 0.95]."""
    return round(min(0.95, max(0.05, 1 / (1 + math.exp(-2 * score)))), 2)


@dataclass(frozen=True)
class Shape:
    """Where an essay introduces and concludes (paragraph indices among body paragraphs)."""

    n_paragraphs: int
    intro: frozenset[int]
    conclusion: frozenset[int]


def essay_shape(sentences: Sequence[Sentence]) -> Shape:
    """Introduction: the paragraphs before the first heading (when there are at most three),
    else the first paragraph (two in a long essay), and as many more as it takes to hold a
    tenth of the essay's words (`_holding`). Conclusion: the last section (at most three
    paragraphs), else the last paragraph (two in a long essay), extended the same way."""
    if not sentences:
        return Shape(0, frozenset(), frozenset())
    n = sentences[-1].paragraph + 1
    long = n >= 8
    sections: dict[str | None, list[int]] = {}
    order: list[str | None] = []
    for s in sentences:
        if s.section not in sections:
            sections[s.section] = []
            order.append(s.section)
        if s.paragraph not in sections[s.section]:
            sections[s.section].append(s.paragraph)
    default_intro = {0, 1} if long else {0}
    default_outro = {n - 1, n - 2} if long else {n - 1}
    # an essay of one-line paragraphs says in four short paragraphs what another says in one:
    # the opening and closing paragraphs are extended to hold a share of the essay's words
    words = [0] * n
    for s in sentences:
        words[s.paragraph] += len(s.text.split())
    intro = set(default_intro) | _holding(words, range(n))
    outro = set(default_outro) | _holding(words, range(n - 1, -1, -1))
    if len(order) > 1:
        first = sections[order[0]]
        if order[0] is None and len(first) <= 3:
            intro = set(first)
        last = sections[order[-1]]
        if len(last) <= 3:
            outro = set(last) | {n - 1}
    return Shape(n, frozenset(p for p in intro if p >= 0), frozenset(p for p in outro if p >= 0))


EDGE_WORD_SHARE = 0.1  # of an essay's words, at least, in its introduction and conclusion
EDGE_MAX_PARAGRAPHS = 4


def _holding(words: list[int], order: Iterable[int]) -> set[int]:
    """The first paragraphs in `order` that together hold EDGE_WORD_SHARE of the words (at
    most EDGE_MAX_PARAGRAPHS)."""
    want, held = EDGE_WORD_SHARE * sum(words), 0
    out: set[int] = set()
    for p in order:
        if held >= want or len(out) == EDGE_MAX_PARAGRAPHS:
            break
        out.add(p)
        held += words[p]
    return out


def thesis_positions(sentences: Sequence[Sentence], shape: Shape) -> set[int]:
    """Where essays put their thesis (the positional rule, as one signal among several):
    the last sentence of the introduction, the first sentence of the conclusion and the
    essay's last sentence (indices into sentences)."""
    if not sentences:
        return set()
    out = {len(sentences) - 1}
    if shape.intro:
        last_intro = max(shape.intro)
        out.add(max(i for i, s in enumerate(sentences) if s.paragraph == last_intro))
    if shape.conclusion:
        first_outro = min(shape.conclusion)
        out.add(min(i for i, s in enumerate(sentences) if s.paragraph == first_outro))
    return out


def thesis_scores(
    title: str,
    sentences: Sequence[Sentence],
    candidates: Sequence[int],
    embed: Embed | None,
    cfg: ClaimSettings = _DEFAULTS,
) -> list[float]:
    """A score per candidate (index into sentences): placement, centrality, voice."""
    shape = essay_shape(sentences)
    texts = [sentences[i].text for i in candidates]
    if embed is not None and texts:
        # only the title and the candidates are embedded (the service caches claim vectors
        # for linking); the essay's centre is the mean of its candidate claims
        vecs = embed([title, *texts])
        title_v, cand_v = vecs[0], vecs[1:]
        centre = cand_v.mean(axis=0)
        centre = centre / (np.linalg.norm(centre) or 1.0)
        central = [float(v @ centre) for v in cand_v]
        titled = [float(v @ title_v) for v in cand_v]
    else:
        essay_words = set(tokens(" ".join(s.text for s in sentences)))
        central = [len(set(tokens(t)) & essay_words) / (len(set(tokens(t))) or 1) for t in texts]
        titled = [_dice(t, title) for t in texts]
    ends = thesis_positions(sentences, shape)
    weight = _title_word_weights(title, sentences)
    out = []
    for j, i in enumerate(candidates):
        s = sentences[i]
        text = s.text
        own = set(content_words(text))
        echo = sum(w for word, w in weight.items() if word in own)
        score = (
            cfg.central_weight * central[j]
            + cfg.title_weight * titled[j]
            + cfg.title_words_weight * echo
        )
        if s.paragraph in shape.intro or s.paragraph in shape.conclusion:
            score += cfg.placement_bonus + (cfg.edge_bonus if i in ends else 0.0)
        elif echo >= cfg.title_echo_share:
            score += cfg.title_echo_bonus  # restates the title outside intro and conclusion
        score += cfg.cue_bonus if signals.has("conclusion_marker", text) else 0.0
        score += cfg.modal_bonus if signals.has("modal", text) else 0.0
        score += cfg.corrective_bonus if signals.has("corrective", text) else 0.0
        if (
            signals.opens("concession_open", text)
            or signals.opens("qualify_open", text)
            or _goes_on_granting(sentences, i)
            or inline_turn(text) == "view"  # "The objection: X": a view put up to be answered
        ):
            score -= cfg.granted_penalty
        if signals.opens("meta_discourse", text):
            score -= cfg.meta_penalty  # "The question worth asking is…": frames, not argues
        if _reports_other(text):  # someone else's view, reported, is not the thesis
            score -= cfg.reported_penalty
        if has_number(text) or signals.has("narration", text):
            score -= cfg.evidence_penalty
        if signals.opens("anaphor_open", text) or signals.opens("rebuttal_open", text):
            score -= cfg.anaphor_penalty
        if len(content_words(text)) < cfg.min_content_words:
            score -= cfg.short_penalty
        # rounded: embeddings of one text differ by ~1e-6 between runs, and a near-tie
        # must not flip which claim is the thesis (ties go to the earlier sentence)
        out.append(round(score, SCORE_DECIMALS))
    return out


def _title_word_weights(title: str, sentences: Sequence[Sentence]) -> dict[str, float]:
    """The title's content words, weighted by how rarely the essay's sentences use them
    (inverse sentence frequency, summing to 1). A title names the topic and the thesis: the
    topic's words are everywhere in the essay, so echoing them says little; the words that
    carry the thesis ("Bridges, Not Walls") come back where the thesis is restated."""
    words = set(content_words(title))
    if not words:
        return {}
    df = dict.fromkeys(words, 0)
    for s in sentences:
        for w in words & set(content_words(s.text)):
            df[w] += 1
    raw = {w: math.log((len(sentences) + 1) / (df[w] + 1)) + 0.1 for w in words}
    total = sum(raw.values())
    return {w: v / total for w, v in raw.items()}


def _goes_on_granting(sentences: Sequence[Sentence], i: int) -> bool:
    """Does the sentence go on with a view granted earlier in its paragraph, before the
    author answers it ("Some say X. Hire a Y, and Z will follow. The record says
    otherwise.": the middle sentence is still the view being granted)?"""
    if answers(sentences[i].text):
        return False
    j = i - 1
    while j >= 0 and sentences[j].paragraph == sentences[i].paragraph:
        if is_granted_view(sentences[j].text):
            return True
        if answers(sentences[j].text):
            return False
        j -= 1
    return False


def pick_theses(
    scores: Sequence[float], n_claims: int, cfg: ClaimSettings = _DEFAULTS
) -> list[int]:
    """Positions (into scores) of the theses: two, three for long essays, one for a
    handful of claims, never more than max_thesis."""
    if not scores:
        return []
    k = 1 if n_claims < cfg.few_claims else (3 if n_claims >= cfg.many_claims else 2)
    order = sorted(range(len(scores)), key=lambda j: (-scores[j], j))
    return sorted(order[: min(k, cfg.max_thesis)])


def _dice(a: str, b: str) -> float:
    ta, tb = set(tokens(a)), set(tokens(b))
    return 2 * len(ta & tb) / ((len(ta) + len(tb)) or 1)
