"""Chat rendering: verdicts shown, sources grouped by side, essay text escaped."""

from __future__ import annotations

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


def test_plain_answer_and_streaming_rendering() -> None:
    answer = Answer("q", "a [1]", True, citations=[_cite(1, None)])
    assert "Verdict" not in answer_markdown(answer)
    assert "Challenged claim" not in sources_markdown(answer)
    assert "only verified sentences" in streaming_markdown("So far [1].")
    assert "No sources" in sources_markdown(Answer("q", "no", False))
