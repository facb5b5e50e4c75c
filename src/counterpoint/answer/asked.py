"""What a question asks for: an amount, a number, a date, a person, an organisation, a name,
an essay (a title), a position or a list, read from its own words by rules (no model call).
Answerability checks an answer against it: "how much" must be answered by a quantity, "who" by
a name. `QUOTED` finds a quoted title, whose words ask for nothing.
"""

from __future__ import annotations

import re

# A quoted title; an apostrophe between letters is part of it ('What a Brand Can't Do').
QUOTED = re.compile(r"(?<!\w)[\"“‘'](?P<t>(?:[^\"“”‘’']|(?<=\w)['’](?=\w)){3,120}?)[\"”’'](?!\w)")

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
