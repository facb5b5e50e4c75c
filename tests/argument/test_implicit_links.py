"""Cross-essay links decided per pair of essays with absolute criteria (kg/extract/responses.py).

An essay that does not name another still answers it where one of its claims restates one of
the other's and takes a stance of its own towards it (negation, antonym, verdict: attack;
evidence or agreement: support); a restatement that takes no stance, an essay written
earlier and an essay about something else get no link. In an essay that names the other,
similarity alone (no stance signal) links only a very close restatement.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from counterpoint.kg.extract.pair_signals import leans_on_context
from counterpoint.kg.extract.responses import ResponseClaim, cross_links

TARGET = "Brand moats will become more important for open model labs."


def _embed(cosines: dict[str, float]) -> Callable[[list[str]], np.ndarray]:
    """TARGET is the first axis; every other text sits at its given cosine to it, each on a
    private second axis (so two non-target texts are only as close as their targets make
    them)."""
    texts = [TARGET, *cosines]
    dim = len(texts) + 1

    def vector(text: str) -> np.ndarray:
        v = np.zeros(dim)
        if text == TARGET:
            v[0] = 1.0
        else:
            c = cosines[text]
            v[0], v[1 + texts.index(text)] = c, float(np.sqrt(1 - c * c))
        return v

    return lambda batch: np.array([vector(t) for t in batch], dtype=np.float32)


def _link(premise: str, cosine: float, named: bool = False, later: bool = True) -> list[str]:
    """The kinds of the links from a one-claim essay `b` to the one-claim essay `a`."""
    a = ResponseClaim("a-1", "a", TARGET, "2024-01-01")
    b = ResponseClaim("b-1", "b", premise, "2024-02-01" if later else "2023-12-01")
    found = cross_links([a, b], _embed({premise: cosine}), {"b": {"a"}} if named else {})
    return [x.kind for x in found if x.premise == "b-1"]


def test_an_unnamed_restatement_with_a_stance_answers_the_essay() -> None:
    assert _link("Brand moats will not become more important for open model labs.", 0.85) == [
        "attack"
    ]
    # evidence for the restated claim: agreement
    evidence = "The data shows brand moats becoming more important for open model labs."
    assert _link(evidence, 0.85) == ["support"]


def test_an_unnamed_restatement_without_a_stance_is_no_answer() -> None:
    assert _link("Brand moats will become more important for open model labs soon.", 0.9) == []


def test_no_implicit_answer_to_a_later_essay_or_a_loose_paraphrase() -> None:
    negated = "Brand moats will not become more important for open model labs."
    assert _link(negated, 0.85, later=False) == []
    # about the same thing (the essays are related), not close enough for a restatement
    assert _link(negated, 0.72) == []
    # the same sentence in an essay that names the other is an answer
    assert _link(negated, 0.72, named=True) == ["attack"]
    # named, it answers from further away than the topic gate lets an unnamed essay
    # (LinkSettings.named_essay_similarity: a reply arguing from another field) ...
    assert _link(negated, 0.6, named=True) == ["attack"]
    assert _link(negated, 0.6) == []
    # ... but an essay about something else answers nobody, named or not
    assert _link(negated, 0.45, named=True) == []


def test_similarity_alone_links_only_a_close_restatement() -> None:
    # a candidate (cosine plus overlap reaches link_similarity, not silent_similarity), but
    # nothing says it answers
    loose = "Labs will keep shipping new checkpoints every quarter."
    assert _link(loose, 0.66, named=True) == []
    close = "Brand moats will become more important for open model labs soon."
    assert len(_link(close, 0.9, named=True)) == 1


def test_only_anaphoric_or_verdict_sentences_lean_on_the_sentence_before() -> None:
    assert leans_on_context("This is wrong.")
    assert leans_on_context("Our data says otherwise.")
    assert leans_on_context("That view is mistaken.")
    # short, but it names its own subject: read on its own
    assert not leans_on_context("Some readers took the comparison as a throwaway.")


def test_implicit_answers_are_decided_per_pair_of_essays() -> None:
    """Relinking only the pairs of a changed essay gives exactly the links of a whole
    relink that touch it: an implicit answer depends on its two essays alone."""
    negated = "Brand moats will not become more important for open model labs."
    evidence = "The data shows brand moats becoming more important for open model labs."
    claims = [
        ResponseClaim("a-1", "a", TARGET, "2024-01-01"),
        ResponseClaim("b-1", "b", negated, "2024-02-01"),
        ResponseClaim("c-1", "c", evidence, "2024-03-01"),
    ]
    embed = _embed({negated: 0.85, evidence: 0.85})
    whole = {(x.premise, x.conclusion, x.kind) for x in cross_links(claims, embed, {})}
    # b and c answer a (c's claim and b's are 0.72 apart: no restatement of each other)
    assert whole == {("b-1", "a-1", "attack"), ("c-1", "a-1", "support")}
    for changed in ("a", "b", "c"):
        part = {
            (x.premise, x.conclusion, x.kind)
            for x in cross_links(claims, embed, {}, changed=[changed])
        }
        assert part == {x for x in whole if changed in (x[0][0], x[1][0])}, changed


def test_a_restatement_sharing_the_construction_is_not_opposition() -> None:
    """ "not X" / "more than X" opposes a target that asserts X, not one that sets X aside
    the same way (a faithful restatement scored 0.5 against itself before)."""
    from counterpoint.kg.extract.pair_signals import opposition

    for s in ("Brand matters more than model quality.", "Brand is not a moat for model labs."):
        assert opposition(s, s) == 0.0
    assert (
        opposition(
            "Distribution decides who wins, not model quality.", "Model quality decides who wins."
        )
        > 0
    )


def test_negation_alone_yields_to_the_essays_own_verdict_on_the_other() -> None:
    """An essay that says the other is right does not attack it with every sentence that
    holds a "not": negation asymmetry is the weakest sign of opposition."""
    agree = "Okafor is right that brand moats will become more important for open model labs."
    negated = (
        "When open models converge, what separates the labs is not the benchmark score"
        " but whether people trust them."
    )
    claims = [
        ResponseClaim("a-1", "a", TARGET, "2024-01-01"),
        ResponseClaim("b-1", "b", agree, "2024-02-01"),
        ResponseClaim("b-2", "b", negated, "2024-02-01"),
    ]
    found = {
        (x.premise, x.kind)
        for x in cross_links(claims, _embed({agree: 0.9, negated: 0.85}), {"b": {"a"}})
    }
    assert ("b-1", "support") in found
    assert ("b-2", "support") in found and ("b-2", "attack") not in found
    # without the essay's verdict the same negation still opposes the claim
    alone = [claims[0], claims[2]]
    kinds = {x.kind for x in cross_links(alone, _embed({negated: 0.85}), {"b": {"a"}})}
    assert kinds == {"attack"}


def _thesis_link(premise: str, cosine: float, theses: bool = True) -> list[str]:
    """The kinds of the links from essay `b`'s claim to essay `a`'s (not named, `b` later),
    both marked as their essays' theses when `theses`."""
    a = ResponseClaim("a-1", "a", TARGET, "2024-01-01", thesis=theses)
    b = ResponseClaim("b-1", "b", premise, "2024-02-01", thesis=theses)
    found = cross_links([a, b], _embed({premise: cosine}), {})
    return [x.kind for x in found if x.premise == "b-1"]


def test_a_thesis_answers_an_unnamed_essays_thesis_in_its_own_words() -> None:
    # an antonym opposes two theses that share few words (no restatement: overlap too low)
    opposed = "For open model labs, brand moats will matter less every year as prices fall."
    assert _thesis_link(opposed, 0.74) == ["attack"]
    # the same sentences as ordinary claims are no restatement of each other
    assert _thesis_link(opposed, 0.74, theses=False) == []
    # below THESIS_SIMILARITY the theses answer different questions
    assert _thesis_link(opposed, 0.6) == []
    # a negation alone is the weakest sign of opposition: between theses in their own words
    # it often sits in a clause the other thesis never addresses, so it links nothing
    negated = "Open labs that do not own distribution will lose, whatever their reputation."
    assert _thesis_link(negated, 0.74) == []
    # nor does the premise's verdict (on its own evidence, not on the other essay)
    endorsed = "The evidence supports open labs that invest in their reputation early."
    assert _thesis_link(endorsed, 0.74) == []
