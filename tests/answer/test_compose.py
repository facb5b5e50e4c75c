"""The readable answer: clause-cut quotes stay exact, evidence sits under its own byline, the
honest "not covered" names the subject, and stance places sentences by what they say."""

from __future__ import annotations

from counterpoint.answer.compose import (
    answer_text,
    challenge_text,
    clauses,
    grouped,
    not_answered,
    tighten,
)
from counterpoint.answer.models import Citation
from counterpoint.answer.stance import is_concession, stance_towards

LONG = (
    "The harbour board argued for years about the cost of the new tower, the keepers' "
    "pay and the lamps, but in the end it spent $40M on a tower that fog made useless within "
    "a decade, while the old light across the bay kept working."
)


def _cite(n: int, doc: str, title: str, quote: str, side: str | None = None) -> Citation:
    return Citation(n, doc, title, ("Ada Quill",), "2020-01-05", None, "c", 0, len(quote), quote,
                    None, side)  # fmt: skip


def test_clauses_and_tightened_span_are_exact_substrings() -> None:
    parts = clauses(LONG, 0, len(LONG))
    assert len(parts) >= 3
    for s, e in parts:
        assert LONG[s:e] == LONG[s:e].strip() and LONG[s:e]
    s, e = tighten(LONG, 0, len(LONG), lambda piece: float("$40M" in piece))
    assert "$40M" in LONG[s:e] and (e - s) < len(LONG)
    short = "Towers guide ships home."
    assert tighten(short, 0, len(short), lambda piece: 1.0) == (0, len(short))


def test_answer_leads_then_groups_by_essay_without_chains() -> None:
    a = _cite(1, "d1", "Towers", "Towers guide ships.")
    b = _cite(2, "d2", "Lamps", "Lamps are cheaper.")
    c = _cite(3, "d1", "Towers", "Keepers matter too.")
    text = answer_text([a], [b, c], "“The essay” here is “Towers” by Ada Quill.")
    first, evidence = text.split("\n\n")
    assert first.startswith("“The essay” here is") and "writes in “Towers”: “Towers" in first
    assert "The same essay says" not in text
    assert evidence.index("“Lamps”") < evidence.index("[2]") < evidence.index("“Towers”")
    assert evidence.index("“Towers”") < evidence.index("[3]")
    assert grouped([], "Evidence") == ""


def test_not_answered_names_subject_and_offers_reading_only() -> None:
    related = [_cite(1, "d1", "Towers", "The tower at Vell was rebuilt.")]
    text = not_answered("Vell", ["Towers"], ["amount"], related)
    assert text.startswith("The essays mention Vell (in “Towers”), but not the amount")
    assert "does not cover" in text and "Related reading (not an answer)" in text
    assert "[1]" not in text


def test_challenge_text_shows_verdict_claim_and_both_sides() -> None:
    claim = _cite(1, "d1", "Towers", "Towers guide ships.", "claim")
    pro = _cite(2, "d2", "Lamps", "I agree that towers guide ships.", "for")
    con = _cite(3, "d3", "Fog", "This is wrong in fog.", "against")
    text = challenge_text("contested", claim, [pro], [con], "Rests on retrieved evidence.", 0.4)
    assert text.startswith("Verdict: contested (argument strength 0.40)")
    assert "The claim you challenge: Ada Quill writes in “Towers”" in text
    assert text.index("Supporting the claim") < text.index("Against the claim")
    assert text.endswith("Rests on retrieved evidence.")
    near = _cite(4, "d4", "Beacons", "Beacons guide ships.", "near")
    text = challenge_text("contested", claim, [pro], [con], "Rests on it.", None, [near])
    assert text.index("Rests on it.") < text.index("Your words fit this about as closely")
    assert text.endswith("[4] “Beacons guide ships.”")


def test_stance_from_cues_reports_and_restatements() -> None:
    claim = "Towers will matter more than lamps."
    assert stance_towards("I think that bet is wrong.", claim, 0.2, "Quill argues towers "
                          "will matter more.", 0.8).side == "against"  # fmt: skip
    assert stance_towards("He is right, and the evidence agrees.", claim, 0.6).side == "for"
    assert stance_towards("Towers will not matter more than lamps.", claim, 0.8).side == "against"
    assert stance_towards("Towers will matter more than lamps do.", claim, 0.9).side == "for"
    assert stance_towards("This is wrong.", claim, 0.1).side is None  # about something else
    assert is_concession("Some argue that towers are obsolete.")
    assert is_concession("The popular view is that towers are safe.")
    assert not is_concession("Towers are safe.")
