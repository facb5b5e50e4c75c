"""The linear-time rewrites of three extraction steps (mention overlap test, non-body span
test, claim → sentence lookup) give exactly what the plain scans they replace gave. Their
speed is measured by `make bench` (docsize: 100 KB / 1 MB / 10 MB), not here."""

from __future__ import annotations

from counterpoint.corpus.models import Document, Metadata, RawDocument
from counterpoint.corpus.pipeline import make_document
from counterpoint.corpus.sentences import sentence_spans
from counterpoint.kg.extract.entities import extract_mentions
from counterpoint.kg.extract.pipeline import _sentence_index
from counterpoint.kg.extract.text import body_sentences
from helpers import CORPUS


def _long_doc() -> Document:
    bodies = [p.read_text().split("\n---\n", 1)[-1] for p in sorted(CORPUS.glob("*.md"))]
    text = "\n\n".join(f"## Part {n}\n\n{b}" for n in range(3) for b in bodies)
    return make_document(RawDocument("long.md", text, Metadata("Long")))


def _naive_sentences(doc: Document) -> list[tuple[int, int]]:
    """body_sentences with the old any() over every excluded span (quotes handled alike)."""
    excluded = [
        (sp.start, sp.end)
        for sp in doc.spans
        if sp.kind in {"quotation", "footnote", "footnote_marker", "caption", "heading"}
    ]
    out = []
    for para in sorted(
        (s for s in doc.spans if s.kind == "paragraph"), key=lambda sp: (sp.start, -sp.end)
    ):
        for s, e in sentence_spans(doc.text, para.start, para.end, glued_notes=True):
            if not any(min(e, b) - max(s, a) > (e - s) / 2 for a, b in excluded):
                out.append((s, e))
    return out


def test_body_sentences_match_the_plain_scan() -> None:
    doc = _long_doc()
    got = {(s.start, s.end) for s in body_sentences(doc)}
    # body_sentences also drops paragraphs introduced as quotations: a subset of the scan
    assert got <= set(_naive_sentences(doc))
    assert len(got) > 200


def _naive_mentions(doc: Document) -> list[tuple[int, int, str]]:
    """The old extract_mentions: every candidate checked against every taken span."""
    from counterpoint.kg.extract import entities as E

    by_alias, exact, folded = E.gazetteer()
    taken: list[tuple[int, int]] = []
    out = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or b <= s for a, b in taken)

    for sent in body_sentences(doc):
        found = []
        for pattern, fold in ((exact, False), (folded, True)):
            for m in pattern.finditer(doc.text, sent.start, sent.end):
                ent = by_alias.get(m.group().lower() if fold else m.group())
                if ent is not None:
                    found.append((m.start(), m.end(), ent))
        for s, e, ent in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
            if free(s, e):
                taken.append((s, e))
                out.append((s, e, ent.slug))
        for m in E._NAME.finditer(doc.text, sent.start, sent.end):
            s, e = m.start(), m.end()
            words = m.group().split()
            if s == sent.start and len(words) == 1:
                continue
            if words[0] in E._STOP:
                words = words[1:]
                s = e - len(" ".join(words)) if words else e
            if not words or not free(s, e) or len(doc.text[s:e]) < E.MIN_NAME_CHARS:
                continue
            taken.append((s, e))
            out.append((s, e, E.slugify(doc.text[s:e])))
    return sorted(out)


def test_mentions_match_the_plain_overlap_test() -> None:
    doc = _long_doc()
    got = [(m.start, m.end, m.entity.slug) for m in extract_mentions(doc)]
    assert len(got) > 100
    assert got == _naive_mentions(doc)


def test_sentence_index_matches_a_scan() -> None:
    doc = _long_doc()
    sentences = body_sentences(doc)
    for offset in range(0, len(doc.text), 37):
        expected = next((i for i, s in enumerate(sentences) if s.start <= offset < s.end), -1)
        assert _sentence_index(sentences, offset) == expected


# Words that stress what `re` does and a set lookup might not: apostrophes, hyphens,
# underscores, digits, mixed case, non-ASCII letters and case-folding look-alikes.
_EDGE_SENTENCES = [
    "It isn't so, and it won't be: no longer true.",
    "WAS Tested ED ed red bred breed reed_ed Worked MET mEt",
    "ſaid waſ KED naïve crashed café-ed Éd naïvEd Ünited",
    "1234ed abc_ed __ed was-were had_did rather  than",
    "Misreading it is good enough; THE ESSAY argues otherwise.",
]


def _corpus_sentences() -> list[str]:
    doc = _long_doc()
    return [doc.text[s:e] for s, e in sentence_spans(doc.text)] + _EDGE_SENTENCES


def test_cue_lookup_answers_as_the_cue_pattern() -> None:
    """`signals.has` finds one-word cues by a set lookup: the same answer as the class's
    whole alternation over every sentence of the corpus, for every cue class."""
    from counterpoint.kg.extract import signals

    classes = list(signals._lexicon())
    for text in _corpus_sentences():
        plain = signals.plain(text)
        for cls in classes:
            assert signals.has(cls, text) == bool(signals.anywhere(cls).search(plain)), (
                cls,
                text,
            )


def _naive_past_verbs(text: str) -> int:
    """scoring._past_verbs as it was, splitting the text before every match (with its rules:
    an "-ed" form after a hyphen is part of a compound adjective)."""
    from counterpoint.kg.extract import scoring

    n = 0
    for m in scoring._PAST.finditer(text):
        word = m.group(0).lower()
        before = text[: m.start()].split()
        prev = before[-1].lower().strip(",;:(\"'") if before else ""
        if word.endswith("ed") and (
            scoring._NOT_PAST.search(word)
            or prev in scoring._PARTICIPLE_AFTER
            or prev.endswith(("ly", "-"))
        ):
            continue
        n += 1
    return n


def test_past_verbs_count_as_the_split_before_each_match() -> None:
    """The word before each past form is found by bisection over the whitespace runs: the
    same counts as splitting the text before each match, Unicode spaces included."""
    from counterpoint.kg.extract import scoring

    spaced = [
        "x.walked is walked  has\u00a0shipped (widely adopted",
        "is\u2028walked a\u0085crashed",
    ]
    for text in _corpus_sentences() + spaced:
        assert scoring._past_verbs(text) == _naive_past_verbs(text), text


def test_qualify_window_walk_matches_the_scan() -> None:
    """The window of claims a qualification may answer, walked back from the claim and stopped
    at the first one too far back, is the scan over every earlier claim it replaced (claims in
    text order)."""
    from counterpoint.kg.extract import counterpoints
    from counterpoint.kg.extract.claims import extract_claims

    doc = _long_doc()
    sentences = body_sentences(doc)
    claims = [
        counterpoints.EssayClaim(c.claim_id(doc), c.text, c.paragraph, c.index)
        for c in extract_claims(doc, None, sentences=sentences)
    ]
    assert len(claims) > 100 and all(c.index >= 0 for c in claims)
    for i in range(len(claims)):
        for sents, paras in ((6, 2), (2, 0), (40, 5)):
            walked = counterpoints._window(claims, i, sents, paras, ordered=True)
            assert walked == counterpoints._window(claims, i, sents, paras, ordered=False)
    assert any(counterpoints._window(claims, i, 6, 2, True) for i in range(len(claims)))


# Texts for the fast paths of the cue tests and claim features (issue 15): multi-word cues
# with odd spacing, apostrophes, commas and case; ASCII and non-ASCII (the ASCII-only paths
# fold case themselves; re also folds "ſ", "ı", "K" and "İ" to ASCII letters).
_FAST_PATH_SENTENCES = [
    "On the other\thand, it DOESN'T hold; rather  than that, true, the essay argues.",
    "Some will tell you, as the author suggested, that it's true that x, not y.",
    "“It’s true,” she said: the numbers say otherwise — ‘Last week’ I asked.",
    "Twenty PER CENT of Two-thirds; per  cent; percent; GPT-4 and web3 and -5 and 7.",
    "x[3] two[1]thousand fiveſ ſix sıx ſeven Kelvin eıght[^2] 3 ninety",
    "IS it? Isn't it; DOES it matter; We and US and My, Our, Me; I'm ME.",
    "WAS IS WERE Had; the registered, widely adopted, venture-backed built-in BUILT",
    "This is not to say the Data shows the Record of the evidence, e.g. the numbers.",
    "İs thıs trüe? Wé àrè ﬁne; ǅ Σ ΣΑΣ and the ﬀ ligature; naïve-ed café’d",
    "  Start with what follows: in what follows, (“Let’s”) [consider] *take* _this_.",
    "unconfirmed reconfirm xsuggest _claims 3argues éobserve, nothing starts a cue word",
    "reoverstated éexaggerates _misread 2vindicate, then: -Confirmed (misreads)",
]


def _fast_path_texts() -> list[str]:
    return _corpus_sentences() + _FAST_PATH_SENTENCES


def test_cue_answers_match_the_whole_patterns() -> None:
    """`signals.has` (one-word cues by set lookup, multi-word cues only when the text holds
    their whole words, the rest as one alternation) and `signals.opens` give the answers of
    each class's whole alternation, for every cue class."""
    from counterpoint.kg.extract import signals

    classes = list(signals._lexicon())
    for text in _fast_path_texts():
        plain = signals.plain(text)
        opening = signals._OPENING_JUNK.sub("", plain)
        for cls in classes:
            assert signals.has(cls, text) == bool(signals.anywhere(cls).search(plain)), (cls, text)
            assert signals.opens(cls, text) == bool(signals.at_start(cls).match(opening)), (
                cls,
                text,
            )


def test_whole_words_of_a_cue_are_in_every_match() -> None:
    """The whole words `has` requires of a multi-word cue are maximal word runs of every
    text its pattern matches (checked on each cue itself, padded with non-word characters)."""
    import re

    from counterpoint.kg.extract import signals

    for cls, phrases in signals._lexicon().items():
        for phrase in phrases:
            sample = phrase.rstrip("*") + ("xyz" if phrase.endswith("*") else "")
            for text in (sample, f"a {sample} b", f"({sample}).", sample.upper()):
                plain = signals.plain(text)
                if not re.search(signals._pattern(phrase), plain):
                    continue
                assert signals._whole_words(phrase) <= set(re.findall(r"\w+", plain)), (
                    cls,
                    phrase,
                )


def test_number_and_tense_features_match_their_patterns() -> None:
    """The numeral and number-word tests, and the present-tense and first-person features,
    match the case-insensitive patterns they replace (ASCII text is lowered and matched
    case-sensitively; other text goes to the patterns)."""
    import re

    from counterpoint.kg.extract import scoring, signals

    number = re.compile(
        r"(?<![A-Za-z])(?<![A-Za-z]-)\d"
        r"|\b(?:percent|per cent|dozen|hundred|thousand|million|billion|trillion|half|twice"
        r"|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty"
        r"|fifty|sixty|seventy|eighty|ninety)\b",
        re.IGNORECASE,
    )
    for text in _fast_path_texts():
        want = bool(number.search(scoring._NOTE_REF.sub("", text)))
        assert scoring.has_number.__wrapped__(text) == want, text
        feats = scoring._own_features.__wrapped__(text).features
        assert feats["present"] == float(bool(scoring._PRESENT.search(text))), text
        first = bool(scoring._FIRST_PERSON.search(signals.plain(text)))
        assert feats["first_person"] == float(first), text


def test_normalise_collapses_whitespace_as_the_pattern_did() -> None:
    """`normalise` joins str.split(): the same as re.sub(r"\\s+", " ", t).strip(), because
    re's \\s and str.isspace agree on every code point."""
    import re
    import sys

    from counterpoint.kg.extract.text import normalise

    space = re.compile(r"\s")
    assert all(bool(space.match(c)) == c.isspace() for c in map(chr, range(sys.maxunicode + 1)))
    for text in [*_fast_path_texts(), " a\u00a0\u2028b\x1c c\u3000 ", "\t\n"]:
        old = re.sub(r"\s+", " ", text).strip()
        assert normalise(text) == normalise(old), text


def test_mentions_with_non_ascii_and_lookalike_text() -> None:
    """The gazetteer's fast scans (look-behind tested outside re; folded aliases over lowered
    ASCII text) find what its two patterns find, in sentences with non-ASCII characters, at
    sentence starts and after letters, slashes and hyphens."""
    text = "\n\n".join(
        [
            "# Names",
            "OPEN SOURCE software and Open-Source Software differ from open source. "
            "Xopen source is not; /open source is not; -Open source is not.",
            "Hugging Face’s hub, hugging face and HF (not hf) and HuggingFace; "
            "“Meta” and Meta’s and naïve Meta, ſoftware, OpenAI/Anthropic and GPT-4.",
            "Large Language Models and large language model; LARGE LANGUAGE MODELS.",
            "Open ſource ſoftware and artİficial intellİgence, as re folds them, and "
            "then open source software again.",
        ]
    )
    doc = make_document(RawDocument("edge.md", text, Metadata("Edge")))
    got = [(m.start, m.end, m.entity.slug) for m in extract_mentions(doc)]
    assert got == _naive_mentions(doc)
    assert len(got) > 5


def test_glued_note_patterns_match_their_look_behind_first_forms() -> None:
    """The segmenter's glued-note patterns, written to consume their digit or bracket first,
    find what the look-behind-first patterns they replace found (whole texts, and windows,
    where the look-behind reads the character before the window)."""
    import re

    from counterpoint.corpus import sentences

    glued = re.compile(r"(?<=[a-z.,;:!?”’\")])\d{1,2}(?=[A-Z][a-z])")
    unstopped = re.compile(r"(?<=[a-z])\[\d{1,3}\](?=\s+[A-Z][a-z])")
    edge = (
        "standard.1We x.12We x.123We a[1] The b[12] Cc [3] Dd a123Bc 1Ab ”45Xy ab[1234] Cd "
        'a[9]\nAb a[9]  Ab z"7Qr z)8Qr B9Cd a[^1] Bc'
    )
    texts = [_long_doc().text, edge]
    for text in texts:
        for old, new in ((glued, sentences._GLUED_NOTE), (unstopped, sentences._UNSTOPPED_NOTE)):
            assert [m.span() for m in old.finditer(text)] == [m.span() for m in new.finditer(text)]
            for at in range(0, len(text), 89):
                window = (text, at, at + 211)
                assert [m.span() for m in old.finditer(*window)] == [
                    m.span() for m in new.finditer(*window)
                ]


def test_granted_view_reads_the_head_only_when_the_text_has_a_source() -> None:
    """`is_granted_view` asks the head of a text (its first ten words) for an unnamed source
    only when the whole text has one: the same answers as asking the head every time."""
    from counterpoint.kg.extract import counterpoints, signals

    def plain_rule(text: str) -> bool:
        if signals.opens("concession_open", text):
            return True
        head = " ".join(text.split()[:10])
        return signals.has("indefinite_source", head) and signals.has("report_verb", head)

    texts = [
        *_fast_path_texts(),
        "Most\tpeople\nsay it; many will tell you; critics argue; others\u00a0believe",
        "Some say ΣΑΣ, ΑΣ  critics; conventional\n\nwisdom says; the usual story goes",
    ]
    assert sum(plain_rule(t) for t in texts) > 3
    for text in texts:
        assert counterpoints.is_granted_view.__wrapped__(text) == plain_rule(text), text
