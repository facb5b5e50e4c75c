"""The app's panels as pure functions (no server, no model): sources, cards, the map, exports."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from counterpoint.answer.models import Answer, Citation
from counterpoint.corpus.models import Chunk, Document, Metadata, Span
from counterpoint.kg.claims import ClaimRecord
from counterpoint.ui import argmap
from counterpoint.ui.cards import card_html, challenge_card, claim_card_html
from counterpoint.ui.sources import link_citations, paragraph_bounds, source_html, sources_html
from counterpoint.ui.sparql_tab import result_files

TEXT = (
    "A Title\n\n"
    "First paragraph says brand <b>matters</b> & more.\n\n"
    "Second paragraph: distribution wins. Brand follows it.\n\n"
    "Third."
)


def _doc(spans: tuple[Span, ...] = (), url: str | None = "https://example.org/e") -> Document:
    meta = Metadata("T <i>x</i>", ("Ann Author",), None, url)
    return Document("d1", meta, TEXT, "h", "s", spans)


def _cite(n: int, quote: str, claim_id: str | None = None, doc_id: str = "d1") -> Citation:
    start = TEXT.index(quote)
    return Citation(
        n,
        doc_id,
        "T <i>x</i>",
        ("Ann Author",),
        "2024-01-02",
        "https://example.org/e",
        "c1",
        start,
        start + len(quote),
        quote,
        claim_id,
    )


def _claim(cid: str, quote: str, **kw: object) -> ClaimRecord:
    start = TEXT.index(quote)
    return ClaimRecord(cid, "d1", quote, start, start + len(quote), False, 0.9, "test", **kw)  # type: ignore[arg-type]


def test_passage_sits_in_its_paragraph_with_the_exact_quote_marked() -> None:
    quote = "distribution wins."
    c = _cite(1, quote)
    chunk = Chunk("c1", "d1", 0, len(TEXT), TEXT, "Why")
    html = source_html(c, _doc(), chunk)
    # The mark holds text[start:end], its paragraph around it and nothing of the next one.
    assert f"<mark>{quote}</mark>" in html
    assert "Second paragraph: <mark>" in html and "Brand follows it." in html
    assert "Third." not in html and "First paragraph" not in html
    assert 'id="cp-src-1"' in html and "section “Why”" in html and "2024-01-02" in html
    assert '<a href="https://example.org/e"' in html
    # Titles and text from documents are escaped, never markup.
    assert "<i>x</i>" not in html and "T &lt;i&gt;x&lt;/i&gt;" in html


def test_paragraph_spans_win_and_markup_in_text_is_escaped() -> None:
    quote = "brand <b>matters</b>"
    start = TEXT.index("First")
    end = TEXT.index("more.") + len("more.")
    doc = _doc((Span("paragraph", start, end),))
    assert paragraph_bounds(doc, TEXT.index(quote), TEXT.index(quote) + len(quote), None) == (
        start,
        end,
    )
    html = source_html(_cite(2, quote), doc, None)
    assert "<mark>brand &lt;b&gt;matters&lt;/b&gt;</mark>" in html and "<b>matters" not in html


def test_only_http_urls_become_links_and_a_moved_quote_is_flagged() -> None:
    c = dataclasses.replace(_cite(1, "Third."), url="javascript:alert(1)")
    html = source_html(c, _doc(url="javascript:alert(1)"), None)
    assert "href=" not in html and "javascript:" not in html
    wrong = dataclasses.replace(_cite(1, "Third."), start=0, end=6)
    assert "not found at its offsets" in source_html(wrong, _doc(), None)
    assert "No sources" in sources_html([], {}, {})


def test_answer_numbers_link_to_their_sources_only() -> None:
    text = link_citations("Brand follows [1], see [2] and [9].", [1, 2])
    assert "[\\[1\\]](#cp-src-1)" in text and "[\\[2\\]](#cp-src-2)" in text
    assert text.endswith("and [9].")
    # A footnote marker inside a quoted passage is the essay's, not a citation.
    quoted = link_citations("It says: “a period.[1]” [1]", [1])
    assert quoted == "It says: “a period.[1]” [\\[1\\]](#cp-src-1)"


def _challenge(citations: list[Citation], **extra: object) -> Answer:
    answer = Answer(
        "Isn't it wrong?", "…", True, citations=citations, verdict="contested", target_claims=["t"]
    )
    for key, value in extra.items():
        object.__setattr__(answer, key, value)
    return answer


def test_challenge_card_sides_come_from_the_graph_when_citations_have_none() -> None:
    target = _claim("t", "Brand follows it.")
    attacker = _claim("a", "distribution wins.", attacks=["t"])
    supporter = _claim("s", "brand <b>matters</b>", supports=["t"])
    claims = {c.id: c for c in (target, attacker, supporter)}
    cites = [
        _cite(1, "Brand follows it.", "t"),
        _cite(2, "distribution wins.", "a"),
        _cite(3, "brand <b>matters</b>", "s"),
        _cite(4, "Third."),
    ]
    card = challenge_card(_challenge(cites), claims, {"d1": _doc()})
    assert card is not None
    assert [c.n for c in card.evidence_against] == [2] and [c.n for c in card.evidence_for] == [3]
    assert [c.n for c in card.other] == [4] and card.strength is None
    html = card_html(card)
    assert "“Brand follows it.”" in html and "contested" in html and "Ann Author" in html
    assert "Evidence for" in html and "Evidence against" in html
    assert '<a href="#cp-src-2">[2]</a>' in html and "<b>matters" not in html
    assert challenge_card(Answer("q", "a", True), claims, {}) is None


def test_challenge_card_reads_sides_and_strength_from_the_answer_when_present() -> None:
    cites = [_cite(1, "Brand follows it.", "t"), _cite(2, "Third.")]
    object.__setattr__(cites[1], "side", "for")
    card = challenge_card(_challenge(cites, strength=0.25), {}, {"d1": _doc()})
    assert card is not None and [c.n for c in card.evidence_for] == [2]
    # Without a claim record the challenged claim is the target's cited quote.
    assert card.claim_text == "Brand follows it." and "strength 0.25" in card_html(card)


def test_argument_map_marks_thesis_edges_strength_and_challenges() -> None:
    thesis = dataclasses.replace(_claim("t", "Brand follows it."), is_thesis=True)
    attacker = _claim("a", "distribution wins.", attacks=["t"])
    supporter = _claim("s", "Third.", supports=["t"])
    claims = [thesis, attacker, supporter]

    @dataclasses.dataclass
    class Challenge:
        target_claims: list[str]
        text: str = "No."
        verdict: str = "unclear"

    amap = argmap.map_for("d1", claims, [Challenge(["t"])])
    assert amap.nodes[0].id == "t" and amap.nodes[0].lines[0] == "★ THESIS"
    svg = argmap.map_svg(amap)
    assert "<svg" in svg and "<script" not in svg and "http://www.w3.org/2000/svg" in svg
    assert argmap.THESIS_FILL in svg and "★ THESIS" in svg
    assert 'stroke="#c0392b"' in svg and 'stroke="#27ae60"' in svg
    assert "challenged by readers ×1" in svg and "undecided" in svg
    picks = argmap.map_claims("d1", claims)
    assert picks[0] == ("★ Brand follows it.", "t") and len(picks) == 3
    card = claim_card_html(thesis, {c.id: c for c in claims}, {"d1": _doc()}, [Challenge(["t"])])
    assert "Attacked by" in card and "Supported by" in card and "Reader challenge" in card
    theses = argmap.map_for(argmap.ALL_THESES, claims, [])
    assert [n.id for n in theses.nodes] == ["t"]


def test_sparql_results_download_as_csv_and_json(tmp_path: Path) -> None:
    csv_path, json_path = result_files(["s", "o"], [["a", "b,c"], ["d", ""]])
    assert Path(csv_path).read_text(encoding="utf-8").splitlines() == ["s,o", 'a,"b,c"', "d,"]
    assert json.loads(Path(json_path).read_text(encoding="utf-8")) == [
        {"s": "a", "o": "b,c"},
        {"s": "d", "o": ""},
    ]
