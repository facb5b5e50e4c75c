"""pybtex's BibTeX writer, made safe for arbitrary plain text.

pybtex escapes field values with latexcodec, which assumes the text may already be LaTeX: it
escapes `& % # _ ~` but passes `\\ { } $ ^` through, so a title holding `\\&` came out as
`\\\\&` (a LaTeX line break), `$5` opened math mode and an unbalanced `{` made pybtex raise.
Here those characters are escaped first (as commands whose braces are balanced, since BibTeX
counts braces even after a backslash), TeX ligatures in the text (`--`, ` `` `, `!``...) are
broken with `{}` so LaTeX prints what was written, whitespace runs (line breaks included)
become one space, and latexcodec then does the rest. URLs and dates are written verbatim (biblatex
reads `url` verbatim; an escaped `\\%` would end up in the link). Organisations and other
literal names are written as one brace group so they are neither split nor reordered.
"""

from __future__ import annotations

import re
from typing import Any

from pybtex.database.output.bibtex import Writer

from counterpoint.export.names import is_literal_name

# Characters latexcodec leaves alone, as LaTeX text commands with balanced braces.
_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
# Pairs TeX turns into one glyph (en/em dash, curly quotes, inverted marks, guillemets).
_LIGATURE = re.compile(r"(?<=[-`',!?<>])(?=[-`',<>])|(?<=[!?])(?=`)")
VERBATIM_FIELDS = frozenset({"url", "urldate", "date", "year"})


def escape_text(text: str) -> str:
    """Plain text as LaTeX source that latexcodec will finish (it escapes `& % # _`)."""
    escaped = "".join(_SPECIALS.get(ch, ch) for ch in " ".join(text.split()))
    return _LIGATURE.sub("{}", escaped)  # the commands above hold none of these characters


class PlainTextBibTeXWriter(Writer):
    """Fields hold plain text; names are `Person`s whose parts hold plain text, or literals."""

    def _encode(self, text: str) -> str:
        return str(super()._encode(escape_text(text)))

    def _write_field(self, stream: Any, type: str, value: str) -> None:
        if type in VERBATIM_FIELDS:
            stream.write(f",\n    {type} = {self.quote(value)}")
        else:
            super()._write_field(stream, type, value)

    def _format_name(self, stream: Any, person: Any) -> str:
        literal = getattr(person, "literal", None)
        if literal is not None:
            return "{" + self._encode(literal) + "}"

        def enc(parts: list[str]) -> str:
            return " ".join(self._encode(p) for p in parts)

        last = enc(person.prelast_names + person.last_names)
        lineage = enc(person.lineage_names)
        first = enc(person.first_names + person.middle_names)
        if lineage:
            return f"{last}, {lineage}, {first}"
        return f"{last}, {first}" if first else last

    def _write_persons(self, stream: Any, persons: Any, role: str) -> None:
        if persons:
            names = " and ".join(self._format_name(stream, p) for p in persons)
            stream.write(f",\n    {role} = {self.quote(names)}")


def person(name: str) -> Any:
    """A pybtex Person for a personal name, or one marked literal (written as `{name}`)."""
    from pybtex.database import Person

    if is_literal_name(name):
        literal = Person()
        literal.literal = " ".join(name.split())
        literal.last_names = [literal.literal]
        return literal
    return Person(" ".join(name.split()))
