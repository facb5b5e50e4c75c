"""An essay's argument map as Graphviz DOT, rendered to SVG/PNG offline.

DOT is written here; SVG and PNG come from Graphviz's `dot` when it is installed (Debian
package `graphviz`), else from a small built-in column layout (SVG by hand, PNG with
Pillow), so the command works offline on a fresh machine.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import textwrap

from counterpoint.errors import UsageError
from counterpoint.kg.claims import ClaimRecord

_STATUS_COLOUR = {"standing": "#d9f2d9", "defeated": "#f7d4d4", "undecided": "#eeeeee"}


def _label(text: str, width: int = 48) -> str:
    short = text if len(text) <= 180 else text[:177] + "…"
    return "\\n".join(textwrap.wrap(short.replace('"', "'"), width))


def _nodes_and_edges(
    doc_id: str, claims: list[ClaimRecord]
) -> tuple[list[ClaimRecord], list[tuple[str, str, str]]]:
    by_id = {c.id: c for c in claims}
    own = {c.id for c in claims if c.doc_id == doc_id}
    edges = [
        (c.id, t, kind)
        for c in claims
        for kind, targets in (("attack", c.attacks), ("support", c.supports))
        for t in targets
        if t in by_id and (c.id in own or t in own)
    ]
    shown = own | {a for a, _, _ in edges} | {b for _, b, _ in edges}
    return [by_id[i] for i in sorted(shown, key=lambda i: (by_id[i].doc_id, by_id[i].start))], edges


def to_dot(doc_id: str, claims: list[ClaimRecord]) -> str:
    nodes, edges = _nodes_and_edges(doc_id, claims)
    lines = [f'digraph "{doc_id}" {{', "  rankdir=LR; node [shape=box, style=filled];"]
    for c in nodes:
        border = "penwidth=3" if c.is_thesis else "penwidth=1"
        other = "" if c.doc_id == doc_id else f"\\n[{c.doc_id}]"
        lines.append(
            f'  "{c.id}" [label="{_label(c.text)}{other}", '
            f'fillcolor="{_STATUS_COLOUR.get(c.status, "#ffffff")}", {border}];'
        )
    for a, b, kind in edges:
        style = (
            'color="#c0392b", label="attacks"'
            if kind == "attack"
            else ('color="#27ae60", label="supports"')
        )
        lines.append(f'  "{a}" -> "{b}" [{style}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _parse_dot(dot: str) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """Read back the DOT this module writes (not general DOT)."""
    import re

    nodes = re.findall(
        r'^  "([^"]+)" \[label="([^"]*)", fillcolor="([^"]+)", penwidth=(\d)', dot, re.M
    )
    edges = re.findall(r'^  "([^"]+)" -> "([^"]+)" \[color="([^"]+)", label="(\w+)"', dot, re.M)
    return nodes, edges


def _builtin_svg(dot: str) -> bytes:
    """A readable fallback: nodes in a column, edges as labelled arcs on the right."""
    nodes, edges = _parse_dot(dot)
    y, pos, parts = 20, {}, []
    for node_id, label, fill, pen in nodes:
        rows = label.split("\\n")
        h = 16 * len(rows) + 12
        pos[node_id] = y + h / 2
        parts.append(
            f'<rect x="10" y="{y}" width="420" height="{h}" fill="{fill}" stroke="#333" '
            f'stroke-width="{pen}"/>'
        )
        for i, row in enumerate(rows):
            parts.append(f'<text x="18" y="{y + 20 + 16 * i}">{html.escape(row)}</text>')
        y += h + 14
    for i, (a, b, colour, kind) in enumerate(edges):
        if a in pos and b in pos:
            x = 450 + 18 * (i % 12)
            parts.append(
                f'<path d="M430 {pos[a]} C{x} {pos[a]} {x} {pos[b]} 430 {pos[b]}" fill="none" '
                f'stroke="{colour}" marker-end="url(#arrow)"><title>{kind}</title></path>'
            )
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="700" height="{y + 10}" '
        'font-family="sans-serif" font-size="12"><defs><marker id="arrow" viewBox="0 0 10 10" '
        'refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z"/></marker></defs>'
    )
    return (head + "".join(parts) + "</svg>\n").encode("utf-8")


def _builtin_png(dot: str) -> bytes:
    """The same column layout drawn with Pillow (a gradio dependency), for machines
    without Graphviz."""
    import io

    from PIL import Image, ImageDraw

    nodes, edges = _parse_dot(dot)
    heights = [16 * len(label.split("\\n")) + 12 for _, label, _, _ in nodes]
    height = 20 + sum(h + 14 for h in heights) + 10
    image = Image.new("RGB", (700, max(height, 60)), "white")
    draw = ImageDraw.Draw(image)
    y, pos = 20, {}
    for (node_id, label, fill, pen), h in zip(nodes, heights, strict=True):
        pos[node_id] = y + h // 2
        draw.rectangle([10, y, 430, y + h], fill=fill, outline="#333333", width=int(pen))
        for i, row in enumerate(label.split("\\n")):
            draw.text((18, y + 8 + 16 * i), row.replace("…", "..."), fill="black")
        y += h + 14
    for i, (a, b, colour, _kind) in enumerate(edges):
        if a in pos and b in pos:
            x = 450 + 18 * (i % 12)
            draw.line(
                [(430, pos[a]), (x, pos[a]), (x, pos[b]), (430, pos[b])], fill=colour, width=2
            )
            draw.polygon([(430, pos[b]), (438, pos[b] - 4), (438, pos[b] + 4)], fill=colour)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def render(dot: str, fmt: str) -> bytes:
    if fmt == "dot":
        return dot.encode("utf-8")
    exe = shutil.which("dot")
    if exe is not None:
        done = subprocess.run(
            [exe, f"-T{fmt}"], input=dot.encode("utf-8"), capture_output=True, timeout=60
        )
        if done.returncode == 0:
            return done.stdout
    if fmt == "svg":
        return _builtin_svg(dot)
    if fmt == "png":
        return _builtin_png(dot)
    raise UsageError(f"unknown graph format '{fmt}' (dot, svg or png)")
