"""Property tests: whatever a title, an author or a publisher contains, each citation format is
one record per work that its own library parses back to the same text.

BibTeX and RIS are line-oriented formats that treat a line break as a space (BibTeX) or as
the end of a field (RIS), so there the text must come back with its whitespace runs as single
spaces; CSL-JSON carries it exactly.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import rispy
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pybtex.database import Person, parse_string

from bibtex_text import latex_to_text
from counterpoint.export.citations import CitedWork, to_bibtex, to_csl_json, to_ris
from counterpoint.export.names import is_literal_name

ACCESSED = dt.date(2026, 1, 2)
# What a field may hold: any character a stored document's metadata can hold (ingest refuses
# control characters other than tab and line breaks, and lone surrogates).
TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc"),
        blacklist_characters="\ufffe\uffff",
    )
    | st.sampled_from(list("{}\\$&%#_^~\"'`-!?,<>@\n\t \u00a0")),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() != "")
PERSONS = st.sampled_from(
    ["Ada Lovelace", "Jan van der Berg", "van der Berg, Jan", "Grace Brewster Hopper", "Ñoño Núñez"]
)
AUTHORS = st.lists(TEXT | PERSONS, min_size=0, max_size=3)
URLS = st.none() | st.sampled_from(
    ["https://example.org/a?b=1&c=%7E#x", "http://example.org/", "https://e.org/p_(1)"]
)
DATES = st.none() | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1))


@st.composite
def works(draw: st.DrawFn) -> list[CitedWork]:
    n = draw(st.integers(min_value=1, max_value=3))
    return [
        CitedWork(
            key=f"doc-{i}",
            title=draw(TEXT),
            authors=tuple(draw(AUTHORS)),
            date=draw(DATES),
            url=draw(URLS),
            publisher=draw(st.none() | TEXT),
            notes=tuple(draw(st.lists(TEXT, max_size=2))),
        )
        for i in range(n)
    ]


def flat(text: str) -> str:
    return " ".join(text.split())


HARD = [
    CitedWork(
        "k",
        "Unbalanced { brace -- and `` quotes '' !` ?` << >> ,, $5 ^ ~ \\& \\textbf{x} }",
        authors=("{Acme} and Sons", "Smith and Jones", "van der Berg, Jan", "O'Brien, Conan"),
        publisher="Org \\ with { brace",
        notes=("Thesis: 100% of #1 _is_ {x}",),
    )
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(works())
@example(HARD)
def test_bibtex_round_trips_through_pybtex(items: list[CitedWork]) -> None:
    text = to_bibtex(items, ACCESSED)
    bib = parse_string(text, "bibtex")
    assert list(bib.entries) == [w.key for w in items]
    for w in items:
        entry = bib.entries[w.key]
        assert latex_to_text(entry.fields["title"]) == flat(w.title)
        if w.publisher:
            assert latex_to_text(entry.fields["organization"]) == flat(w.publisher)
        assert entry.fields.get("url") == w.url
        # an access date says when the URL was read: no URL, no urldate
        assert ("urldate" in entry.fields) == (w.url is not None)
        persons = entry.persons.get("author", [])
        assert len(persons) == len(w.authors)
        for name, person in zip(w.authors, persons, strict=True):
            if is_literal_name(name):
                # one brace group: never split at "and" or commas, never reordered
                assert person.first_names == [] and len(person.last_names) == 1
                braced = person.last_names[0]
                assert braced.startswith("{") and braced.endswith("}")
                assert latex_to_text(braced[1:-1]) == flat(name)
            else:
                assert person.last_names == Person(name).last_names
                assert person.first_names == Person(name).first_names


@settings(max_examples=300, deadline=None)
@given(works())
@example(HARD)
def test_ris_round_trips_through_rispy(items: list[CitedWork]) -> None:
    records = rispy.loads(to_ris(items, ACCESSED))
    assert [r["id"] for r in records] == [w.key for w in items]
    for w, rec in zip(items, records, strict=True):
        assert rec["title"] == flat(w.title)
        assert rec.get("authors", []) == [flat(a) for a in w.authors]
        assert rec.get("urls") == ([w.url] if w.url else None)
        assert ("access_date" in rec) == (w.url is not None)
        if w.publisher:
            assert rec["publisher"] == flat(w.publisher)
        assert rec.get("notes", []) == [flat(n) for n in w.notes]


@settings(max_examples=300, deadline=None)
@given(works())
@example(HARD)
def test_csl_json_round_trips_exactly(items: list[CitedWork]) -> None:
    data = json.loads(to_csl_json(items, ACCESSED))
    assert [i["id"] for i in data] == [w.key for w in items]
    for w, item in zip(items, data, strict=True):
        assert item["title"] == w.title
        assert item.get("URL") == w.url
        assert ("accessed" in item) == (w.url is not None)
        assert item.get("container-title") == w.publisher
        names = item.get("author", [])
        assert len(names) == len(w.authors)
        for name, csl in zip(w.authors, names, strict=True):
            if is_literal_name(name):
                assert csl == {"literal": name}
            else:
                person = Person(name)
                family = " ".join(person.prelast_names + person.last_names)
                given = " ".join(person.first_names + person.middle_names)
                # a name that does not split into given + family (e.g. "a :") stays literal
                expected = {"family": family, "given": given} if family and given else None
                assert csl == (expected or {"literal": name})


def test_organisations_are_literal_names_everywhere() -> None:
    orgs = ("World Health Organization", "Anthropic, PBC", "Counterpoint sample corpus", "OpenAI")
    work = CitedWork("k", "T", authors=(*orgs, "Ada Lovelace"), url="https://e.org/")
    bib = parse_string(to_bibtex([work], ACCESSED), "bibtex").entries["k"]
    assert [str(p) for p in bib.persons["author"]] == [
        "{World Health Organization}",
        "{Anthropic, PBC}",
        "{Counterpoint sample corpus}",
        "{OpenAI}",
        "Lovelace, Ada",
    ]
    csl = json.loads(to_csl_json([work], ACCESSED))[0]["author"]
    assert csl[:4] == [{"literal": o} for o in orgs]
    assert csl[4] == {"family": "Lovelace", "given": "Ada"}


def test_bibtex_from_the_issue_builds_and_parses() -> None:
    """The titles that broke pybtex or LaTeX: braces, an escaped ampersand, a bare dollar."""
    titles = ["Unbalanced { brace", r"Moats \& margins", "Costs $5 or $10", r"\textbf{x} }{"]
    text = to_bibtex([CitedWork(f"k{i}", t) for i, t in enumerate(titles)], ACCESSED)
    bib = parse_string(text, "bibtex")
    assert [latex_to_text(bib.entries[f"k{i}"].fields["title"]) for i in range(4)] == titles
    assert "\\\\" not in text  # no LaTeX line break smuggled in by a doubled backslash
    assert "urldate" not in text
    body = text.replace(r"\$", "")
    assert "$" not in body  # no bare dollar opening math mode


def test_ris_title_with_newlines_stays_one_record() -> None:
    work = CitedWork("k", "First line\nTY  - JOUR\nER  - ", authors=("Name\nWith Newline",))
    text = to_ris([work], ACCESSED)
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in text.splitlines() if line)
    records = rispy.loads(text)
    assert len(records) == 1 and records[0]["title"] == "First line TY - JOUR ER -"
    assert records[0]["authors"] == ["Name With Newline"]
