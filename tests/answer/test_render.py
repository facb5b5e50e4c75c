"""Chat rendering: verdicts shown, sources grouped by side, essay text escaped."""

from __future__ import annotations

import re
from dataclasses import replace

from counterpoint.answer.models import Answer, Citation
from counterpoint.ui.render import answer_markdown, sources_markdown, streaming_markdown


def _cite(n: int, claim: str | None, quote: str = "Brands *follow* performance.") -> Citation:
    return Citation(n, "d", "T", ("A",), "2024-01-01", None, "c", 0, len(quote), quote, claim)


def test_challenge_answer_shows_verdict_and_groups_sources() -> None:
    answer = Answer(
        "Isn't X wrong?",
        "Claim [1]. Against [2].",
        True,
        citations=[_cite(1, "cl-t"), _cite(2, "cl-a")],
        verdict="contested",
        target_claims=["cl-t"],
        notice="Verifier removed 1 unsupported sentence(s).",
    )
    md = answer_markdown(answer)
    assert "Verdict: contested" in md and "unsupported" in md
    panel = sources_markdown(answer)
    assert panel.index("Challenged claim") < panel.index("cl-t") < panel.index("Evidence")
    assert "\\*follow\\*" in panel  # essay markup is escaped, not rendered


def test_a_near_tie_is_grouped_apart_from_both_sides() -> None:
    near = replace(_cite(3, "cl-n", "Brands lag."), side="near")
    answer = Answer("q", "Claim [1].", True, citations=[_cite(1, "cl-t"), near])
    answer = replace(answer, verdict="supported", target_claims=["cl-t"])
    panel = sources_markdown(answer)
    assert (
        panel.index("Challenged claim")
        < panel.index("As close to your words")
        < panel.index("Brands lag.")
    )


def test_plain_answer_and_streaming_rendering() -> None:
    answer = Answer("q", "a [1]", True, citations=[_cite(1, None)])
    assert "Verdict" not in answer_markdown(answer)
    assert "Challenged claim" not in sources_markdown(answer)
    assert "only verified sentences" in streaming_markdown("So far [1].")
    assert "No sources" in sources_markdown(Answer("q", "no", False))


def _titled(title: str, url: str | None) -> Answer:
    cite = Citation(1, "d", title, ("A <b>",), "2024-01-01", url, "c", 0, 5, "Brand", None)
    return Answer("q", "a [1]", True, citations=[cite])


def test_only_http_urls_become_links_and_titles_cannot_inject_one() -> None:
    panel = sources_markdown(_titled("Essay", "javascript:alert(1)"))
    assert "javascript:" not in panel.replace("Essay", "") and "](" not in panel
    injected = sources_markdown(_titled("x](javascript:alert(1)) [y", "https://e.org/a_(b)"))
    assert "](<https://e.org/a_(b)>)" in injected  # the one link, its parentheses kept inside
    # the title's "](" is escaped text, not a second link
    assert len(re.findall(r"(?<!\\)\]\(", injected)) == 1
    assert "x\\](javascript:alert(1)) \\[y" in injected
    assert "&lt;b&gt;" in injected  # author names are escaped like essay text
