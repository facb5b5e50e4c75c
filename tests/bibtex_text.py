"""Reading a BibTeX field back as plain text, for the round-trip tests."""

from __future__ import annotations

import codecs
import re

import latexcodec  # noqa: F401 -- registers the codec used to read BibTeX back

# The escapes our BibTeX writer adds for characters latexcodec passes through unchanged;
# everything else is read back by latexcodec itself.
_OURS = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\$": "$",
    r"\textasciicircum{}": "^",
    r"\textasciitilde{}": "~",
}
_OURS_RE = re.compile("(" + "|".join(re.escape(k) for k in _OURS) + ")")


def _decode(segment: str) -> str:
    """latexcodec's reading of a piece of LaTeX; it drops leading spaces of its input (as
    after a control word), so each piece is read behind a letter that is then removed."""
    return codecs.decode("x" + segment, "ulatex")[1:].replace("{}", "")


def latex_to_text(value: str) -> str:
    """What a BibTeX field value says, as plain text."""
    return "".join(_OURS.get(p) or _decode(p) for p in _OURS_RE.split(value))
