"""The built-in argument-map drawing, for machines without Graphviz.

Claims are stacked in one column in reading order; each edge is an arc in the gutter to the
right of the column, ending in an arrow at its target. Arcs take turns over a few lanes so
parallel edges stay apart. The layout is computed once; `svg` and `png` only paint it.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass

from counterpoint.kg.argument_map import ArgumentMap

CANVAS_WIDTH = 700
MIN_CANVAS_HEIGHT = 60
TOP_MARGIN = 20  # above the first box
BOTTOM_MARGIN = 10  # below the last box
BOX_LEFT = 10
BOX_WIDTH = 420
BOX_RIGHT = BOX_LEFT + BOX_WIDTH  # arcs start and end here
BOX_GAP = 14  # between consecutive boxes
BOX_PADDING = 6  # above the first and below the last label line
LINE_HEIGHT = 16
FONT_SIZE = 12
TEXT_INDENT = 8  # from the box's left edge
TEXT_TOP = 8  # from the box's top to the top of the first line
LANE_OFFSET = 20  # from the boxes' right edge to the first arc lane
LANE_STEP = 18
LANES = 12
ARROW_LENGTH = 8  # PNG arrowheads; SVG uses a marker scaled to the stroke
ARROW_HALF_WIDTH = 4
PNG_EDGE_WIDTH = 2  # Pillow lines are not anti-aliased: 2 px reads like the SVG's 1
OUTLINE = "#333333"
TEXT_COLOUR = "#000000"
BACKGROUND = "#ffffff"
FONT_FAMILY = "sans-serif"
PNG_ELLIPSIS = "..."  # Pillow's fallback bitmap font has no "…"


@dataclass(frozen=True)
class Box:
    top: int
    height: int
    lines: tuple[str, ...]
    fill: str
    pen: int

    @property
    def middle(self) -> int:
        return self.top + self.height // 2

    def line_tops(self) -> list[int]:
        return [self.top + TEXT_TOP + LINE_HEIGHT * i for i in range(len(self.lines))]


@dataclass(frozen=True)
class Arc:
    source_y: int
    target_y: int
    lane_x: int
    colour: str
    label: str


@dataclass(frozen=True)
class Layout:
    height: int
    boxes: tuple[Box, ...]
    arcs: tuple[Arc, ...]


def layout(amap: ArgumentMap) -> Layout:
    """Place every node and edge of the map."""
    boxes: list[Box] = []
    middle: dict[str, int] = {}
    top = TOP_MARGIN
    for node in amap.nodes:
        box = Box(
            top, LINE_HEIGHT * len(node.lines) + 2 * BOX_PADDING, node.lines, node.fill, node.pen
        )
        boxes.append(box)
        middle[node.id] = box.middle
        top += box.height + BOX_GAP
    arcs = tuple(
        Arc(
            middle[e.source],
            middle[e.target],
            BOX_RIGHT + LANE_OFFSET + LANE_STEP * (i % LANES),
            e.colour,
            e.label,
        )
        for i, e in enumerate(amap.edges)
        if e.source in middle and e.target in middle
    )
    return Layout(max(top + BOTTOM_MARGIN, MIN_CANVAS_HEIGHT), tuple(boxes), arcs)


def svg(lay: Layout) -> bytes:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{CANVAS_WIDTH}" height="{lay.height}" '
        f'font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}"><defs><marker id="arrow" '
        'viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>'
    ]
    for box in lay.boxes:
        parts.append(
            f'<rect x="{BOX_LEFT}" y="{box.top}" width="{BOX_WIDTH}" height="{box.height}" '
            f'fill="{box.fill}" stroke="{OUTLINE}" stroke-width="{box.pen}"/>'
        )
        for line, line_top in zip(box.lines, box.line_tops(), strict=True):
            baseline = line_top + FONT_SIZE
            parts.append(
                f'<text x="{BOX_LEFT + TEXT_INDENT}" y="{baseline}">{html.escape(line)}</text>'
            )
    for arc in lay.arcs:
        a, b, x = arc.source_y, arc.target_y, arc.lane_x
        parts.append(
            f'<path d="M{BOX_RIGHT} {a} C{x} {a} {x} {b} {BOX_RIGHT} {b}" fill="none" '
            f'stroke="{arc.colour}" marker-end="url(#arrow)"><title>{arc.label}</title></path>'
        )
    return ("".join(parts) + "</svg>\n").encode("utf-8")


def png(lay: Layout) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (CANVAS_WIDTH, lay.height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for box in lay.boxes:
        draw.rectangle(
            [BOX_LEFT, box.top, BOX_RIGHT, box.top + box.height],
            fill=box.fill,
            outline=OUTLINE,
            width=box.pen,
        )
        for line, line_top in zip(box.lines, box.line_tops(), strict=True):
            text = line.replace("…", PNG_ELLIPSIS)
            draw.text((BOX_LEFT + TEXT_INDENT, line_top), text, fill=TEXT_COLOUR)
    for arc in lay.arcs:
        a, b, x = arc.source_y, arc.target_y, arc.lane_x
        path = [(BOX_RIGHT, a), (x, a), (x, b), (BOX_RIGHT, b)]
        draw.line(path, fill=arc.colour, width=PNG_EDGE_WIDTH)
        tip = BOX_RIGHT + ARROW_LENGTH
        head = [(BOX_RIGHT, b), (tip, b - ARROW_HALF_WIDTH), (tip, b + ARROW_HALF_WIDTH)]
        draw.polygon(head, fill=arc.colour)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
