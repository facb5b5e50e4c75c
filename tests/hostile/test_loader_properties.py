"""Property tests on the loaders and the cleaner: any bytes give a document or one-line
`DocumentError` naming the file, never another exception; front matter metadata reads back
exactly as written."""

from __future__ import annotations

import datetime as dt

from generate import md, prose
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counterpoint.corpus.loaders import LOADERS
from counterpoint.corpus.loaders.markdown import load_markdown
from counterpoint.corpus.pipeline import make_document
from counterpoint.errors import DocumentError

FRONT_MATTER_PIECES = [
    "---\n",
    "title: T\n",
    "date: 2024-02-30\n",
    "date: [1, 2]\n",
    "author: {a: 1}\n",
    "tags: [[[[[]]]]]\n",
    "url: javascript:alert(1)\n",
    "a: &a [1, 2]\nb: [*a, *a]\n",
    "title: !!binary aGk=\n",
    "- list\n",
    "...\n",
    "\ufeff",
    "\t",
]
PIECES = st.lists(st.sampled_from(FRONT_MATTER_PIECES) | st.text(max_size=40), max_size=12)
KEYS = st.sampled_from(["title", "author", "authors", "date", "url", "tags", "publisher", "x"])
VALUES = st.sampled_from(
    ["T", "2024-02-30", "2024-01-01", "[1, 2]", "{a: 1}", "[[[[]]]]", "javascript:x", "null",
     "!!binary aGk=", "*undefined", "&a [1]", '"quoted"', "''", "12345", "[a, [b]]", "true"]
)  # fmt: skip
HEADERS = st.dictionaries(KEYS, VALUES, max_size=5).map(
    lambda d: "".join(f"{k}: {v}\n" for k, v in d.items())
)
# Free-form text, and front matter shaped like a block (opened, key: value lines, closed, a
# body), which random text almost never is.
TEXTISH = PIECES.map("".join) | st.builds(
    lambda head, body: f"---\n{head}---\n{body}", HEADERS, st.text(max_size=80)
)
BYTES = st.binary(max_size=2000) | TEXTISH.map(lambda s: s.encode("utf-8", "surrogatepass"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(suffix=st.sampled_from(sorted(LOADERS)), data=BYTES)
def test_any_bytes_load_or_fail_with_one_line(suffix: str, data: bytes) -> None:
    source = f"input{suffix}"
    try:
        make_document(LOADERS[suffix](data, source, "Fallback"))
    except DocumentError as exc:
        assert str(exc).startswith(f"{source}: ")
        assert "\n" not in exc.problem


@settings(max_examples=200, deadline=None)
@given(head=HEADERS, body=st.text(max_size=80))
def test_any_front_matter_loads_or_fails_with_one_line(head: str, body: str) -> None:
    """Front matter blocks of typed, odd, impossible and nested values (`date: 2024-02-30`
    used to escape as a ValueError and end the whole ingest with a traceback)."""
    try:
        make_document(load_markdown(f"---\n{head}---\n{body}".encode(), "essay.md", "F"))
    except DocumentError as exc:
        assert str(exc).startswith("essay.md: ") and "\n" not in exc.problem


SAFE = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
FIELD = st.text(SAFE | st.sampled_from(list("\n\t{}\\$&%#_^~\"':-[]@*!|>")), max_size=40).map(
    str.strip
)


@settings(max_examples=150, deadline=None)
@given(
    title=FIELD.filter(bool),
    authors=st.lists(FIELD.filter(bool), max_size=3),
    publisher=FIELD,
    tags=st.lists(FIELD.filter(bool), max_size=3),
    date=st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31)),
)
def test_front_matter_metadata_reads_back_exactly(
    title: str, authors: list[str], publisher: str, tags: list[str], date: dt.date
) -> None:
    fields: dict[str, object] = {"title": title, "author": authors, "tags": tags}
    fields["date"] = date.isoformat()
    if publisher:
        fields["publisher"] = publisher
    meta = load_markdown(md(fields, prose(1)), "essay.md", "Fallback").meta
    assert meta.title == title
    assert meta.authors == tuple(authors)
    assert meta.tags == tuple(tags)
    assert meta.publisher == (publisher or None)
    assert meta.date == date
