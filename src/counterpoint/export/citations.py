"""BibTeX, RIS and CSL-JSON for the documents of the corpus or the works an answer cites.

Each format is written by the library that reads it (pybtex's writer, rispy's dumps, json for
CSL-JSON), never by string templates, so quoting and escaping follow each format's rules.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from counterpoint.answer.models import Answer
from counterpoint.errors import UsageError
from counterpoint.export.formats import CITATION_FORMATS

if TYPE_CHECKING:
    from counterpoint.corpus.models import Document


@dataclass(frozen=True)
class CitedWork:
    """What a reference manager needs to know about one essay."""

    key: str
    title: str
    authors: tuple[str, ...] = ()
    date: dt.date | None = None
    url: str | None = None
    publisher: str | None = None
    notes: tuple[str, ...] = field(default=())


def to_bibtex(works: list[CitedWork], accessed: dt.date) -> str:
    """biblatex @online entries: author, title, date/year, url, urldate, organization.
    pybtex writes them; `bibtex_writer` makes its escaping right for plain text and writes
    organisations as literal names. An access date only goes with a URL."""
    from pybtex.database import BibliographyData, Entry

    from counterpoint.export.bibtex_writer import PlainTextBibTeXWriter, person

    entries = {}
    for w in works:
        fields = {"title": w.title}
        if w.date:
            fields["date"] = w.date.isoformat()
            fields["year"] = str(w.date.year)
        if w.url:
            fields["url"] = w.url
            fields["urldate"] = accessed.isoformat()
        if w.publisher:
            fields["organization"] = w.publisher
        if w.notes:
            fields["note"] = " | ".join(w.notes)
        persons = {"author": [person(a) for a in w.authors]} if w.authors else {}
        entries[w.key] = Entry("online", fields=fields, persons=persons)
    return str(PlainTextBibTeXWriter().to_string(BibliographyData(entries=entries)))


def to_ris(works: list[CitedWork], accessed: dt.date) -> str:
    """RIS records: TY BLOG for web posts with a URL, ELEC otherwise. rispy numbers records
    ("1.") by default; plain RIS has no such lines, so the header is switched off. RIS is
    one field per line, so whitespace runs (line breaks included) become single spaces: a
    newline in a title must not start an untagged line."""
    import rispy

    class PlainRisWriter(rispy.RisWriter):
        def set_header(self, count: int) -> None:
            return None

    def flat(text: str) -> str:
        return " ".join(text.split())

    records: list[dict[str, Any]] = []
    for w in works:
        rec: dict[str, Any] = {
            "type_of_reference": "BLOG" if w.url else "ELEC",
            "id": w.key,
            "title": flat(w.title),
        }
        if w.authors:
            rec["authors"] = [flat(a) for a in w.authors]
        if w.date:
            rec["year"] = str(w.date.year)
            rec["date"] = w.date.strftime("%Y/%m/%d")
        if w.url:
            rec["urls"] = [w.url]
            rec["access_date"] = accessed.strftime("%Y/%m/%d")
        if w.publisher:
            rec["secondary_title"] = flat(w.publisher)
            rec["publisher"] = flat(w.publisher)
        if w.notes:
            rec["notes"] = [flat(n) for n in w.notes]
        records.append(rec)
    return rispy.dumps(records, implementation=PlainRisWriter)


def _csl_name(name: str) -> dict[str, str]:
    """Family and given names for a person; organisations (and names that are not
    "Given Family") as CSL literal names, never reversed."""
    from pybtex.database import Person

    from counterpoint.export.names import is_literal_name

    if is_literal_name(name):
        return {"literal": name}
    person = Person(name)
    given = " ".join(person.first_names + person.middle_names)
    family = " ".join(person.prelast_names + person.last_names)
    if not family or not given:
        return {"literal": name}
    return {"family": family, "given": given}


def _date_parts(day: dt.date) -> dict[str, list[list[int]]]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def to_csl_json(works: list[CitedWork], accessed: dt.date) -> str:
    """CSL-JSON items of type post-weblog (the type citeproc styles use for blog posts)."""
    items = []
    for w in works:
        item: dict[str, Any] = {
            "id": w.key,
            "type": "post-weblog",
            "title": w.title,
        }
        if w.authors:
            item["author"] = [_csl_name(a) for a in w.authors]
        if w.date:
            item["issued"] = _date_parts(w.date)
        if w.url:
            item["URL"] = w.url
            item["accessed"] = _date_parts(accessed)
        if w.publisher:
            item["container-title"] = w.publisher
        if w.notes:
            item["note"] = "\n".join(w.notes)
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def render_citations(works: list[CitedWork], fmt: str, accessed: dt.date | None = None) -> str:
    renderers = {"bibtex": to_bibtex, "ris": to_ris, "csl-json": to_csl_json}
    if fmt not in renderers:
        raise UsageError(
            f"unknown citation format {fmt!r}: use one of {', '.join(CITATION_FORMATS)}"
        )
    return renderers[fmt](works, accessed or dt.date.today())


def publishers(docs: Mapping[str, Document]) -> dict[str, str]:
    """Document id -> publisher, for the documents that name one: answer citations carry no
    publisher, so the CLI and the app pass this map along with the answer."""
    return {doc_id: d.meta.publisher for doc_id, d in docs.items() if d.meta.publisher}


def works_of_answer(answer: Answer, publishers: dict[str, str] | None = None) -> list[CitedWork]:
    """One work per cited document, in order of first citation."""
    seen: dict[str, CitedWork] = {}
    for c in answer.citations:
        if c.doc_id in seen:
            continue
        date = None
        if c.date:
            try:
                date = dt.date.fromisoformat(c.date[:10])
            except ValueError:
                date = None
        seen[c.doc_id] = CitedWork(
            key=c.doc_id,
            title=c.title,
            authors=tuple(c.authors),
            date=date,
            url=c.url,
            publisher=(publishers or {}).get(c.doc_id),
        )
    return list(seen.values())


def export_answer_citations(
    answer: Answer,
    fmt: str,
    publishers: dict[str, str] | None = None,
    accessed: dt.date | None = None,
) -> str:
    """ "Export these citations": BibTeX/RIS/CSL-JSON for just the documents the answer cites."""
    return render_citations(works_of_answer(answer, publishers), fmt, accessed)
