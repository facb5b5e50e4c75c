"""Extractors on small hand-made documents: span kinds respected, entities resolved."""

from __future__ import annotations

from counterpoint.corpus.ids import content_hash
from counterpoint.corpus.models import Document, Metadata, Span
from counterpoint.kg.extract.claims import extract_claims
from counterpoint.kg.extract.entities import extract_mentions
from counterpoint.kg.extract.links import LinkClaim, polarity, within_essay_links


def _doc(parts: list[tuple[str, str]]) -> Document:
    text, spans, pos = "", [], 0
    for kind, block in parts:
        if text:
            text += "\n\n"
            pos += 2
        spans.append(Span(kind, pos, pos + len(block)))
        text += block
        pos += len(block)
    return Document(
        "t", Metadata(title="Open models and moats"), text, content_hash(text), "t", tuple(spans)
    )


def test_only_the_authors_body_text_yields_claims() -> None:
    doc = _doc(
        [
            ("heading", "Why open models will win"),
            ("paragraph", "I think open models will win because developers trust them."),
            (
                "quotation",
                "Brand moats will matter more than anything else in AI, as I wrote before.",
            ),
            ("caption", "Chart of model downloads which shows strong growth over time."),
            ("footnote", "I wrote this in a hotel lobby but the data will hold up."),
            (
                "paragraph",
                "Is this the end of closed labs? Closed labs should worry about pricing.",
            ),
        ]
    )
    texts = [c.text for c in extract_claims(doc)]
    assert texts == [
        "I think open models will win because developers trust them.",
        "Closed labs should worry about pricing.",
    ]
    for c in extract_claims(doc):
        assert doc.text[c.start : c.end] == c.text


def test_glued_footnote_numbers_are_not_part_of_claims() -> None:
    doc = _doc(
        [("paragraph", "Open models will become a standard.1We can debate this but let’s not.")]
    )
    assert [c.text for c in extract_claims(doc)] == ["Open models will become a standard."]


def test_mentions_resolve_aliases_case_and_possessives() -> None:
    doc = _doc(
        [("paragraph", "OpenAI's lead worries HF and Hugging Face alike, and MSFT funds OpenAI.")]
    )
    found = {(m.text, m.entity.label, m.entity.wikidata) for m in extract_mentions(doc)}
    assert ("OpenAI", "OpenAI", "Q21708200") in found
    hf = ("Hugging Face", "Q108943604")
    assert ("HF", *hf) in found and ("Hugging Face", *hf) in found
    assert ("MSFT", "Microsoft", "Q2283") in found
    for m in extract_mentions(doc):
        assert doc.text[m.start : m.end] == m.text


def test_stance_cues_set_polarity() -> None:
    target = "Brand moats will become more important than most people appreciate."
    assert polarity("This is wrong for enterprise buyers.", "x", target)[0] == "attack"
    assert polarity("I think he is right about this.", "x", target)[0] == "support"
    assert (
        polarity("That is true of one model, but it is not true of a family.", "x", target)[0]
        == "attack"
    )
    assert (
        polarity("Labs will win at scale.", "Labs will win at scale.", "I'm not sure labs win.")[0]
        == "attack"
    )


def test_counterpoints_within_one_paragraph() -> None:
    claims = [
        LinkClaim("a", "d", "It's true that fine-tunes can be ported to new models.", 0, "", True),
        LinkClaim("b", "d", "But in practice the evals are tied to one model family.", 0),
        LinkClaim("c", "d", "Switching costs grow every week a system runs.", 1),
        LinkClaim("e", "d", "This is because every integration adds work to undo.", 1),
    ]
    links = {(x.premise, x.conclusion, x.kind) for x in within_essay_links(claims)}
    assert links == {("b", "a", "attack"), ("e", "c", "support")}
