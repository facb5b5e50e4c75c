"""An essay's argument map: its claims, the claims of other essays linked to them, and the
attack/support edges, built once and then written as Graphviz DOT or drawn to SVG/PNG.

SVG and PNG come from Graphviz's `dot` when it is installed (Debian package `graphviz`), else
from the built-in column layout in `kg/map_layout.py` (SVG as text, PNG with Pillow), so the
command works offline on a fresh machine. Both start from the same nodes and edges: nothing is
read back from the DOT text.
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from counterpoint.errors import UsageError

if TYPE_CHECKING:
    from counterpoint.kg.claims import ClaimRecord

MAP_FORMATS = ("dot", "svg", "png")
STATUS_FILL = {"standing": "#d9f2d9", "defeated": "#f7d4d4", "undecided": "#eeeeee"}
UNKNOWN_STATUS_FILL = "#ffffff"
EDGE_COLOUR = {"attack": "#c0392b", "support": "#27ae60"}
EDGE_LABEL = {"attack": "attacks", "support": "supports"}
THESIS_PEN = 3  # border width of a thesis box; other claims get CLAIM_PEN
CLAIM_PEN = 1
LABEL_MAX_CHARS = 180  # longer claim texts are cut, ending in an ellipsis
LABEL_LINE_CHARS = 48  # label lines wrap at this many characters
GRAPHVIZ_TIMEOUT_S = 60


@dataclass(frozen=True)
class MapNode:
    """One claim box: its label lines (the essay id last for claims of other essays)."""

    id: str
    lines: tuple[str, ...]
    fill: str
    pen: int


@dataclass(frozen=True)
class MapEdge:
    source: str
    target: str
    kind: str  # "attack" | "support"

    @property
    def colour(self) -> str:
        return EDGE_COLOUR[self.kind]

    @property
    def label(self) -> str:
        return EDGE_LABEL[self.kind]


@dataclass(frozen=True)
class ArgumentMap:
    doc_id: str
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]


def _lines(claim: ClaimRecord, doc_id: str) -> tuple[str, ...]:
    text = claim.text
    if len(text) > LABEL_MAX_CHARS:
        text = text[: LABEL_MAX_CHARS - 3] + "…"
    lines = textwrap.wrap(text, LABEL_LINE_CHARS)
    if claim.doc_id != doc_id:
        lines.append(f"[{claim.doc_id}]")
    return tuple(lines)


def argument_map(doc_id: str, claims: list[ClaimRecord]) -> ArgumentMap:
    """The document's own claims, plus any claim of another essay one edge away, in reading
    order (essay, then offset); only edges touching the document's own claims are kept."""
    by_id = {c.id: c for c in claims}
    own = {c.id for c in claims if c.doc_id == doc_id}
    edges = tuple(
        MapEdge(c.id, t, kind)
        for c in claims
        for kind, targets in (("attack", c.attacks), ("support", c.supports))
        for t in targets
        if t in by_id and (c.id in own or t in own)
    )
    shown = own | {e.source for e in edges} | {e.target for e in edges}
    nodes = tuple(
        MapNode(
            c.id,
            _lines(c, doc_id),
            STATUS_FILL.get(c.status, UNKNOWN_STATUS_FILL),
            THESIS_PEN if c.is_thesis else CLAIM_PEN,
        )
        for c in sorted((by_id[i] for i in shown), key=lambda c: (c.doc_id, c.start))
    )
    return ArgumentMap(doc_id, nodes, edges)


def _quoted(text: str) -> str:
    """A DOT double-quoted string (a backslash or quote in a claim must not end it early)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(amap: ArgumentMap) -> str:
    lines = [f"digraph {_quoted(amap.doc_id)} {{", "  rankdir=LR; node [shape=box, style=filled];"]
    for n in amap.nodes:
        label = "\\n".join(_quoted(line)[1:-1] for line in n.lines)
        lines.append(
            f'  {_quoted(n.id)} [label="{label}", fillcolor="{n.fill}", penwidth={n.pen}];'
        )
    for e in amap.edges:
        lines.append(
            f'  {_quoted(e.source)} -> {_quoted(e.target)} [color="{e.colour}", label="{e.label}"];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _graphviz(dot: str, fmt: str) -> bytes | None:
    """`dot -T<fmt>` output, or None when Graphviz is missing or fails."""
    exe = shutil.which("dot")
    if exe is None:
        return None
    done = subprocess.run(
        [exe, f"-T{fmt}"],
        input=dot.encode("utf-8"),
        capture_output=True,
        timeout=GRAPHVIZ_TIMEOUT_S,
    )
    return done.stdout if done.returncode == 0 else None


def render(amap: ArgumentMap, fmt: str) -> bytes:
    """The map as DOT text, or an SVG/PNG image (Graphviz if installed, else built in)."""
    if fmt not in MAP_FORMATS:
        raise UsageError(f"unknown graph format '{fmt}' ({', '.join(MAP_FORMATS)})")
    if fmt == "dot":
        return to_dot(amap).encode("utf-8")
    drawn = _graphviz(to_dot(amap), fmt)
    if drawn is not None:
        return drawn
    from counterpoint.kg import map_layout

    laid_out = map_layout.layout(amap)
    return map_layout.svg(laid_out) if fmt == "svg" else map_layout.png(laid_out)
