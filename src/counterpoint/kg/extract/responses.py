"""Links between claims of different essays: who answers whom, and whether in agreement.

Real responses rarely name the claim they answer. They restate it in their own words,
concede part of it or disagree without naming anyone. So a link is found by meaning first:

1. Two essays take part in links with each other only if they are about the same thing: the
   cosine of their mean claim vectors (content, not entity counts) reaches essay_similarity,
   and the later one answers the earlier (dates, when both essays have one). An essay that
   names the other by author or title answers it; one that does not name it answers it only
   implicitly (both dated, written later), through a restatement with a stance (step 3).
   Each rule looks at the two essays alone, so links are per pair of essays and only the
   pairs touching a changed essay are recomputed (link_update.py).
2. Candidates: for each claim, every claim of each essay it may answer whose cosine reaches
   a floor. A claim that leans on its context (an anaphor or a verdict: "The data backs this
   up", a verdict after a report of someone's view) is also compared through the sentence
   before it.
3. A pair becomes a link when its similarity (cosine plus content-word overlap) clears
   link_similarity, keeping each claim's best target in each essay it answers (rounded
   scores, ties to the smaller claim id). Towards an essay not named, only a restatement
   counts (cosine >= restatement_similarity and content-word overlap >=
   restatement_overlap) by a claim that stands on its own and could take a stance
   (may_take_stance).
4. Polarity from general signals (signals.py, lexicon/cues.json, lexicon/antonyms.json): the
   responding sentence's own verdict, opposition between the two claims (one negated and the
   other not, antonymous predicates, "not X but Y" where X restates the target), evidence
   opening the sentence ("The data shows…": agreement, for restatements of an essay not
   named). A pair with no such signal is no answer, except a very close restatement in an
   essay that names the other (score >= silent_similarity), whose polarity is then the
   responding essay's stance towards the target essay (the balance of the pairs that do say
   something). On the held-out dev half every link kept on similarity alone below that was
   wrong (kg/extract/heldout.py).
5. Reply structure (views.py): a claim that follows a sentence restating a view ("Some argue
   that X.", "The essay also made the point that X.") or that grants one ("Roe is right
   that X.") is matched through the restated clause X, not its own words, and links to the
   other essay's claim nearest X, with polarity from the answer's turn and verdicts.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from counterpoint.config import LinkSettings
from counterpoint.kg.extract import signals, views
from counterpoint.kg.extract.text import tokens

Embed = Callable[[list[str]], np.ndarray]

_DEFAULTS = LinkSettings()
# A claim pair is scored only from this cosine up (overlap rarely lifts a lower one over
# link_similarity); queries are compared BLOCK_ROWS at a time.
CANDIDATE_COSINE = 0.35
BLOCK_ROWS = 256
# Matrix products only shortlist pairs, this far below a threshold; the kept score comes
# from one dot product per pair.
FLOAT_MARGIN = 1e-3
# An essay names another's title when it holds this share of the title's content words.
TITLE_SHARE = 0.8
# ... within a stretch of this many times the title's length in words (cites_title)
TITLE_WINDOW = 2
# Polarity evidence: each opposition signal adds this; a link's confidence is a base plus
# shares of its similarity and of its polarity evidence, below the ceiling.
OPPOSITION_STEP = 0.5
CONFIDENCE_BASE, SIMILARITY_SHARE, EVIDENCE_SHARE, CONFIDENCE_CEILING = 0.4, 0.4, 0.1, 0.95
# Scores are rounded to this many decimals before they are compared, then ties go to the
# smaller claim id: embeddings of the same text differ by ~1e-6 between runs (batching,
# threads, which other claims shared the matrix product), and unrounded near-ties made links
# flip between two ingests of one corpus.
SCORE_DECIMALS = 4
# A negator this many words before an endorsement negates it ("is not right").
NEGATION_SCOPE = 3
# An essay pair's balance decides a silent pair's polarity with this weight (a tie-breaker).
BALANCE_WEIGHT = 0.1
# A claim answering a restated view links to the other essay's claim nearest the view's
# clause when their score (cosine plus overlap) reaches this (views.py; set on dev halves).
VIEW_SIMILARITY = 0.70


@dataclass(frozen=True)
class ResponseClaim:
    """A claim as cross-essay linking sees it: `context` is the sentence before it in its
    paragraph ('' when none), used when the claim leans on it; `view`: the sentence that
    restates a view the claim answers ('' when none), through which it is matched too."""

    id: str
    doc_id: str
    text: str
    date: str = ""
    context: str = ""
    view: str = ""  # the sentence before it restating a view it answers (views.py), or ''


@dataclass(frozen=True)
class CrossLink:
    premise: str
    conclusion: str
    kind: str  # "attack" | "support"
    confidence: float


@functools.cache
def _antonyms() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    path = resources.files("counterpoint.kg.extract.lexicon").joinpath("antonyms.json")
    pairs = json.loads(path.read_text("utf-8"))["pairs"]
    return [(re.compile(rf"\b{a}\b"), re.compile(rf"\b{b}\b")) for a, b in pairs]


@functools.cache
def _function_words() -> frozenset[str]:
    from counterpoint.kg.extract import lexicon

    return lexicon.words("function_words")


@functools.lru_cache(maxsize=65536)
def content_set(text: str) -> frozenset[str]:
    fw = _function_words()
    return frozenset(t for t in tokens(text) if t not in fw and len(t) > 2)


def leans_on_context(text: str) -> bool:
    """Anaphoric or verdict sentences mean little without the one before ("This is wrong.",
    "Our data says otherwise."). A short sentence with neither names its own subject ("Some
    readers took the comparison as a throwaway.") and is read on its own: matched through
    its neighbour, it linked to whatever the neighbour restated."""
    return (
        signals.opens("anaphor_open", text)
        or signals.has("verdict_attack", text)
        or signals.has("verdict_support", text)
    )


def may_take_stance(text: str) -> bool:
    """Could the sentence, standing on its own, take a stance towards a claim it restates:
    a negator, an evidence opening, or one side of an antonym pair? (A verdict cue makes a
    sentence lean on the one before, so it does not stand on its own.) Only such claims are
    compared with the essays that are not named (the others could not link there)."""
    if leans_on_context(text):
        return False
    low = signals.plain(text)
    return (
        signals.has("negation", low)
        or signals.opens("evidence_open", text)
        or any(_antonym_word(w) for w in set(_WORDS.findall(low)))
    )


_WORDS = re.compile(r"[a-z]+")


@functools.lru_cache(maxsize=65536)
def _antonym_word(word: str) -> bool:
    """Is the word either side of an antonym pair (lexicon/antonyms.json)? Word by word,
    cached: the vocabulary repeats, a long alternation per sentence costs more."""
    return _antonym_pattern().fullmatch(word) is not None


@functools.cache
def _antonym_pattern() -> re.Pattern[str]:
    path = resources.files("counterpoint.kg.extract.lexicon").joinpath("antonyms.json")
    pairs = json.loads(path.read_text("utf-8"))["pairs"]
    return re.compile("|".join(f"(?:{w})" for pair in pairs for w in pair))


_REPLACES = re.compile(r"\b(?:not|rather than|instead of|more than)\b(.{3,80}?)(?:[,;.]|$)")


def opposition(premise: str, target: str) -> float:
    """> 0 when the two claims say opposite things (negative: they agree), from negation
    asymmetry, antonymous words, and a premise that denies what the target asserts."""
    p, t = signals.plain(premise), signals.plain(target)
    score = 0.0
    if signals.one_negated(p, t):
        score += OPPOSITION_STEP
    for a, b in _antonyms():
        if (a.search(p) and b.search(t) and not b.search(p)) or (
            b.search(p) and a.search(t) and not a.search(p)
        ):
            score += OPPOSITION_STEP
            break
    # "not X but Y" / "X rather than Y" where X restates the target: Y replaces it. Not when
    # the target sets the same words aside the same way ("Brand matters more than price"
    # against itself): a restatement shares its construction, it does not oppose it.
    m = _REPLACES.search(p)
    if m and content_set(m.group(1)) & content_set(t):
        mt = _REPLACES.search(t)
        if not (mt and content_set(mt.group(1)) & content_set(m.group(1))):
            score += OPPOSITION_STEP
    return score


def _negated(low: str, at: int) -> bool:
    """Is there a negator among the NEGATION_SCOPE words before offset `at`?"""
    before = " ".join(low[:at].split()[-NEGATION_SCOPE:])
    return bool(before) and signals.has("negation", before)


def verdict(text: str) -> float:
    """The sentence's own verdict: > 0 agrees, < 0 disagrees, 0 says nothing explicit. A
    negated endorsement ("not right", "no longer holds up") disagrees; a negation elsewhere
    in the sentence ("supports the view that brand, not price, …") leaves it an
    endorsement."""
    low = signals.plain(text)
    att = signals.count("verdict_attack", low)
    sup = [m.start() for m in signals.anywhere("verdict_support").finditer(low)]
    if sup and not att and any(_negated(low, at) for at in sup):
        return -1.0
    return float(len(sup) - att)


def essay_vectors(by_doc: dict[str, list[int]], vecs: np.ndarray) -> dict[str, np.ndarray]:
    out = {}
    for d, rows in by_doc.items():
        v = vecs[rows].mean(axis=0)
        out[d] = v / (np.linalg.norm(v) or 1.0)
    return out


@dataclass(frozen=True)
class EssayInfo:
    """What an essay says about itself: who wrote it and its title, and its body text."""

    doc_id: str
    title: str
    authors: tuple[str, ...]
    text: str


def named_essays(essays: Sequence[EssayInfo]) -> dict[str, set[str]]:
    """For each essay, the other essays it names: an author's surname (capitalised, as a
    word), or most of the content words of a title. Word look-ups in dictionaries, so the
    cost grows with the corpus's words, not with pairs of essays."""
    by_surname: dict[str, set[str]] = {}
    for e in essays:
        for author in e.authors:
            parts = author.split()
            if parts and len(parts[-1]) > 2:
                by_surname.setdefault(parts[-1], set()).add(e.doc_id)
    bodies = {e.doc_id: content_set(e.text) for e in essays}
    containing: dict[str, set[str]] = {}
    for doc_id, words in bodies.items():
        for w in words:
            containing.setdefault(w, set()).add(doc_id)
    out: dict[str, set[str]] = {e.doc_id: set() for e in essays}
    for e in essays:
        for word in capitalised_words(e.text):
            out[e.doc_id] |= by_surname.get(word, set())
    texts = {e.doc_id: e.text for e in essays}
    for t in essays:
        title = content_set(t.title)
        if len(title) < 3:
            continue
        # an essay holding the share holds one of the (len - needed + 1) rarest words
        needed = math.ceil(TITLE_SHARE * len(title))
        rarest = sorted(title, key=lambda w: (len(containing.get(w, ())), w))
        holders = set().union(
            *(containing.get(w, set()) for w in rarest[: len(title) - needed + 1])
        )
        for doc_id in holders:
            if len(title & bodies[doc_id]) >= TITLE_SHARE * len(title) and cites_title(
                texts[doc_id], t.title
            ):
                out[doc_id].add(t.doc_id)
    for doc_id, names in out.items():
        names.discard(doc_id)
    return out


_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]+")
_POSSESSIVE = re.compile(r"['’]s?$")


def capitalised_words(text: str) -> set[str]:
    """The capitalised words of a text, each also without a possessive ending: an essay
    names an author as often as "Roe's essay" as "Roe"."""
    words = set(_CAPITALISED.findall(text))
    return words | {_POSSESSIVE.sub("", w) for w in words}


def cites_title(text: str, title: str) -> bool:
    """Does the text cite the title: TITLE_SHARE of its content words within one stretch
    of TITLE_WINDOW x the title's length in words? Essays on one subject share the words
    of each other's titles ("brand", "open", "economics") scattered over their bodies; a
    citation keeps them together ("in 'Brand Is a Lagging Indicator', …", "her essay on
    brand as a lagging indicator"). Found with two pointers over the text's title words."""
    words = content_set(title)
    span = TITLE_WINDOW * len(tokens(title))
    needed = math.ceil(TITLE_SHARE * len(words))
    hits = [(i, w) for i, w in enumerate(tokens(text)) if w in words]
    held: dict[str, int] = {}
    lo = 0
    for i, w in hits:
        held[w] = held.get(w, 0) + 1
        while i - hits[lo][0] >= span:
            first = hits[lo][1]
            held[first] -= 1
            if not held[first]:
                del held[first]
            lo += 1
        if len(held) >= needed:
            return True
    return False


Named = dict[str, set[str]] | Callable[[str, str], bool]


class Naming:
    """Whether essay A names essay B, worked out on first ask for that pair: the test of
    `named_essays` for one pair, so the cost follows the pairs asked about, not the corpus.
    `text_of`, when given, reads an essay's text on first need (the essays' own texts are
    not used then): the links update does not read every essay's text for one change."""

    def __init__(
        self, essays: Sequence[EssayInfo], text_of: Callable[[str], str] | None = None
    ) -> None:
        self._essays = {e.doc_id: e for e in essays}
        self._text_of = text_of
        self._capitalised: dict[str, set[str]] = {}
        self._words: dict[str, frozenset[str]] = {}
        self._answers: dict[tuple[str, str], bool] = {}

    def __call__(self, a: str, b: str) -> bool:
        key = (a, b)
        if key not in self._answers:
            self._answers[key] = self._names(a, b)
        return self._answers[key]

    def _names(self, a: str, b: str) -> bool:
        ea, eb = self._essays.get(a), self._essays.get(b)
        if ea is None or eb is None or a == b:
            return False
        if a not in self._capitalised:
            text = self._text_of(a) if self._text_of is not None else ea.text
            self._capitalised[a] = capitalised_words(text)
            self._words[a] = content_set(text)
        surnames = {p[-1] for p in (x.split() for x in eb.authors) if p and len(p[-1]) > 2}
        if surnames & self._capitalised[a]:
            return True
        title = content_set(eb.title)
        if len(title) < 3 or len(title & self._words[a]) < TITLE_SHARE * len(title):
            return False
        text = self._text_of(a) if self._text_of is not None else ea.text
        return cites_title(text, eb.title)


def _named_lookup(named: dict[str, set[str]]) -> Callable[[str, str], bool]:
    return lambda a, b: b in named.get(a, set())


def answers(a: str, b: str, names: Callable[[str, str], bool]) -> bool:
    """Whether essay `a` answers essay `b`, from the two essays alone: it names it."""
    return names(a, b)


def linkable(
    essay: dict[str, np.ndarray],
    dates: dict[str, str],
    names: Callable[[str, str], bool],
    cfg: LinkSettings,
    changed: Collection[str] | None,
    seen: set[tuple[str, str]] | None,
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Essay -> the essays its claims may link to, in two sets: essays it answers (named,
    `answers`; related by content: the cosine of their mean claim vectors reaches
    named_essay_similarity; not written later, when both have dates) and essays it may
    answer implicitly (related: the cosine reaches essay_similarity; both dated, written
    earlier, not named: only a close restatement with a stance of its own links there).
    Decided per pair from the two essays alone, for the pairs with an essay in `changed`
    (all pairs when None); `seen` collects the ordered pairs looked at."""
    named: dict[str, set[str]] = {}
    implicit: dict[str, set[str]] = {}
    if len(essay) < 2:
        return named, implicit
    doc_ids = sorted(essay)
    mat = np.stack([essay[d] for d in doc_ids])
    focus = [i for i, d in enumerate(doc_ids) if changed is None or d in changed]

    def consider(a: str, b: str, cosine: float) -> None:
        # below essay_similarity (down to named_essay_similarity) only naming relates them
        da, db = dates.get(a, ""), dates.get(b, "")
        if da and db and db > da:
            return
        if answers(a, b, names):
            named.setdefault(a, set()).add(b)
        elif cosine >= cfg.essay_similarity and da and db and da > db:
            implicit.setdefault(a, set()).add(b)

    floor = min(cfg.essay_similarity, cfg.named_essay_similarity)
    for s in range(0, len(focus), BLOCK_ROWS):
        rows = focus[s : s + BLOCK_ROWS]
        cosines = np.round(mat[rows] @ mat.T, SCORE_DECIMALS)
        for i, row in zip(rows, cosines, strict=True):
            d = doc_ids[i]
            if seen is not None:
                seen |= {(d, e) for e in doc_ids if e != d} | {(e, d) for e in doc_ids if e != d}
            for j in np.nonzero(row >= floor)[0].tolist():
                e = doc_ids[j]
                if e == d:
                    continue
                consider(d, e, float(row[j]))
                if changed is not None and e not in changed:
                    consider(e, d, float(row[j]))  # the other direction, once (e not in focus)
    return named, implicit


def _candidates(
    claims: Sequence[ResponseClaim],
    vecs: np.ndarray,
    targets: dict[str, set[str]],
    embed: Embed,
    cfg: LinkSettings,
    stats: dict[str, Any] | None = None,
) -> dict[tuple[int, str], tuple[float, int]]:
    """For each claim of an essay in `targets` and each essay it may link to: that essay's
    best claim for it, by score (cosine plus content-word overlap; through the sentence
    before a claim that leans on it, less the context discount), when it clears
    link_similarity. Best = highest (rounded) score, then the smaller claim id (not the row:
    row order differs between a whole and an incremental run). A function of the two
    essays alone (no corpus-wide top-k), and only the claims of linkable pairs are read."""
    rows_of: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        rows_of.setdefault(c.doc_id, []).append(i)
    floor = max(cfg.link_similarity - cfg.overlap_weight, CANDIDATE_COSINE)
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for a in sorted(targets):
        # restating another essay's view is not answering it
        own = [i for i in rows_of.get(a, []) if not signals.reports_view(claims[i].text)]
        cols = np.array(sorted(j for b in targets[a] for j in rows_of.get(b, [])), dtype=np.int64)
        if not own or not len(cols):
            continue
        ctx = [i for i in own if claims[i].context and leans_on_context(claims[i].text)]
        queries = vecs[own]
        if ctx:
            ctx_vecs = np.asarray(embed([claims[i].context for i in ctx]), dtype=np.float32)
            queries = np.vstack([queries, ctx_vecs])
        owners = own + ctx
        sims = np.round(queries @ vecs[cols].T, SCORE_DECIMALS)
        if stats is not None:
            stats["queries"] = stats.get("queries", 0) + len(owners)
            stats["compared"] = stats.get("compared", 0) + len(owners) * len(cols)
        for q, kk in zip(*np.nonzero(sims >= floor), strict=True):
            owner, j, by_context = owners[q], int(cols[kk]), q >= len(own)
            words_j = content_set(claims[j].text)
            anchor = content_set(claims[owner].context if by_context else claims[owner].text)
            discount = cfg.context_discount if by_context else 0.0
            overlap = 2 * len(anchor & words_j) / ((len(anchor) + len(words_j)) or 1)
            score = float(sims[q, kk]) + cfg.overlap_weight * overlap - discount
            score = round(score, SCORE_DECIMALS)
            if score < cfg.link_similarity:
                continue
            key = (owner, claims[j].doc_id)
            held = best.get(key)
            if held is None or (-score, claims[j].id) < (-held[0], claims[held[1]].id):
                best[key] = (score, j)
    return best


def _restatements(
    claims: Sequence[ResponseClaim],
    vecs: np.ndarray,
    implicit: dict[str, set[str]],
    cfg: LinkSettings,
    stats: dict[str, Any] | None = None,
) -> dict[tuple[int, str], tuple[float, int]]:
    """Towards essays answered without being named: for each claim that stands on its own
    and could take a stance (`may_take_stance`), its best restated claim in each such essay
    (cosine >= restatement_similarity, content-word Dice >= restatement_overlap; score and
    ties as in `_candidates`). All such claims are compared at once, BLOCK_ROWS at a time,
    with the claims of every essay any of them may answer, and the hits filtered by pair
    (each pair's result is still a function of its two essays alone). An update compares
    the changed essays' claims with the corpus (linear); a whole relink of one-topic essays
    is quadratic in claims here, with a small constant (only claims that could take a
    stance are queries, one matrix product per BLOCK_ROWS of them)."""
    doc_ids = sorted({b for bs in implicit.values() for b in bs})
    owners = [
        i
        for i, c in enumerate(claims)
        if c.doc_id in implicit and not signals.reports_view(c.text) and may_take_stance(c.text)
    ]
    wanted = set(doc_ids)
    cols = np.array([j for j, c in enumerate(claims) if c.doc_id in wanted], dtype=np.int64)
    best: dict[tuple[int, str], tuple[float, int]] = {}
    if not owners or not len(cols):
        return best

    def consider(owner: int, j: int) -> None:
        # one dot product per pair: a block's matrix product may sum in an order that depends
        # on which claims share the block (whole relink vs update), a rounded score must not
        a, b = claims[owner], claims[j]
        if b.doc_id not in implicit[a.doc_id]:
            return
        cos = round(float(np.dot(vecs[owner], vecs[j])), SCORE_DECIMALS)
        if cos < cfg.restatement_similarity:
            return
        words_a, words_b = content_set(a.text), content_set(b.text)
        overlap = 2 * len(words_a & words_b) / ((len(words_a) + len(words_b)) or 1)
        if overlap < cfg.restatement_overlap:
            return
        score = round(cos + cfg.overlap_weight * overlap, SCORE_DECIMALS)
        key = (owner, b.doc_id)
        held = best.get(key)
        if held is None or (-score, b.id) < (-held[0], claims[held[1]].id):
            best[key] = (score, j)

    floor = cfg.restatement_similarity - FLOAT_MARGIN
    targets = vecs[cols].T
    for s in range(0, len(owners), BLOCK_ROWS):
        block = owners[s : s + BLOCK_ROWS]
        sims = vecs[block] @ targets
        if stats is not None:
            stats["queries"] = stats.get("queries", 0) + len(block)
            stats["compared"] = stats.get("compared", 0) + len(block) * len(cols)
        for q, kk in zip(*np.nonzero(sims >= floor), strict=True):
            consider(block[q], int(cols[kk]))
    return best


def cross_links(
    claims: Sequence[ResponseClaim],
    embed: Embed,
    named: Named | None = None,
    cfg: LinkSettings = _DEFAULTS,
    changed: Collection[str] | None = None,
    stats: dict[str, Any] | None = None,
) -> list[CrossLink]:
    """Attack/support links from claims to claims of other, earlier, related essays.

    Every link is a function of its two essays alone (`linkable`, `_candidates`), so
    with `changed` only the pairs of essays with at least one end in it are evaluated (the
    links of every other pair are what they were), and linking essays one at a time gives
    the links of linking them all at once. `stats` (when given) counts the claim pairs
    compared ("compared") and the queries made ("queries"), and collects the ordered essay
    pairs compared into a set under "essay_pairs" when it holds one."""
    if len(claims) < 2:
        return []
    texts = [c.text for c in claims]
    vecs = np.asarray(embed(texts), dtype=np.float32)
    rows_of: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        rows_of.setdefault(c.doc_id, []).append(i)
    if len(rows_of) < 2:
        return []
    if changed is not None and not set(changed) & rows_of.keys():
        return []
    essay = essay_vectors(rows_of, vecs)
    dates = {c.doc_id: c.date for c in claims if c.date}
    names = named if callable(named) else _named_lookup(named or {})
    seen = stats.get("essay_pairs") if stats is not None else None
    targets, implicit = linkable(
        essay, dates, names, cfg, changed, seen if isinstance(seen, set) else None
    )
    return links_between(claims, vecs, targets, implicit, embed, cfg, stats)


def links_between(
    claims: Sequence[ResponseClaim],
    vecs: np.ndarray,
    targets: dict[str, set[str]],
    implicit: dict[str, set[str]],
    embed: Embed,
    cfg: LinkSettings = _DEFAULTS,
    stats: dict[str, Any] | None = None,
) -> list[CrossLink]:
    """The links of the essay pairs `linkable` chose, from `claims` (which must hold every
    claim of each essay named in `targets` or `implicit`, and may hold others) and their
    vectors (`vecs`, rows as `claims`). The links update calls it with the claims of those
    essays alone."""
    passing = _candidates(claims, vecs, targets, embed, cfg, stats)
    restated = _restatements(claims, vecs, implicit, cfg, stats)
    passing.update(restated)
    answered = _view_answers(claims, vecs, targets, implicit, embed, cfg, stats)
    for answer in answered:  # the reply structure says what the claim answers
        passing.pop(answer, None)
    pairs = [(owner, passing[(owner, target)]) for owner, target in sorted(passing)]
    # pair-level polarity evidence, then each essay pair's balance for the silent ones
    evidence: list[float] = []
    balance: dict[tuple[str, str], float] = {}
    stated: dict[tuple[str, str], float] = {}  # the explicit verdicts' balance
    only_negation: list[bool] = []
    for owner, (_, j) in pairs:
        a, b = claims[owner], claims[j]
        v = verdict(a.text) or (verdict(a.context) if leans_on_context(a.text) else 0.0)
        e = -1.0 * np.sign(v) if v else 0.0
        opposed = opposition(a.text, b.text)
        e += opposed
        evidence.append(e)
        # negation asymmetry is then the pair's only sign of opposition
        only_negation.append(
            not v and opposed == OPPOSITION_STEP and signals.one_negated(a.text, b.text)
        )
        key = (a.doc_id, b.doc_id)
        balance[key] = balance.get(key, 0.0) + (np.sign(e) if e else 0.0)
        if v:
            stated[key] = stated.get(key, 0.0) - np.sign(v)
    out = []
    for (owner, (score, j)), e, weak in zip(pairs, evidence, only_negation, strict=True):
        a, b = claims[owner], claims[j]
        if weak and stated.get((a.doc_id, b.doc_id), 0.0) < 0:
            # a negation in one claim and not the other is the weakest sign of opposition
            # ("the thing that separates them is not the score but trust"): it yields to the
            # essay's own verdicts on the other essay ("I think he is right")
            e = -OPPOSITION_STEP
        if (owner, b.doc_id) in restated:
            # not named: the restatement must carry its own stance (evidence for it counts
            # as agreement), never the pair's balance
            if e == 0.0 and signals.opens("evidence_open", a.text):
                e = -OPPOSITION_STEP
            if e == 0.0:
                continue
        elif e == 0.0:
            if score < cfg.silent_similarity:
                continue  # similar, but nothing says it answers the claim
            e = balance[(a.doc_id, b.doc_id)] * BALANCE_WEIGHT
        kind = "attack" if e > 0 else "support"
        out.append(CrossLink(a.id, b.id, kind, link_confidence(score, e)))
    for (owner, _), (score, j, kind) in sorted(answered.items()):
        out.append(CrossLink(claims[owner].id, claims[j].id, kind, link_confidence(score)))
    return out


def link_confidence(score: float, evidence: float = 0.0) -> float:
    """A cross link's confidence: a base, a share of its similarity score and a share of its
    polarity evidence (none for a view answer: the reply structure is the evidence)."""
    conf = CONFIDENCE_BASE + SIMILARITY_SHARE * min(score, 1.0)
    return round(min(CONFIDENCE_CEILING, conf + EVIDENCE_SHARE * min(abs(evidence), 1.0)), 2)


def _view_answers(
    claims: Sequence[ResponseClaim],
    vecs: np.ndarray,
    targets: dict[str, set[str]],
    implicit: dict[str, set[str]],
    embed: Embed,
    cfg: LinkSettings,
    stats: dict[str, Any] | None = None,
) -> dict[tuple[int, str], tuple[float, int, str]]:
    """Claims that answer a restated view (views.py): for each claim with a `view`, the
    claim of each essay it may link to nearest to the view's clause (cosine plus
    overlap_weight x content-word Dice; best and ties as in `_candidates`), kept when it
    reaches VIEW_SIMILARITY, with polarity from views.view_polarity. A view of a named
    source ("the essay argues that") is looked for in the essays the claim's essay names;
    one of unnamed others ("some argue that") in every essay it may answer (`linkable`).
    Claims that give someone else's view are neither answers nor targets (views.restates).
    One query per claim with a view, against the claims of its essay's linkable essays."""
    rows_of: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        rows_of.setdefault(c.doc_id, []).append(i)
    owners = [
        i
        for i, c in enumerate(claims)
        if c.view and (c.doc_id in targets or c.doc_id in implicit) and not views.restates(c.text)
    ]
    clauses = {i: views.restated_view(claims[i].view) for i in owners}
    owners = [i for i in owners if clauses[i]]
    best: dict[tuple[int, str], tuple[float, int, str]] = {}
    if not owners:
        return best
    queries = np.asarray(embed([clauses[i] for i in owners]), dtype=np.float32)
    for q, owner in enumerate(owners):
        a = claims[owner]
        words_v = content_set(clauses[owner])
        named = targets.get(a.doc_id, set())
        popular = views.popular_frame(a.view)
        ends = named | implicit.get(a.doc_id, set()) if popular else named
        for b in sorted(ends):
            cols = [j for j in rows_of.get(b, []) if not views.restates(claims[j].text)]
            if not cols:
                continue
            if stats is not None:
                stats["queries"] = stats.get("queries", 0) + 1
                stats["compared"] = stats.get("compared", 0) + len(cols)
            sims = vecs[cols] @ queries[q]
            # overlap adds at most overlap_weight: a claim below this cosine cannot reach
            # VIEW_SIMILARITY, so only the others are scored, each from one dot product (as in
            # `_restatements`: a rounded score must not depend on what shared the product)
            reach = VIEW_SIMILARITY - cfg.overlap_weight - FLOAT_MARGIN
            top: tuple[float, int] | None = None
            for k in np.nonzero(sims >= reach)[0].tolist():
                j = cols[k]
                cos = float(np.dot(vecs[j], queries[q]))
                words_j = content_set(claims[j].text)
                dice = 2 * len(words_v & words_j) / ((len(words_v) + len(words_j)) or 1)
                score = round(cos + cfg.overlap_weight * dice, SCORE_DECIMALS)
                if top is None or (-score, claims[j].id) < (-top[0], claims[top[1]].id):
                    top = (score, j)
            if top is None or top[0] < VIEW_SIMILARITY:
                continue
            kind = views.view_polarity(a.view, a.text)
            if kind is not None:
                best[(owner, b)] = (top[0], top[1], kind)
    return best
