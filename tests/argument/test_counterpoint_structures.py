"""Within-essay counterpoints from general concession and rebuttal structures (issue 12 §4),
on made-up sentences about nothing in the corpus: the rules must read the structure, not the
phrasing of the essays they were tuned on."""

from __future__ import annotations

import pytest

from counterpoint.kg.extract import counterpoints
from counterpoint.kg.extract.counterpoints import EssayClaim, within_links


def _essay(*paragraphs: list[str]) -> list[EssayClaim]:
    out = []
    for p, sentences in enumerate(paragraphs):
        for s in sentences:
            out.append(EssayClaim(f"c{len(out)}", s, p, len(out)))
    return out


def _links(claims: list[EssayClaim]) -> set[tuple[str, str, str]]:
    return {(x.premise, x.conclusion, x.kind) for x in within_links(claims)}


@pytest.mark.parametrize(
    "view",
    [
        "Proponents argue that rail freight will always beat trucking on long routes.",
        "The standard story is that rail freight always beats trucking on long routes.",
        "It is easy to assume that rail freight always beats trucking on long routes.",
        "The first objection is that rail freight always beats trucking on long routes.",
        "Rail freight always beats trucking on long routes, or so the argument goes.",
        "Sure, rail freight beats trucking on many long routes today.",
        "Many shippers assume that rail freight always beats trucking on long routes.",
    ],
)
@pytest.mark.parametrize(
    "answer",
    [
        "Not so: the cost of loading and unloading eats the saving on most routes.",
        "I'm not so sure: loading and unloading eat the saving on most routes.",
        "In practice, the cost of loading and unloading eats the saving on most routes.",
        "This misses the cost of loading and unloading, which eats the saving.",
    ],
)
def test_a_granted_view_is_attacked_by_the_answer(view: str, answer: str) -> None:
    claims = _essay([view, answer])
    assert counterpoints.is_granted_view(view)
    assert ("c1", "c0", "attack") in _links(claims)


def test_the_reason_given_for_an_answer_supports_it() -> None:
    claims = _essay(
        [
            "Some say that a longer warranty proves a better product.",
            "But a warranty by itself proves nothing.",
            "It is only worth something because a solvent company stands behind it.",
        ]
    )
    assert _links(claims) >= {("c1", "c0", "attack"), ("c2", "c1", "support")}


def test_a_result_is_supported_by_the_sentence_before_and_a_reason_supports_it() -> None:
    claims = _essay(
        [
            "Switching suppliers costs a manufacturer months of requalification work.",
            "Therefore a cheaper part rarely wins a contract on price alone.",
            "Loyal customers are the cheapest to serve over a decade.",
            "After all, they need no discounts to be won back each year.",
        ]
    )
    assert _links(claims) == {("c0", "c1", "support"), ("c3", "c2", "support")}


def test_an_answer_that_grants_the_view_first_is_not_a_new_view() -> None:
    """'There is something to that, but …' answers the view before it."""
    claims = _essay(
        [
            "Some growers will tell you that frost ended the old orchards.",
            "There is something to that, but the new highway ended them more surely.",
        ]
    )
    assert ("c1", "c0", "attack") in _links(claims)


def test_a_denial_alone_does_not_answer_a_view() -> None:
    """'That is not X; it is Y' as often defends the view against a misreading."""
    assert not counterpoints.answers("That is not stubbornness; it is how farmers hedge.")


def test_a_plain_claim_is_no_granted_view() -> None:
    for text in (
        "Rail freight is cheaper than trucking on routes longer than a thousand miles.",
        "It is reasonable to ask whether the saving survives the cost of loading.",
        "The first train left the yard at dawn.",
    ):
        assert not counterpoints.is_granted_view(text), text
