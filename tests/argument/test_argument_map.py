"""The argument map: which claims and edges it shows, its DOT, and the built-in SVG/PNG drawing
(used when Graphviz is not installed) painted from one layout."""

from __future__ import annotations

import io
import stat
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from PIL import Image

from counterpoint.errors import UsageError
from counterpoint.kg import argument_map as am
from counterpoint.kg import map_layout
from counterpoint.kg.claims import ClaimRecord

SVG = "{http://www.w3.org/2000/svg}"


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _claim(
    cid: str,
    doc: str,
    text: str,
    start: int,
    thesis: bool = False,
    status: str = "undecided",
    attacks: tuple[str, ...] = (),
    supports: tuple[str, ...] = (),
) -> ClaimRecord:
    end = start + len(text)
    return ClaimRecord(
        cid, doc, text, start, end, thesis, 0.9, "test", status, list(attacks), list(supports)
    )


CLAIMS = [
    _claim("cl-b", "essay", "Open weights commoditise models quickly.", 120, supports=("cl-a",)),
    _claim(
        "cl-a", "essay", "Brand is the last moat: " + "the labs know it. " * 12, 0, True, "standing"
    ),
    _claim("cl-x", "other", 'Brand lags "quality" \\', 0, True, "defeated", attacks=("cl-a",)),
    _claim("cl-y", "other", "Unrelated claim.", 60),
    _claim("cl-z", "third", "Also unrelated.", 0, attacks=("cl-y",)),
]


@pytest.fixture
def amap() -> am.ArgumentMap:
    return am.argument_map("essay", CLAIMS)


def test_map_shows_own_claims_and_linked_claims_of_other_essays(amap: am.ArgumentMap) -> None:
    assert [n.id for n in amap.nodes] == ["cl-a", "cl-b", "cl-x"]  # essay, then offset
    assert [(e.source, e.target, e.kind) for e in amap.edges] == [
        ("cl-b", "cl-a", "support"),
        ("cl-x", "cl-a", "attack"),
    ]
    thesis, claim, other = amap.nodes
    assert (thesis.fill, thesis.pen) == (am.STATUS_FILL["standing"], am.THESIS_PEN)
    assert (claim.fill, claim.pen) == (am.STATUS_FILL["undecided"], am.CLAIM_PEN)
    assert len(" ".join(thesis.lines)) <= am.LABEL_MAX_CHARS and thesis.lines[-1].endswith("…")
    assert all(len(line) <= am.LABEL_LINE_CHARS for line in thesis.lines)
    assert other.lines == ('Brand lags "quality" \\', "[other]")


def test_dot_escapes_quotes_and_backslashes(amap: am.ArgumentMap) -> None:
    dot = am.to_dot(amap)
    assert dot.startswith('digraph "essay" {\n') and dot.endswith("}\n")
    assert (
        '  "cl-x" [label="Brand lags \\"quality\\" \\\\\\n[other]", '
        f'fillcolor="{am.STATUS_FILL["defeated"]}", penwidth={am.THESIS_PEN}];'
    ) in dot.splitlines()
    assert '  "cl-x" -> "cl-a" [color="#c0392b", label="attacks"];' in dot.splitlines()
    assert am.render(amap, "dot") == dot.encode("utf-8")


def test_builtin_svg_draws_every_box_line_and_edge(
    amap: am.ArgumentMap, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(am.shutil, "which", lambda name: None)  # no Graphviz
    root = ET.fromstring(am.render(amap, "svg"))
    lay = map_layout.layout(amap)
    assert int(root.get("height", "0")) == lay.height
    rects = root.findall(f"{SVG}rect")
    assert [r.get("fill") for r in rects] == [n.fill for n in amap.nodes]
    assert [t.text for t in root.findall(f"{SVG}text")] == [
        line for n in amap.nodes for line in n.lines
    ]
    edges = root.findall(f"{SVG}path[@marker-end]")
    assert [(p.get("stroke"), p.findtext(f"{SVG}title")) for p in edges] == [
        ("#27ae60", "supports"),
        ("#c0392b", "attacks"),
    ]
    # each arc runs from its source box's middle to its target box's middle
    middles = {n.id: b.middle for n, b in zip(amap.nodes, lay.boxes, strict=True)}
    first = edges[0].get("d", "")
    assert first.startswith(f"M{map_layout.BOX_RIGHT} {middles['cl-b']} ")
    assert first.endswith(f" {map_layout.BOX_RIGHT} {middles['cl-a']}")


def test_builtin_png_paints_the_same_layout(
    amap: am.ArgumentMap, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(am.shutil, "which", lambda name: None)
    image = Image.open(io.BytesIO(am.render(amap, "png"))).convert("RGB")
    lay = map_layout.layout(amap)
    assert image.size == (map_layout.CANVAS_WIDTH, lay.height)
    for box in lay.boxes:  # right padding of each box, clear of text and border
        inside = (map_layout.BOX_RIGHT - 6, box.top + map_layout.BOX_PADDING)
        assert _hex(image.getpixel(inside)) == box.fill
    arc = lay.arcs[1]  # the attack arc's vertical run in its lane
    assert _hex(image.getpixel((arc.lane_x, 90))) == arc.colour


def test_graphviz_is_used_when_installed(
    amap: am.ArgumentMap, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = tmp_path / "dot"
    fake.write_text('#!/bin/sh\necho "drawn $1"; cat\n', encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(am.shutil, "which", lambda name: str(fake))
    assert am.render(amap, "svg") == b"drawn -Tsvg\n" + am.to_dot(amap).encode("utf-8")
    with pytest.raises(UsageError, match="unknown graph format 'pdf'"):
        am.render(amap, "pdf")
