"""Which essay names which (kg/extract/naming.py): an author's surname, possessive
included, or a citation of the title — its words together, not scattered over a body that
shares the subject's vocabulary."""

from __future__ import annotations

from counterpoint.kg.extract.naming import EssayInfo, Naming, cites_title, named_essays

TITLE = "Brand Is a Lagging Indicator: Notes on Open-Weights Economics"
CITED = (
    "Most of this year went to pricing work. In 'Brand Is a Lagging Indicator', open-weights "
    "economics are set out plainly, and the rest of this note argues with them."
)
SCATTERED = (
    "Brand matters less than people think. The economics of open weights are brutal. Every "
    "launch is a note in a long series. What comes first is reliability, and reputation is "
    "a lagging signal of it, a trailing indicator that follows years of work on the product."
)


def test_a_title_is_cited_when_its_words_stand_together() -> None:
    assert cites_title(CITED, TITLE)
    assert not cites_title(SCATTERED, TITLE)


def _essays(body: str) -> list[EssayInfo]:
    return [
        EssayInfo("a", TITLE, ("Ada Quill",), "Some body text about other things entirely."),
        EssayInfo("b", "A Reply", ("Bo Reed",), body),
    ]


def test_scattered_title_words_do_not_name_an_essay() -> None:
    for body, named in ((CITED, True), (SCATTERED, False)):
        essays = _essays(body)
        assert Naming(essays)("b", "a") is named, body
        assert ("a" in named_essays(essays)["b"]) is named, body


def test_a_possessive_surname_names_the_author() -> None:
    essays = _essays("Quill's essay gets the pricing right and the brand wrong.")
    assert Naming(essays)("b", "a")
    assert "a" in named_essays(essays)["b"]
    assert not Naming(_essays("A quill pen and a brand of ink."))("b", "a")
