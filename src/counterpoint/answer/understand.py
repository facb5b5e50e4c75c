"""Question understanding, offline: what is asked for, which essay is meant, and whether the
reader asks or takes a position.

Everything here is rules over the question's own words and the corpus's metadata (titles,
authors, dates, tags); no model call and no list of our essays. What the rules decide steers
retrieval (an essay named by title, author or description is searched first), answerability
(an answer must contain the kind of thing asked for) and the mode (a statement that takes a
position is a challenge, not a question).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from counterpoint.answer.words import COMMON_FUNCTION_WORDS

ASKED_FOR = (
    "amount",  # how much: a sum of money or another quantity with a unit
    "number",  # how many / what share / how long: a count, percentage or duration
    "date",  # when / in what year
    "author",  # who wrote / argues …: the author of the passage that says it (its byline)
    "person",  # who
    "organisation",  # which company / lab
    "name",  # what is X called / which project, law, model: a proper name
    "essay",  # which essay says …: a title
    "position",  # does the author think …: a stance
    "list",  # which two …: several items
    "other",
)

# -- what is asked for ------------------------------------------------------------------------
_AMOUNT_NOUNS = (
    r"cost|costs|price|prices|priced|revenue|revenues|funding|valuation|worth|spend|spending|"
    r"capex|outlay|salary|fee|fees|dues|paid|pay|pays|raised?|sum|budget|dollars?|money|"
    r"investment|invested|charge|charges"
)
# "what does …", "what should a city …": an auxiliary or modal after "what", not a noun the
# question asks for.
_NOT_A_NOUN = (
    r"(?!(?:do|does|did|is|are|was|were|has|have|had|should|would|could|can|will|must|might|"
    r"may)\b)"
)
# "Which costs took more time …": a plural cost noun that is the subject of its own verb
# asks which things they were, not how much ("what fees does it charge" still asks a sum).
_THINGS = (
    r"(?!(?:costs|fees|charges|prices|expenses|payments)\s+(?!(?:do|does|did|is|are|was|were|"
    r"has|have|had)\b)[a-z])"
)
# "What price list …", "which cost curve …": an amount noun that modifies the noun after
# it does not head the wh-phrase, so no sum is asked. The head is the last noun before the
# clause goes on: a verb or auxiliary, a preposition, a determiner or pronoun opening the
# clause, a proper name (its subject), or the end of the question.
_HEAD_ENDS = (
    r"(?=\s*(?:[?,;:.]|$)|\s+(?:do|does|did|is|are|was|were|has|have|had|can|could|will|"
    r"would|should|might|must|of|for|in|on|at|to|from|by|with|per|that|which|the|a|an|this|"
    r"these|those|it|its|they|their|he|his|she|her|we|our|you|your|and|or|last|next|each|"
    r"every|over|after|before|since|during|when|while|than|as|"
    # a measure noun after it keeps the sum asked: "what revenue figure", "what price tag"
    r"figures?|amounts?|totals?|levels?|tags?|numbers?|range)\b|\s+(?-i:[A-Z]))"
)
_TYPE_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "essay",
        re.compile(
            r"\b(which|what) (?:\w+ )?(essays?|articles?|pieces?|posts?|responses?|replies)\b"
            r"|\bwhich of the (essays|articles|pieces|responses)\b",
            re.I,
        ),
    ),
    (
        "date",
        re.compile(
            # "When X happens, what …?" is a condition, not a question about a date.
            r"^\s*when\b(?![^?]*,\s*(?:what|which|who|how|why|where|does|do|is|are)\b)"
            # ", when the author wrote about it?" is a time clause: a subject follows "when".
            r"|[,;]\s*when\b(?!\s+(?:the|a|an|this|that|it|he|she|they|we|i|you|its|his|her|"
            r"their|our|my)\b)|\b(?:and|but) when\b|\bwhen (?:was|were|did|is|does)\b"
            r"|\b(?:what|which) (?:year|years|date|month|day|decade)\b",
            re.I,
        ),
    ),
    (
        "author",
        re.compile(
            r"\bwho (?:wrote|writes|authored|penned|argues|argued|claims|claimed|contends|"
            r"contended|insists|insisted|maintains|maintained)\b|\bwho is the (?:author|writer)"
            r"\b|\b(?:which|what) (?:author|writer|essayist)s?\b",
            re.I,
        ),
    ),
    (
        "person",
        re.compile(
            r"^\s*who\b|\bwhom\b|[,;]\s*who\b|\band who\b|\bwho (?:is|was|are|were|does|did|"
            r"has|had|commanded|founded|wrote|said|owns|runs|led|leads)\b|\b(?:which|what) "
            r"(?:\w+ )?(?:person|individual|founders?|people|investor|ceo|executive|"
            r"researchers?|commander)\b|\breal name\b"
            # "public figures" are people; "what revenue figure" asks for a number
            r"|\b(?:public|key|famous|historical|leading|prominent|notable) figures?\b",
            re.I,
        ),
    ),
    (
        "amount",
        re.compile(
            rf"\bhow much\b(?=.*\b(?:{_AMOUNT_NOUNS})\b)|\bhow much (?:did|does|do|was|is|had|"
            rf"has)\b[^?]*\b(?:{_AMOUNT_NOUNS}|make|made|earn|earned|cost|take)\b|\b(?:what|which)"
            rf" {_THINGS}(?:[\w'’-]+ ){{0,5}}(?:{_AMOUNT_NOUNS})\b{_HEAD_ENDS}|\bfor (?:about )?"
            rf"how much\b"
            rf"|\bhow much (?:money|capital|funding|revenue)\b|\bat what price\b|\bvalued at\b",
            re.I,
        ),
    ),
    (
        "number",
        re.compile(
            r"\bhow (?:many|often|long|large|big|old|far|fast)\b|\b(?:what|which) (?:[\w-]+ )?"
            r"(?:share|percentage|percent|proportion|number|fraction|temperature|hydration|"
            r"threshold|size|ratio|rate|age)\b|\bat what (?:\w+ )?(?:temperature|hydration|"
            r"rate|speed|scale|size)\b|\bhow much\b"
            # "What is the context length of X?": a quantity named by its noun
            # "What is the rental vacancy rate in X?": up to two words may narrow the measure
            r"|\b(?:what|which) (?:is|was|are|were) (?:the|its|their|his|her) (?:[\w-]+ ){0,2}"
            r"(?:length|headcount|score|count|size|share|percentage|number|population|"
            r"capacity|speed|latency|throughput|rate|ratio)\b|\bwhat (?:[\w-]+ )?score\b",
            re.I,
        ),
    ),
    (
        "name",
        re.compile(
            r"\b(?:what|which) (?:is|was|are|were) the (?:name|title)s?\b|\bname of\b|\btitle of\b"
            r"|\bcalled\?|\bwhat (?:did|does|do) \w+(?: \w+)? call\b|\b(?:which|what) "
            rf"{_NOT_A_NOUN}(?:[\w-]+ ){{0,2}}"
            r"(?:model|project|library|law|framework|network|book|product|tool|platform|"
            r"fork|format|standard|licen[cs]e|protocol|chip|device|language|dataset|benchmark|"
            r"city|country|state|region|exchange|"
            # places by their generic head noun (the street and division nouns binding.py
            # reads a place name by): "on which street", "in which county"
            r"street|road|avenue|town|village|county|district|province|neighbou?rhood)\b"
            # "What is the licence of X?": the licence's name; "where is X based?": a place
            r"|\b(?:what|which) (?:is|was|are|were) (?:the|its|their|his|her) (?:[\w-]+ )?"
            r"licen[cs]es?\b|\bwhere (?:is|are|was|were|does|did)\b[^?]*\b(?:based|"
            r"headquartered|located|incorporated|registered|listed|born)\b",
            re.I,
        ),
    ),
    (
        "organisation",
        re.compile(
            rf"\b(?:which|what) {_NOT_A_NOUN}"
            r"(?:[\w-]+ ){0,2}(?:company|companies|lab|labs|firm|firms|"
            r"organi[sz]ations?|vendors?|startups?|institutions?|agency|agencies|publisher|bank|"
            r"investors|backers|funds?|universit(?:y|ies)|college|school)\b"
            r"|\bwho acquired\b",
            re.I,
        ),
    ),
    (
        "position",
        re.compile(
            r"^\s*(?:does|do|did|is|was|would|will) (?:the )?(?:author|essay|essayist|writer|he|"
            r"she|[A-Z]\w+) (?:really )?(?:think|believe|argue|say|agree|claim|expect|consider|"
            r"see|hold)\b|\bhow does (?:the )?(?:author|essay|essayist|writer) (?:describe|see|"
            r"view|feel|regard)\b|\b(?:author|essay|writer)['’]s (?:view|position|stance|attitude"
            r"|opinion)\b|\bwhat does (?:the )?(?:author|essay|writer) (?:think|believe|argue)\b",
            re.I,
        ),
    ),
    (
        "list",
        re.compile(
            r"\b(?:what|which) (?:two|three|four|five|six|several|other)\b|\b(?:what|which) "
            r"(?:examples|reasons|obligations|advantages|platforms|vendors|models|moves|"
            r"steps|factors|requirements|companies|communities|figures)\b",
            re.I,
        ),
    ),
]

# Typed kinds whose answer must contain a matching token; the others are answered on evidence.
TYPED = ("amount", "number", "date", "person", "organisation", "name")


def asked_for(question: str) -> list[str]:
    """The kinds of thing the question asks for, most specific first (a two-part question
    "In what year …, and by whom?" asks for two); ['other'] when no rule fires."""
    question = QUOTED.sub("«title»", question)  # "What does 'X Pay' say": not an amount
    kinds = [kind for kind, rx in _TYPE_RULES if rx.search(question)]
    if "amount" in kinds and "number" in kinds:
        kinds.remove("number")  # "how much money": an amount, not a bare count
    if "author" in kinds and "person" in kinds:
        kinds.remove("person")  # the byline answers "who wrote …", not a name in the text
    if "essay" in kinds:
        kinds = ["essay"]  # "which essay …" wants a title, whatever else the words suggest
    return kinds or ["other"]


# -- question or challenge -------------------------------------------------------------------
# A wh-word may follow a preposition ("For how long …", "Since when …", "From whom …").
_WH = re.compile(
    r"^\s*(?:(?:in|on|at|for|to|by|from|with|since|until|till|of|about|after|before|during|"
    r"among|between|under|over|through)\s+)?(?:what|which|who|whom|whose|when|where|why|how)\b"
    r"|^\s*(?:according to|per\b|list|name|tell me|give me|summari[sz]e|describe|explain|"
    r"compare)\b",
    re.I,
)
_WH_ANYWHERE = re.compile(r"\b(?:what|which|who|whom|when|where|why|how many|how much)\b", re.I)
_YES_NO = re.compile(
    r"(?:^|,\s*)(?:is|are|was|were|do|does|did|can|could|will|would|should|shall|has|have|had|"
    r"isn'?t|aren'?t|doesn'?t|don'?t|didn'?t|wasn'?t|won'?t|wouldn'?t|can'?t|couldn'?t|"
    r"shouldn'?t|hasn'?t|haven'?t|surely|must|might|may)\b",
    re.I,
)
# A yes/no question about what a text says is a fact question, not a position.
_ABOUT_TEXT = re.compile(
    r"^\s*(?:does|do|did|is|was|would|will)\s+(?:the |this |that |any |either )?(?:author|"
    r"essays?|essayist|writer|piece|article|post|response|reply|[A-Z][a-z]+)\s+(?:really\s+)?"
    r"(?:think|believe|argue|say|agree|claim|expect|mention|consider|see|hold|suggest|predict)"
    r"|\baccording to\b|\bin the (?:essay|article)\b|\bper (?:the )?['‘“\"]?[A-Z]"
    # "Would the interviewed builder …?", "Does the interviewee …?": what a person the text
    # interviews said or would do is a fact of the text, not a position the reader takes
    r"|^\s*(?:does|do|did|would|will|could|can)\s+the\s+(?:interviewee|"
    r"interviewed\s+\w+|\w+\s+interviewed|\w+\s+in\s+the\s+interview)\b",
    re.I,
)
# Words by which a wh-question takes a position of its own ("Why is the X argument wrong?").
_EVALUATIVE = re.compile(
    r"\b(?:wrong|right|mistaken|flawed|overrated|underrated|overstated|naive|misguided|"
    r"nonsense|myth|fails?|false|true|i (?:think|believe|disagree|agree|doubt))\b"
    # rhetorical questions: "Why would anyone …?", "What if X is just …?"
    r"|^\s*why (?:would|should|on earth would) (?:anyone|anybody|any \w+)\b|^\s*what if\b",
    re.I,
)
MIN_STATEMENT_WORDS = 5
_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|will|would|can|could|should|must|may|might|do|does|did|"
    r"has|have|had|won'?t|isn'?t|aren'?t|never|cannot)\b|n't\b",
    re.I,
)
_IMPERATIVE = re.compile(
    r"^\s*(?:tell|show|give|list|name|summari[sz]e|describe|explain|compare|find|quote)\b", re.I
)


def kind_of(question: str) -> str:
    """'question', 'challenge' (the reader takes a position: a statement, or a yes/no
    question that asserts something about the world) or 'both' (a wh-question that carries a
    position of its own, "Why is X wrong?")."""
    q = question.strip()
    unquoted = QUOTED.sub("", q)  # a title's words ("… Myth …") are not the reader's
    if _WH.search(q) or _IMPERATIVE.search(q):
        return "both" if _EVALUATIVE.search(unquoted) and not _ABOUT_TEXT.search(q) else "question"
    if _ABOUT_TEXT.search(q):
        return "question"
    if _YES_NO.search(q):
        return "challenge"
    if q.endswith("?") and _WH_ANYWHERE.search(q):
        return "question"  # "Lund bets X. Which essay answers that …?"
    if len(q.split()) < MIN_STATEMENT_WORDS and not _VERB.search(q):
        return "question"  # a bare topic ("network effects") asks, it does not assert
    return "challenge"  # a statement takes a position


# -- which essay is meant --------------------------------------------------------------------
@dataclass(frozen=True)
class EssayInfo:
    """What scope resolution needs to know about one essay."""

    doc_id: str
    title: str
    authors: tuple[str, ...] = ()
    date: dt.date | None = None
    tags: tuple[str, ...] = ()
    interview: bool = False  # its text is an interview (Q/A turns, answer/speakers.py)


@dataclass(frozen=True)
class Scope:
    """Essays the question points at. `strict`: the question restricts itself to them
    ("according to 'X'", "per the compliance essay"); otherwise they are preferred only.
    `reason` says how they were found, for the line that tells the reader."""

    doc_ids: tuple[str, ...] = ()
    strict: bool = False
    reason: str = ""


# A quoted title; an apostrophe between letters is part of it ('What a Brand Can't Do').
QUOTED = re.compile(r"(?<!\w)[\"“‘'](?P<t>(?:[^\"“”‘’']|(?<=\w)['’](?=\w)){3,120}?)[\"”’'](?!\w)")
# "the compliance essay" and "the essay about sourdough", read apart: one match must not
# swallow the other ("the author of the essay about sourdough").
_DESCRIBED = (
    re.compile(
        r"\bthe (?P<w>(?:[\w-]+ ){0,2}?[\w-]+) (?P<n>essay|article|piece|post|reply|response)s?\b",
        re.I,
    ),
    re.compile(
        r"\b(?:essay|article|piece|post) (?:on|about) (?P<w2>(?:the )?[\w-]+(?: [\w-]+)?)", re.I
    ),
)
_AS_TIME = re.compile(r"\b(?:after|before|since|when|until|by the time)\s+$", re.I)
_WRITTEN = re.compile(r"\s+(?:was|had been|were|is)\s+(?:written|published|posted)\b", re.I)
# The reader means the corpus's interview: "in the interview", "the interviewee", "the
# developer interviewed", "the interviewed builder".
_INTERVIEW_MEANT = re.compile(
    r"\bthe (?:interview|interviewee|conversation)\b|\binterviewed\b|\binterviewee['’]s\b",
    re.I,
)
_PRINCIPAL_WORDS = frozenset(["seed", "original", "first", "source", "principal", "main"])
_RESPONSE_WORDS = frozenset(["response", "responses", "reply", "replies", "sample", "other"])
_BARE_ESSAY = re.compile(
    r"\b(?:the|this) (?:essay|author|essayist|writer|article|post|piece)\b|\bthe author['’]s\b"
    r"|\b(?:he|his|him)\b",
    re.I,
)
_RESTRICTING = re.compile(
    r"\b(?:according to|per|in|from|does|do|did|by)\s+(?:the\s+)?(?:\w+\s+){0,3}?$", re.I
)
_BY_AUTHOR = re.compile(r"\b(?:according to|per)\s+(?:\w+\s+)?$", re.I)
_STOP = COMMON_FUNCTION_WORDS | frozenset(
    [
        "article",
        "essay",
        "essays",
        "her",
        "his",
        "my",
        "one",
        "our",
        "piece",
        "post",
        "reply",
        "response",
        "their",
        "your",
    ]
)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _stem(w: str) -> str:
    for suffix in ("ations", "ation", "ness", "ing", "ies", "es", "s", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


def _title_matches(fragment: str, title: str) -> bool:
    """A quoted fragment names a title when its words open the title or are most of it."""
    f, t = _words(fragment), _words(title)
    if not f or not t:
        return False
    if t[: len(f)] == f:
        return True
    content = [w for w in f if w not in _STOP]
    return len(content) >= 2 and sum(w in t for w in content) / len(content) >= 0.8


def surname(author: str) -> str | None:
    """The last word of a personal name ("Ada Lovelace" → "Lovelace"); None for names that
    do not look like a person's (one word, or not capitalised word by word)."""
    parts = author.split()
    if len(parts) < 2 or not all(p[:1].isupper() for p in parts):
        return None
    return parts[-1]


def _described(words: list[str], essays: list[EssayInfo], principal: str | None) -> list[str]:
    """Essays whose title or tags share the describing words ("the compliance essay")."""
    if set(words) & _PRINCIPAL_WORDS:
        return [principal] if principal else []
    if set(words) & _RESPONSE_WORDS:
        return [e.doc_id for e in essays if e.doc_id != principal]
    stems = {_stem(w) for w in words if w not in _STOP}
    if not stems:
        return []
    hits = []
    for e in essays:
        vocab = {_stem(w) for w in _words(e.title + " " + " ".join(e.tags))}
        if stems <= vocab or (len(stems) > 1 and len(stems & vocab) >= len(stems) - 1):
            hits.append(e.doc_id)
    return hits if len(hits) <= 2 else []


def resolve_scope(question: str, essays: list[EssayInfo], principal: str | None) -> Scope:
    """Which essays the question means: quoted titles, authors' surnames, descriptions
    ("the compliance essay", "the response essays"), else "the essay"/"the author" alone
    means the principal essay (when there is one). A "which essay …" question is never
    restricted to the essay it mentions: it asks which *other* essay says something."""
    found: list[str] = []
    reasons: list[str] = []
    strict = False
    for m in QUOTED.finditer(question):
        for e in essays:
            if _title_matches(m.group("t"), e.title) and e.doc_id not in found:
                found.append(e.doc_id)
                reasons.append("named by title")
                strict = strict or bool(_RESTRICTING.search(question[: m.start()]))
    for m in (m for rx in _DESCRIBED for m in rx.finditer(question)):
        if _AS_TIME.search(question[: m.start()]) and _WRITTEN.match(question[m.end() :]):
            continue  # "adopted after the seed essay was written": a time, not a scope
        words = _words(m.groupdict().get("w") or m.groupdict().get("w2") or "")
        for d in _described(words, essays, principal):
            if d not in found:
                found.append(d)
                reasons.append("described")
                strict = True
    for e in essays:
        for a in e.authors:
            name = surname(a)
            hit = re.search(rf"\b{re.escape(name)}\b", question) if name else None
            if hit and e.doc_id not in found:
                found.append(e.doc_id)
                reasons.append("named author")
                # "according to Quill", "per Quill": the author's own essay, not reports of it
                strict = strict or bool(_BY_AUTHOR.search(question[: hit.start()]))
    if _INTERVIEW_MEANT.search(question):
        # "In the interview, …", "the interviewed developer": the corpus's interview(s)
        interviews = [e.doc_id for e in essays if e.interview]
        if 0 < len(interviews) <= 2:
            for d in interviews:
                if d not in found:
                    found.append(d)
                    reasons.append("described")
            strict = True
    which_essay = asked_for(question) == ["essay"]
    if not found and principal and _BARE_ESSAY.search(question) and not which_essay:
        return Scope((principal,), strict=True, reason="principal")
    if which_essay:
        strict = False
    return Scope(tuple(found), strict=strict and not which_essay, reason=", ".join(reasons))


def principal_essay(
    essays: list[EssayInfo],
    flagged: set[str],
    incoming: dict[str, int],
) -> str | None:
    """The corpus's principal essay: the flagged one, else the essay the most others respond
    to (named or linked to), the oldest on a tie; None when no essay is responded to."""
    flagged_ids = [e.doc_id for e in essays if e.doc_id in flagged]
    if flagged_ids:
        return flagged_ids[0]
    scored = [(incoming.get(e.doc_id, 0), e) for e in essays]
    scored = [(n, e) for n, e in scored if n > 0]
    if not scored:
        return None
    far = dt.date.max
    scored.sort(key=lambda x: (-x[0], x[1].date or far, x[1].doc_id))
    return scored[0][1].doc_id


def responses_to(essays: list[EssayInfo], texts: dict[str, str]) -> dict[str, int]:
    """For each essay, how many other essays name its author (a response names whom it
    answers). Each text is read once for every surname in it (a one-word surname is a word
    of the text, as `\\bname\\b` finds it); searching every text for every essay's authors
    was quadratic (10k essays: 10^8 searches)."""
    names_of = {e.doc_id: [n for n in (surname(a) for a in e.authors) if n] for e in essays}
    wanted = {n for names in names_of.values() for n in names}
    one_word = {n for n in wanted if _ONE_WORD.fullmatch(n)}
    others = {n: re.compile(rf"\b{re.escape(n)}\b") for n in sorted(wanted - one_word)}
    named_in: dict[str, set[str]] = {}
    for doc_id, text in texts.items():
        found = one_word.intersection(_ONE_WORD.findall(text)) if one_word else set()
        found |= {n for n, rx in others.items() if rx.search(text)}
        for n in found:
            named_in.setdefault(n, set()).add(doc_id)
    out: dict[str, int] = {}
    for e in essays:
        names = names_of[e.doc_id]
        if names:
            naming = set().union(*(named_in.get(n, set()) for n in names))
            out[e.doc_id] = len(naming - {e.doc_id})
    return out


_ONE_WORD = re.compile(r"\w+")


@dataclass
class Analysis:
    """The question as understood: passed to retrieval, the answer writer and the LLM."""

    question: str
    kind: str  # "question" | "challenge" | "both"
    asked_for: list[str] = field(default_factory=lambda: ["other"])
    scope: Scope = field(default_factory=Scope)

    @property
    def is_challenge(self) -> bool:
        return self.kind in ("challenge", "both")

    @property
    def typed(self) -> list[str]:
        return [k for k in self.asked_for if k in TYPED]

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "asked_for": list(self.asked_for),
            "essays": list(self.scope.doc_ids),
            "scope": self.scope.reason or None,
        }


def analyse(question: str, essays: list[EssayInfo], principal: str | None) -> Analysis:
    return Analysis(
        question=question,
        kind=kind_of(question),
        asked_for=asked_for(question),
        scope=resolve_scope(question, essays, principal),
    )


_OPENERS = re.compile(
    r"^\s*(?:isn'?t it (?:true|the case) that|is it (?:true|really the case) that|surely|"
    r"i (?:think|believe|doubt|disagree|agree)(?: that)?|don'?t you think(?: that)?|but)\s*,?\s*",
    re.I,
)
_REASON = re.compile(r",?\s+\b(?:because|since|given that|as shown by)\b.*$", re.I)
# A yes/no question's auxiliary ("Doesn't X keep …?" → "X keep …"): the statement it asks
# the reader to grant reads closer to a claim than the question does.
_AUXILIARY = re.compile(
    r"^\s*(?:is|are|was|were|do|does|did|can|could|will|would|should|shall|has|have|had|"
    r"must|might|may|wo|ca|sha)(?:n'?t|n’t| not)?\s+(?=\w)",
    re.I,
)


def claim_part(question: str) -> str:
    """The position itself, without the reader's opener or reason: "Isn't X wrong because
    Y?" → "X wrong"; used with the whole text to find the claim it is about."""
    text = _REASON.sub("", _OPENERS.sub("", question.strip())).strip(" ?.!")
    text = _AUXILIARY.sub("", text)
    return text or question
