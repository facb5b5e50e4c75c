"""Extractors on small hand-made documents: span kinds respected, entities resolved."""

from __future__ import annotations

from counterpoint.corpus.ids import content_hash
from counterpoint.corpus.models import Document, Metadata, Span
from counterpoint.kg.extract.claims import extract_claims
from counterpoint.kg.extract.entities import extract_mentions
from counterpoint.kg.extract.links import EssayClaim, within_essay_links
from counterpoint.kg.extract.pair_signals import opposition, verdict
from counterpoint.kg.extract.signals import reports_view


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
            ("paragraph", "I wrote this after a month of interviews with buyers."),
            (
                "paragraph",
                "Open models are winning the enterprise market because developers can inspect "
                "them.",
            ),
            (
                "quotation",
                "Brand moats will matter more than anything else in AI, as I wrote before.",
            ),
            ("caption", "Chart of model downloads which shows strong growth over time."),
            ("footnote", "I wrote this in a hotel lobby but the data will hold up."),
            (
                "paragraph",
                "Is this the end of closed labs? Closed labs should worry, because cheaper open "
                "alternatives are eroding their pricing power.",
            ),
        ]
    )
    texts = [c.text for c in extract_claims(doc) if not c.provisional]
    assert texts == [
        "Open models are winning the enterprise market because developers can inspect them.",
        "Closed labs should worry, because cheaper open alternatives are eroding their "
        "pricing power.",
    ]
    for c in extract_claims(doc):
        assert doc.text[c.start : c.end] == c.text


def test_glued_footnote_numbers_are_not_part_of_claims() -> None:
    doc = _doc(
        [
            (
                "paragraph",
                "Open models will become the default standard for enterprise deployments.1We "
                "can debate this but let’s not.",
            )
        ]
    )
    texts = [c.text for c in extract_claims(doc)]
    assert "Open models will become the default standard for enterprise deployments." in texts
    assert not any(t.endswith("1") or t.startswith("1") for t in texts)


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


def test_verdicts_and_opposition_set_polarity_signals() -> None:
    target = "Brand moats will become more important than most people appreciate."
    assert verdict("This is wrong for enterprise buyers.") < 0
    assert verdict("I think he is right about this.") > 0
    assert verdict("That argument no longer holds up, and it is not correct.") < 0
    assert verdict("Models ship every month.") == 0
    # a negation outside the endorsement's reach leaves it an endorsement
    assert verdict("The data supports the view that trust, not price, keeps buyers.") > 0
    assert verdict("He is not right about buyers.") < 0
    # negation asymmetry, antonyms, and "not X but Y" where X restates the target
    assert opposition("Brand moats will not matter for API buyers.", target) > 0
    assert opposition("Brand moats will become less important every year.", target) > 0
    assert opposition("Distribution decides, not brand moats.", target) > 0
    assert opposition("Brand moats grow more important each year.", target) == 0


def test_counterpoints_across_sentences_and_paragraphs() -> None:
    claims = [
        EssayClaim("a", "It's true that fine-tunes can be ported to new models.", 0, 0),
        EssayClaim("b", "But in practice the evals are tied to one model family.", 0, 1),
        EssayClaim("c", "Switching costs grow every week a system runs.", 1, 3),
        EssayClaim("e", "This is because every integration adds work to undo.", 1, 4),
        EssayClaim("f", "Some argue that open weights make every lab interchangeable.", 2, 6),
        EssayClaim("g", "The procurement record says otherwise.", 3, 9),
        EssayClaim("h", "That said, small buyers do switch often when prices fall.", 3, 10),
    ]
    links = {(x.premise, x.conclusion, x.kind) for x in within_essay_links(claims)}
    assert links == {
        ("b", "a", "attack"),
        ("e", "c", "support"),
        ("g", "f", "attack"),  # the answer comes a paragraph later
        ("h", "g", "attack"),  # the author qualifies their own verdict
    }


def test_what_the_evidence_does_not_show_answers_the_thesis() -> None:
    thesis = "The evidence shows that buyers stay with the labs they trust."
    claims = [
        EssayClaim("t", thesis, 0, 0, thesis=True),
        EssayClaim("a", "Renewals ran twice as high for the best-known labs.", 1, 2),
        EssayClaim("b", "Switching fell even as prices dropped.", 1, 3),
        EssayClaim("n", "None of these surveys proves that trust outlasts a worse model.", 2, 5),
        EssayClaim("m", "None of this means reputation is all a lab needs.", 2, 6),
    ]
    links = {(x.premise, x.conclusion, x.kind) for x in within_essay_links(claims)}
    # a negated verb of inference limits the conclusion drawn from the evidence: the thesis
    assert ("n", "t", "attack") in links
    assert not any(p == "n" and c != "t" for p, c, _ in links)
    # "this does not mean" disclaims an over-reading of the author's own view instead
    assert not any(p == "m" and c == "t" for p, c, _ in links)
    # without a thesis before it, nothing to limit
    unmarked = [EssayClaim(c.id, c.text, c.paragraph, c.index) for c in claims]
    assert not any(x.premise == "n" for x in within_essay_links(unmarked))


def test_a_qualification_answers_the_verdict_before_its_evidence() -> None:
    claims = [
        EssayClaim("f", "Some argue that open weights make every lab interchangeable.", 0, 0),
        EssayClaim("g", "The procurement record says otherwise.", 0, 1),
        EssayClaim("i", "Contracts name a vendor, and vendors are chosen for their record.", 1, 2),
        EssayClaim("j", "A buyer that switches pays for a new security review each time.", 1, 3),
        EssayClaim("h", "That said, small buyers do switch often when prices fall.", 2, 4),
    ]
    links = {(x.premise, x.conclusion, x.kind) for x in within_essay_links(claims)}
    assert ("h", "g", "attack") in links  # two paragraph breaks back, past the evidence
    assert ("h", "j", "attack") not in links


def test_a_view_named_by_a_stance_noun_is_a_report() -> None:
    assert reports_view("Its argument is that open models behave like crypto protocols.")
    assert reports_view("The essay's second major claim is that brand moats matter more.")
    assert not reports_view("My argument is that open models behave like infrastructure.")


def test_a_comment_clause_or_a_pronoun_reporter_is_a_report() -> None:
    """ "X, it notes, but Y" and "From this it draws the conclusion that X" give someone
    else's view (the source named in the sentence before); a pronoun with another sense of
    the verb, or an evidence sentence, does not."""
    assert reports_view("Open projects are forked constantly, it notes, but the originals last.")
    assert reports_view("Labs burn cash, the essay argues, and few will survive.")
    assert reports_view("From this it draws the conclusion that brand will be the decisive moat.")
    assert not reports_view("Open projects are forked often, it seems, but the originals last.")
    assert not reports_view("The data is thin; it suggests that brand matters.")
    assert not reports_view("From this we can draw the conclusion that brand matters.")


def test_a_typed_quotation_after_a_lead_in_gives_the_next_paragraph_back() -> None:
    """A lead-in ("… I wrote:") then a quotation the cleaner typed: the quotation is out, and
    the paragraph after it is the author's own again (it was dropped as a second quotation).
    An untyped paragraph after the lead-in is still read as the quotation."""
    from counterpoint.kg.extract.text import body_sentences

    typed = _doc(
        [
            ("paragraph", "In an earlier post I wrote:"),
            ("quotation", "Open models will commoditise every layer of the stack."),
            ("paragraph", "That community is a more important moat than most founders admit."),
        ]
    )
    texts = [s.text for s in body_sentences(typed)]
    assert "That community is a more important moat than most founders admit." in texts
    assert not any("commoditise" in t for t in texts)
    untyped = _doc(
        [
            ("paragraph", "In an earlier post I wrote:"),
            ("paragraph", "Open models will commoditise every layer of the stack."),
            ("paragraph", "That community is a more important moat than most founders admit."),
        ]
    )
    texts = [s.text for s in body_sentences(untyped)]
    assert not any("commoditise" in t for t in texts)
    assert any(t.startswith("That community") for t in texts)
