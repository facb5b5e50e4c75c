"""Generate malformed and adversarial input files for `counterpoint ingest`, with a manifest of
what must happen to each one.

    python tests/hostile/generate.py OUT_DIR [--sample 40] [--seed 0] [--no-heavy]

Every file is in a class the hardening issue names (empty, binary, bad UTF-8, broken front
matter, YAML alias bombs, javascript: URLs, encrypted PDFs, 5,000-deep HTML, 10 MB single
lines, unpunctuated text, combining characters, Turtle/SPARQL/BibTeX/RIS specials and
newlines in every metadata field, non-ASCII and space-filled file names, non-Latin titles,
sources that used to collide on one id...). A case states its expectation:

- "error": refused with one line naming the file (and, where given, containing `words`);
- "added": ingested as a new document whose metadata reads back exactly as `meta` says;
- "any": either, but never a traceback and never a silent replacement.

The suite in tests/hostile/test_hostile.py ingests them in one CLI run and checks all that;
`make test` runs a ~40-file sample, `make test-long` all of them.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

if __name__ == "__main__":  # run as a script: make the tests' `pdfgen` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pdfgen import encrypt_pdf, make_pdf


@dataclass
class Case:
    """One generated file and what ingesting it must do."""

    name: str
    group: str
    expect: str  # "error" | "added" | "any"
    data: bytes = field(repr=False, default=b"")
    words: str | None = None  # an error must contain these (lower-case comparison)
    meta: dict[str, Any] | None = None  # metadata `docs --json` must show for an added file
    heavy: bool = False  # large: only in the full (long) form

    def manifest_row(self) -> dict[str, Any]:
        row = asdict(self)
        del row["data"]
        row["size"] = len(self.data)
        return row


_SENTENCE = (
    "open models change the economics of laboratories because distribution rewards whoever "
    "owns the default channel while brand follows usage and regulation raises fixed costs "
    "for newcomers who cannot spread compliance over many customers"
)
_WORDS = _SENTENCE.split(" ")


def prose(seed: int, sentences: int = 6) -> str:
    """Distinct, punctuated, paragraph-shaped text (distinct so no two bodies are equal)."""
    rng = random.Random(seed)
    out = []
    for i in range(sentences):
        words = rng.sample(_WORDS, 14)
        out.append(f"{' '.join(words).capitalize()} in case {seed}-{i}.")
    return " ".join(out[: sentences // 2]) + "\n\n" + " ".join(out[sentences // 2 :]) + "\n"


def yaml_str(value: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `value`: JSON's escaping (valid
    in YAML double quotes), plus escapes for what YAML alone reads as a line break."""
    text = json.dumps(value, ensure_ascii=False)
    for ch, escape in (("\x85", "\\x85"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, escape)
    return text


def front_matter(fields: dict[str, Any]) -> str:
    lines = []
    for key, value in fields.items():
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(yaml_str(v) for v in value)}]")
        else:
            lines.append(f"{key}: {yaml_str(value) if isinstance(value, str) else value}")
    return "---\n" + "\n".join(lines) + "\n---\n"


def md(fields: dict[str, Any], body: str) -> bytes:
    return (front_matter(fields) + body).encode("utf-8")


# --- classes -------------------------------------------------------------------------------


def empty_and_blank() -> Iterator[Case]:
    for suffix in ("md", "txt", "html", "pdf", "markdown", "htm"):
        yield Case(f"empty.{suffix}", "empty", "error", b"")
    blanks = [b" ", b"\n\n\n", b"\t \t\n  \r\n", "\u00a0\u2003\n".encode(), b"\xef\xbb\xbf"]
    for i, data in enumerate(blanks):
        yield Case(f"blank-{i}.txt", "empty", "error", data)
    yield Case("only-front-matter.md", "empty", "error", b"---\ntitle: Nothing\n---\n")
    yield Case("front-matter-then-blank.md", "empty", "error", b"---\ntitle: T\n---\n \n\n")
    yield Case("only-headings.md", "empty", "any", b"# One\n\n## Two\n\n### Three\n")
    yield Case("html-no-body.html", "empty", "error", b"<html><head></head></html>")
    yield Case("html-script-only.html", "empty", "error", b"<script>alert(1)</script>" * 50)
    yield Case("html-style-only.html", "empty", "error", b"<style>p{color:red}</style>" * 50)


def binary() -> Iterator[Case]:
    rng = random.Random(7)
    for suffix in ("txt", "md", "html"):
        for i in range(3):
            data = bytes(rng.randrange(256) for _ in range(4096 * (i + 1)))
            yield Case(f"random-{i}.{suffix}", "binary", "error", data)
    yield Case("nul-in-text.txt", "binary", "error", b"Open models win.\x00\x00 More.")
    yield Case("png-as.md", "binary", "error", b"\x89PNG\r\n\x1a\n" + bytes(512))
    yield Case("elf-as.txt", "binary", "error", b"\x7fELF\x02\x01\x01" + bytes(2048))
    yield Case("zip-as.html", "binary", "error", b"PK\x03\x04" + bytes(range(256)) * 8)
    yield Case("controls.txt", "binary", "error", b"\x01\x02\x03abc\x04\x05\x06" * 200)
    yield Case("utf16.txt", "binary", "error", "Open models win.".encode("utf-16"))
    yield Case("png-as.pdf", "binary", "error", b"\x89PNG\r\n\x1a\n" + bytes(512))
    yield Case("random.pdf", "binary", "error", bytes(rng.randrange(256) for _ in range(8192)))


def bad_utf8() -> Iterator[Case]:
    samples = {
        "latin1": "Caf\u00e9 cr\u00e8me and moats in na\u00efve markets.".encode("latin-1"),
        "cp1252": "\u201cSmart quotes\u201d \u2013 and dashes.".encode("cp1252"),
        "truncated": "Moats \u00e9".encode()[:-1] + b" and more text",
        "lone-continuation": b"Moats \x80\x81 and brands",
        "overlong-slash": b"Path \xc0\xaf traversal",
        "surrogate": b"Half \xed\xa0\x80 a pair",
        "invalid-start": b"\xff\xfe\xfd text",
        "five-byte": b"Old \xf8\x88\x80\x80\x80 form",
    }
    for suffix in ("txt", "md", "html"):
        for name, data in samples.items():
            expect = "error" if suffix != "html" else "any"  # HTML may declare a charset
            yield Case(f"{name}.{suffix}", "bad-utf8", expect, data, words=None)
    yield Case(
        "md-front-matter-latin1.md",
        "bad-utf8",
        "error",
        "---\ntitle: Caf\u00e9\n---\nBody.\n".encode("latin-1"),
        words="utf-8",
    )
    yield Case(
        "html-bogus-charset.html",
        "bad-utf8",
        "any",
        b'<meta charset="x-no-such-charset"><p>' + "Caf\u00e9".encode("latin-1") + b"</p>",
    )


def broken_front_matter() -> Iterator[Case]:
    body = prose(100)
    bad = {
        "unclosed": "---\ntitle: Never closed\n" + body,
        "invalid-yaml": "---\ntitle: [unclosed\nauthor: x\n---\n" + body,
        "tab-indent": "---\ntitle: T\n\tauthor: x\n---\n" + body,
        "list-not-mapping": "---\n- a\n- b\n---\n" + body,
        "scalar-not-mapping": "---\njust a string\n---\n" + body,
        "title-mapping": "---\ntitle: {nested: 1}\n---\n" + body,
        "title-list": "---\ntitle: [a, b]\n---\n" + body,
        "author-mapping": "---\ntitle: T\nauthor: {name: x}\n---\n" + body,
        "author-list-of-lists": "---\ntitle: T\nauthor: [[a], [b]]\n---\n" + body,
        "tags-mapping": "---\ntitle: T\ntags: {a: 1}\n---\n" + body,
        "date-list": "---\ntitle: T\ndate: [2024, 1]\n---\n" + body,
        "date-impossible": "---\ntitle: T\ndate: 2024-02-30\n---\n" + body,
        "date-words": '---\ntitle: T\ndate: "last tuesday"\n---\n' + body,
        "date-month-13": '---\ntitle: T\ndate: "2024-13-01"\n---\n' + body,
        "python-tag": "---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\n" + body,
        "binary-tag": "---\ntitle: !!binary aGVsbG8=\n---\n" + body,
        "url-number": "---\ntitle: T\nurl: 12345\n---\n" + body,
        "url-list": "---\ntitle: T\nurl: [https://a.example/]\n---\n" + body,
        "publisher-mapping": "---\ntitle: T\npublisher: {a: b}\n---\n" + body,
        "bom-then-broken": "\ufeff---\ntitle: [x\n---\n" + body,
    }
    for name, text in bad.items():
        yield Case(f"fm-{name}.md", "front-matter", "error", text.encode("utf-8"))
    odd_but_fine = {
        "duplicate-keys": ("---\ntitle: First\ntitle: Second\n---\n", "Second"),
        "title-number": ("---\ntitle: 2024\n---\n", "2024"),
        "title-null": ("---\ntitle: null\n---\n", None),
        "crlf": ("---\r\ntitle: Windows lines\r\n---\r\n", "Windows lines"),
        "dots-end": ("---\ntitle: Ends with dots\n...\n", "Ends with dots"),
    }
    for i, (name, (head, title)) in enumerate(odd_but_fine.items()):
        data = (head + prose(110 + i)).encode("utf-8")
        yield Case(
            f"fm-{name}.md",
            "front-matter",
            "any",
            data,
            meta=None if title is None else {"title": title},
        )


def alias_bombs() -> Iterator[Case]:
    for depth in (5, 9, 12):
        lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        for level in range(1, depth):
            refs = ", ".join([f"*a{level - 1}"] * 9)
            lines.append(f"a{level}: &a{level} [{refs}]")
        for field_name in ("title", "author", "tags"):
            data = "---\n" + "\n".join(lines) + f"\n{field_name}: *a{depth - 1}\n---\n" + prose(200)
            yield Case(f"alias-bomb-{depth}-{field_name}.md", "alias-bomb", "error", data.encode())
    for depth in (100, 1000, 20000):
        nested = "[" * depth + "]" * depth
        data = f"---\ntitle: Nested\ntags: {nested}\n---\n" + prose(202 + depth % 7)
        yield Case(f"yaml-nested-{depth}.md", "alias-bomb", "error", data.encode())
    merge = "---\nbase: &b {title: Merged}\n<<: *b\n---\n" + prose(201)
    yield Case("yaml-merge-key.md", "alias-bomb", "any", merge.encode())


def bad_urls() -> Iterator[Case]:
    urls = [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(document.cookie)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "javascript://example.org/%0Aalert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.org/essay.txt",
        "//example.org/protocol-relative",
        "example.org/no-scheme",
        "https://",
        'https://example.org/"><script>alert(1)</script>',
        "https://exa mple.org/space",
        "https://user:password@example.org/secret",
        "https://example.org/line\nbreak",
    ]
    for i, url in enumerate(urls):
        data = md({"title": f"Essay with a bad URL {i}", "url": url}, prose(300 + i))
        yield Case(f"bad-url-{i:02d}.md", "bad-url", "error", data, words="url")
    yield Case(
        "html-javascript-canonical.html",
        "bad-url",
        "added",
        (
            '<html><head><title>Canonical is javascript</title><link rel="canonical" '
            'href="javascript:alert(1)"><meta property="og:url" content="javascript:alert(2)">'
            "</head><body><article><p>" + prose(320).replace("\n\n", "</p><p>") + "</p>"
            "</article></body></html>"
        ).encode(),
        meta={"title": "Canonical is javascript", "url": None},
    )


def encrypted_pdfs() -> Iterator[Case]:
    for i in range(6):
        plain = make_pdf([[f"Secret essay number {i} that nobody may read without the key."]])
        for algo in ("RC4-40", "RC4-128"):
            yield Case(
                f"encrypted-{algo.lower()}-{i}.pdf",
                "encrypted-pdf",
                "error",
                _encrypt(plain, f"pw{i}", algo),
                words="encrypted pdf",
            )
    owner_only = make_pdf([["Anyone may read this essay; only editing needs the password."] * 3])
    yield Case(
        "encrypted-owner-only.pdf", "encrypted-pdf", "any", _encrypt(owner_only, "", "RC4-128")
    )


def _encrypt(data: bytes, user_password: str, algorithm: str) -> bytes:
    if algorithm == "RC4-128":
        return encrypt_pdf(data, user_password) if user_password else _encrypt_owner(data)
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _encrypt_owner(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def broken_pdfs() -> Iterator[Case]:
    good = make_pdf([["A perfectly readable first page about moats and models."] * 4] * 3)
    yield Case("truncated-half.pdf", "broken-pdf", "any", good[: len(good) // 2])
    yield Case("truncated-header.pdf", "broken-pdf", "error", good[:9])
    yield Case("header-only.pdf", "broken-pdf", "error", b"%PDF-1.7\n")
    yield Case("no-xref.pdf", "broken-pdf", "any", good.split(b"xref")[0])
    yield Case("scanned.pdf", "broken-pdf", "error", make_pdf([[], [], []]), words="scanned")
    yield Case("garbage-after-header.pdf", "broken-pdf", "error", b"%PDF-1.4\n" + bytes(4096))
    yield Case(
        "zip-bomb-ish-stream.pdf",
        "broken-pdf",
        "any",
        good.replace(b"/Length", b"/Filter /FlateDecode /Length"),
    )
    titles = ["Title with\nnewline", "{Braces} & $dollars$ \\ backslash", "TY  - JOUR"]
    for i, title in enumerate(titles):
        yield Case(
            f"pdf-metadata-{i}.pdf",
            "broken-pdf",
            "any",
            _with_pdf_metadata(
                make_pdf([[f"Body of PDF {i} arguing about brand moats."] * 3]), title
            ),
        )


def _with_pdf_metadata(data: bytes, title: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(data)))
    writer.add_metadata({"/Title": title, "/Author": "Org & Co {Ltd}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def deep_html() -> Iterator[Case]:
    text = prose(400).replace("\n\n", " ")
    for depth in (5000, 2000, 20000):
        nested = "<div>" * depth + f"<p>{text}</p>" + "</div>" * depth
        yield Case(f"deep-{depth}.html", "deep-html", "any", nested.encode(), heavy=depth > 5000)
    unclosed = "<div>" * 5000 + f"<p>{text}"
    yield Case("deep-unclosed.html", "deep-html", "any", unclosed.encode())
    tables = "<table><tr><td>" * 3000 + text + "</td></tr></table>" * 3000
    yield Case("deep-tables.html", "deep-html", "any", tables.encode())
    spans = "".join(f"<span>{w}</span>" for w in text.split()) * 20
    yield Case("many-spans.html", "deep-html", "any", f"<p>{spans}</p>".encode())
    attr = '<p title="' + "x" * 1_000_000 + f'">{text}</p>'
    yield Case("huge-attribute.html", "deep-html", "any", attr.encode(), heavy=True)
    entities = "<p>" + "&amp;&lt;&#x1F600;&#0;&#xD800;" * 2000 + text + "</p>"
    yield Case("entities.html", "deep-html", "any", entities.encode())


def huge_lines() -> Iterator[Case]:
    unit = " ".join(_WORDS) + " "
    ten_mb = (unit * (10_000_000 // len(unit) + 1))[:10_000_000]
    yield Case("ten-mb-one-line.txt", "huge", "any", ten_mb.encode(), heavy=True)
    yield Case("ten-mb-one-word.txt", "huge", "any", b"a" * 10_000_000, heavy=True)
    yield Case("ten-mb-one-line.md", "huge", "any", ("# T\n\n" + ten_mb).encode(), heavy=True)
    yield Case("one-mb-one-line.txt", "huge", "any", ten_mb[:1_000_000].encode(), heavy=True)
    yield Case("hundred-kb-one-word.txt", "huge", "any", b"b" * 100_000)
    yield Case("over-limit.txt", "huge", "error", b"x " * 11_000_000, words="limit", heavy=True)


def unpunctuated() -> Iterator[Case]:
    rng = random.Random(11)
    for size in (2_000, 20_000, 60_000):
        words = []
        while sum(len(w) + 1 for w in words) < size:
            words.append(rng.choice(_WORDS))
        data = " ".join(words).encode()
        yield Case(f"unpunctuated-{size}.txt", "unpunctuated", "added", data, heavy=size > 20_000)
    lines = "\n".join(" ".join(rng.sample(_WORDS, 8)) for _ in range(400))
    yield Case("unpunctuated-lines.txt", "unpunctuated", "any", lines.encode())
    yield Case(
        "numbers-only.txt", "unpunctuated", "any", " ".join(str(n) for n in range(3000)).encode()
    )


def combining() -> Iterator[Case]:
    zalgo_marks = "".join(chr(c) for c in range(0x0300, 0x0330))
    zalgo_title = "".join(ch + zalgo_marks[:12] for ch in "Zalgo moats")
    yield Case(
        "zalgo.md",
        "combining",
        "added",
        md({"title": zalgo_title}, "".join(ch + zalgo_marks[:3] for ch in prose(500))),
        meta={"title": zalgo_title},
    )
    decomposed = "Cafe\u0301 cre\u0300me"
    yield Case(
        "decomposed.md",
        "combining",
        "added",
        md({"title": decomposed}, prose(501)),
        meta={"title": decomposed},
    )
    rtl = "\u202eevil\u202c title \u200f\u05e9\u05dc\u05d5\u05dd\u200e"
    yield Case(
        "rtl-override.md", "combining", "added", md({"title": rtl}, prose(502)), meta={"title": rtl}
    )
    zw = "Zero\u200bwidth\u200djoiner\ufeffword"
    yield Case(
        "zero-width.md", "combining", "added", md({"title": zw}, prose(503)), meta={"title": zw}
    )
    emoji = "Family \U0001f468\u200d\U0001f469\u200d\U0001f467 and flags \U0001f1ea\U0001f1fa"
    yield Case(
        "emoji-zwj.md",
        "combining",
        "added",
        md({"title": emoji}, prose(504)),
        meta={"title": emoji},
    )
    heavy_marks = "a" + zalgo_marks * 200
    yield Case("marks-pile.txt", "combining", "any", (heavy_marks + " " + prose(505)).encode())


SPECIAL_VALUES = [
    "Quotes \" and ' and \"\"\" triple ''' quotes",
    "Back\\slash \\n literal \\u0022 and \\\\ double",
    "Turtle <angle> @prefix ex: <x> . ^^xsd:string #comment",
    "SPARQL } UNION { ?s ?p ?o } # SELECT * WHERE { $x",
    "BibTeX {braces} and {unbalanced and \\& and $math$ and 100% and #hash",
    "More BibTeX _under_ ^caret^ ~tilde~ \\textbf{bold} @comment{x}",
    "RIS\nTY  - JOUR\nER  - \nAU  - Injected, Author",
    "Newline\nin the middle\r\nand CRLF",
    "Tab\tseparated\tvalue",
    "JSON \u2028 line and \u2029 paragraph separators",
    "XML &amp; ]]> <![CDATA[ x ]]> </title>",
    "Unicode \u00e9\u00e8 \u2014 \u201cquoted\u201d \u00ab guillemets \u00bb",
    "Percent %s %d {0} ${HOME} $(rm -rf /) `backticks`",
    "Null-ish: null None undefined NaN",
    "{{template}} {% raw %} <%= x %>",
]
SPECIAL_AUTHORS = [
    "Acme Corporation",
    "World Health Organization",
    "{OpenAI}",
    "Anthropic, PBC",
    "van der Berg, Jan",
    "Smith and Jones",
    "O'Brien, Conan",
    "Jean-Luc Picard",
    "\u674e\u5c0f\u9f99",
    "{\\relax Ch}ristopher \\& {Sons}",
    "Name\nWith Newline",
    "Ñoño Núñez",
]


def special_metadata() -> Iterator[Case]:
    for i, value in enumerate(SPECIAL_VALUES):
        author = SPECIAL_AUTHORS[i % len(SPECIAL_AUTHORS)]
        fields = {
            "title": value,
            "author": [author, SPECIAL_AUTHORS[(i + 5) % len(SPECIAL_AUTHORS)]],
            "publisher": value[::-1],
            "tags": [value, "plain"],
            "date": f"2024-0{1 + i % 9}-1{i % 9}",
            "url": f"https://example.org/special/{i}?q={i}&r=(x)#frag",
        }
        meta = {
            "title": value,
            "authors": fields["author"],
            "date": fields["date"],
            "url": fields["url"],
        }
        yield Case(
            f"special-{i:02d}.md",
            "special-metadata",
            "added",
            md(fields, prose(600 + i)),
            meta=meta,
        )
    for i, author in enumerate(SPECIAL_AUTHORS):
        fields = {"title": f"Essay by author case {i}", "author": author}
        meta = {"title": fields["title"], "authors": [author]}
        yield Case(
            f"author-{i:02d}.md", "special-metadata", "added", md(fields, prose(650 + i)), meta=meta
        )
    controls = ["Bell\u0007title", "Escape\u001b[31mred", "Vertical\u000btab", "C1\u0085next"]
    for i, value in enumerate(controls):
        yield Case(
            f"control-meta-{i}.md",
            "special-metadata",
            "error",
            md({"title": value}, prose(680 + i)),
            words="control character",
        )
    long_title = "Long title " * 1000
    yield Case(
        "long-title.md",
        "special-metadata",
        "added",
        md({"title": long_title.strip()}, prose(690)),
        meta={"title": long_title.strip()},
    )


NON_LATIN_TITLES = [
    "\u041e\u0442\u043a\u0440\u044b\u0442\u044b\u0435 \u043c\u043e\u0434\u0435\u043b\u0438",
    "\u0417\u0430\u043a\u0440\u044b\u0442\u044b\u0435 \u043c\u043e\u0434\u0435\u043b\u0438",
    "\u0391\u03bd\u03bf\u03b9\u03c7\u03c4\u03ac \u03bc\u03bf\u03bd\u03c4\u03ad\u03bb\u03b1",
    "\u5f00\u6e90\u6a21\u578b\u7684\u62a4\u57ce\u6cb3",
    "\u95ed\u6e90\u6a21\u578b\u7684\u62a4\u57ce\u6cb3",
    "\u30aa\u30fc\u30d7\u30f3\u30e2\u30c7\u30eb\u306e\u5800",
    "\uc624\ud508 \ubaa8\ub378\uc758 \ud574\uc790",
    "\u0627\u0644\u0646\u0645\u0627\u0630\u062c \u0627\u0644\u0645\u0641\u062a\u0648\u062d\u0629",
    "\u05de\u05d5\u05d3\u05dc\u05d9\u05dd \u05e4\u05ea\u05d5\u05d7\u05d9\u05dd",
    "\u0913\u092a\u0928 \u092e\u0949\u0921\u0932",
    "\u0e42\u0e21\u0e40\u0e14\u0e25\u0e40\u0e1b\u0e34\u0e14",
    "\u10e6\u10d8\u10d0 \u10db\u10dd\u10d3\u10d4\u10da\u10d4\u10d1\u10d8",
    "\U0001f600\U0001f680\U0001f4a1",
    "\u2605\u2606\u2605",
    "\U0001f525\U0001f525",
]


def non_latin() -> Iterator[Case]:
    for i, title in enumerate(NON_LATIN_TITLES):
        yield Case(
            f"nonlatin-{i:02d}.md",
            "non-latin",
            "added",
            md({"title": title}, prose(700 + i)),
            meta={"title": title},
        )
    for i, title in enumerate(NON_LATIN_TITLES[:4]):
        page = (
            f"<html><head><title>{title}</title></head><body><article><p>"
            + prose(730 + i).replace("\n\n", "</p><p>")
            + "</p></article></body></html>"
        )
        yield Case(
            f"nonlatin-{i:02d}.html", "non-latin", "added", page.encode(), meta={"title": title}
        )


def collisions() -> Iterator[Case]:
    """Sources that all used to map to one id, so the later replaced the earlier."""
    for i in range(4):
        yield Case(
            f"same-title-{i}.md",
            "collision",
            "added",
            md({"title": "Untitled Thoughts"}, prose(800 + i)),
            meta={"title": "Untitled Thoughts"},
        )
    for i, host in enumerate(("a.example", "b.example", "c.example")):
        url = f"https://{host}/blog/index.html"
        yield Case(
            f"index-html-{i}.md",
            "collision",
            "added",
            md({"title": f"Index page {i}", "url": url}, prose(810 + i)),
            meta={"url": url},
        )
    for i in range(3):
        yield Case(
            f"root-index-{i}.md",
            "collision",
            "added",
            md({"title": "Home", "url": f"https://site{i}.example/index.html"}, prose(820 + i)),
            meta={"title": "Home"},
        )
    url = "https://d.example/one-url-two-files"
    yield Case(
        "same-url-a.md",
        "collision",
        "added",
        md({"title": "First claimant", "url": url}, prose(830)),
        meta={"url": url},
    )
    yield Case(
        "same-url-b.md",
        "collision",
        "error",
        md({"title": "Second claimant", "url": url}, prose(831)),
        words="same document as",
    )
    yield Case(
        "copy-a-original.md",
        "collision",
        "added",
        md({"title": "Original"}, prose(840)),
        meta={"title": "Original"},
    )
    yield Case(
        "copy-b-duplicate.md",
        "collision",
        "error",
        md({"title": "Copy"}, prose(840)),
        words="same text as",
    )
    for i in range(3):
        yield Case(
            f"symbol-title-{i}.md",
            "collision",
            "added",
            md({"title": "\u2014 \u2022 \u2014"}, prose(850 + i)),
            meta={"title": "\u2014 \u2022 \u2014"},
        )


def file_names() -> Iterator[Case]:
    names = [
        "   leading spaces.md",
        "trailing spaces   .md",
        "many    inner    spaces.txt",
        "-rf.md",
        "--help.txt",
        "\u044d\u0441\u0441\u0435.md",
        "\u8ad6\u6587.txt",
        "caf\u00e9 na\u00efve.html",
        'quote"double.md',
        "quote'single.md",
        "back\\slash.md",
        "semi;colon&amp.txt",
        "percent%20encoded.md",
        "hash#and?question.md",
        "new\nline.md",
        "tab\there.txt",
        "dollar $HOME.md",
        "star*glob?.txt",
        "x" * 240 + ".md",
        "\u202egnp.md",
        "UPPER.MD",
        "dots...md",
        "emoji \U0001f600.md",
    ]
    for i, name in enumerate(names):
        if name.endswith(".html"):
            head = f"<html><head><title>Named {i}</title></head>"
            data = f"{head}<body><p>{prose(900 + i)}</p></body></html>"
            yield Case(name, "file-name", "added", data.encode())
        elif name.lower().endswith(".md"):
            title = f"File name case {i}"
            data = md({"title": title}, prose(900 + i))
            yield Case(name, "file-name", "added", data, meta={"title": title})
        else:
            yield Case(name, "file-name", "added", prose(900 + i).encode())


def odd_markdown() -> Iterator[Case]:
    link = "See [the moat page](https://en.wikipedia.org/wiki/Moat_(disambiguation)) for more. "
    yield Case(
        "md-link-parens.md",
        "markdown",
        "added",
        md({"title": "Links"}, link * 3 + "\n\n" + prose(950)),
    )
    yield Case(
        "md-only-footnotes.md", "markdown", "any", b"[^1]: A lonely footnote.\n[^2]: Another.\n"
    )
    yield Case(
        "md-html-inline.md",
        "markdown",
        "any",
        md({"title": "Inline HTML"}, "<script>x</script>\n\n" + prose(951)),
    )
    deep_list = "\n".join("  " * i + "- item" for i in range(500))
    yield Case(
        "md-deep-list.md",
        "markdown",
        "any",
        md({"title": "Deep list"}, deep_list + "\n\n" + prose(952)),
    )
    yield Case(
        "md-thousand-headings.md",
        "markdown",
        "any",
        md(
            {"title": "Headings"},
            "\n\n".join(f"# Heading {i}" for i in range(1000)) + "\n\n" + prose(953),
        ),
    )
    yield Case(
        "md-code-fence.md",
        "markdown",
        "any",
        md({"title": "Code"}, "```\n---\ntitle: inside code\n---\n```\n\n" + prose(954)),
    )
    yield Case(
        "md-lone-cr.md", "markdown", "any", md({"title": "Lone CR"}, prose(955).replace("\n", "\r"))
    )
    yield Case("md-form-feeds.txt", "markdown", "any", prose(956).replace(" ", "\f", 5).encode())
    yield Case(
        "md-bom.md",
        "markdown",
        "added",
        b"\xef\xbb\xbf" + md({"title": "With BOM"}, prose(957)),
        meta={"title": "With BOM"},
    )


GROUPS: list[Callable[[], Iterator[Case]]] = [
    empty_and_blank,
    binary,
    bad_utf8,
    broken_front_matter,
    alias_bombs,
    bad_urls,
    encrypted_pdfs,
    broken_pdfs,
    deep_html,
    huge_lines,
    unpunctuated,
    combining,
    special_metadata,
    non_latin,
    collisions,
    file_names,
    odd_markdown,
]


def all_cases() -> list[Case]:
    cases = [case for group in GROUPS for case in group()]
    names = [c.name for c in cases]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ValueError(f"duplicate generated names: {sorted(duplicates)}")
    return cases


def sample(cases: list[Case], size: int, seed: int = 0) -> list[Case]:
    """A light, deterministic subset: the first case of every group, the collision group
    whole (its cases only mean something together), then a seeded draw of the rest."""
    light = [c for c in cases if not c.heavy]
    chosen: list[Case] = []
    for case in light:
        if case.group == "collision" or all(c.group != case.group for c in chosen):
            chosen.append(case)
    rest = [c for c in light if c not in chosen]
    random.Random(seed).shuffle(rest)
    chosen += rest[: max(0, size - len(chosen))]
    return sorted(chosen, key=lambda c: c.name)


def write(cases: list[Case], out: Path) -> list[Case]:
    """Write each case's file under `out` and a manifest.json beside the folder."""
    out.mkdir(parents=True, exist_ok=True)
    for case in cases:
        (out / case.name).write_bytes(case.data)
    manifest = out.parent / f"{out.name}.manifest.json"
    manifest.write_text(
        json.dumps([c.manifest_row() for c in cases], ensure_ascii=False, indent=1) + "\n"
    )
    return cases


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the files into")
    parser.add_argument("--sample", type=int, help="write only a light sample of this size")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-heavy", action="store_true", help="leave out the large files")
    args = parser.parse_args(argv)
    cases = all_cases()
    if args.sample:
        cases = sample(cases, args.sample, args.seed)
    elif args.no_heavy:
        cases = [c for c in cases if not c.heavy]
    write(cases, args.out)
    groups = sorted({c.group for c in cases})
    print(f"{len(cases)} files in {len(groups)} classes written to {args.out}")


if __name__ == "__main__":
    main()
