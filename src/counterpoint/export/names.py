"""Which author names are organisations (or otherwise not "Given Family"), so that citation
exports write them as one literal name instead of reversing them like a person's.

"World Health Organization" exported as `Organization, World Health` (BibTeX) or as
`{"family": "Organization", "given": "World Health"}` (CSL-JSON) is wrong in every
bibliography. We cannot know for certain, so the rule is conservative in the other
direction: a name is literal when it carries an organisation word, contains "and" as a word
(BibTeX would split it into two people), more than one comma, digits or characters that are
markup in BibTeX, or when it does not split into a given and a family name made of letters.
A literal person ("Plato") loses nothing: it prints as written.
"""

from __future__ import annotations

import re

# Words that mark a name as an organisation, lower-case, matched as whole words.
ORGANISATION_WORDS = frozenset(
    (
        "academy",
        "agency",
        "alliance",
        "association",
        "bank",
        "board",
        "bureau",
        "capital",
        "center",
        "centre",
        "club",
        "co",
        "collective",
        "college",
        "commission",
        "committee",
        "company",
        "consortium",
        "corp",
        "corporation",
        "corpus",
        "council",
        "department",
        "editorial",
        "editors",
        "federation",
        "forum",
        "foundation",
        "fund",
        "government",
        "group",
        "gmbh",
        "inc",
        "incorporated",
        "institute",
        "institution",
        "lab",
        "laboratories",
        "laboratory",
        "labs",
        "limited",
        "llc",
        "llp",
        "ltd",
        "media",
        "ministry",
        "network",
        "news",
        "office",
        "organisation",
        "organization",
        "partners",
        "pbc",
        "plc",
        "press",
        "project",
        "research",
        "school",
        "society",
        "staff",
        "team",
        "trust",
        "union",
        "university",
        "ventures",
    )
)
_MARKUP = re.compile(r"[{}\\$&%#_^~\d@]")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def is_literal_name(name: str) -> bool:
    """True when `name` must be exported as written, not split into given and family names."""
    words = [w.lower() for w in _WORD.findall(name)]
    if any(w in ORGANISATION_WORDS for w in words):
        return True
    if _MARKUP.search(name) or "and" in words or name.count(",") > 1:
        return True
    from pybtex.database import Person
    from pybtex.exceptions import PybtexError

    try:
        person = Person(" ".join(name.split()))
    except PybtexError:
        return True
    # A person has a given and a family name, and each holds a letter ("a :" or "Smith," do not)
    given = person.first_names + person.middle_names
    family = person.prelast_names + person.last_names
    return not (given and family) or not all(
        any(ch.isalpha() for ch in part) for part in given + family
    )
