"""The Argument map tab's drawing: an essay's claims (or the corpus's theses) as inline SVG,
painted by the built-in layout of `kg/map_layout.py` (no Graphviz, no script, nothing
fetched), with what the reader needs on top of `counterpoint map`: the thesis highlighted,
each claim's strength, and a flag on claims readers have challenged. Attack edges are red and
support edges green (the map's own colours)."""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from counterpoint.kg.argument_map import (
    LABEL_LINE_CHARS,
    LABEL_MAX_CHARS,
    STATUS_FILL,
    THESIS_PEN,
    UNKNOWN_STATUS_FILL,
    ArgumentMap,
    MapEdge,
    MapNode,
    argument_map,
)
from counterpoint.kg.claims import ClaimRecord
from counterpoint.kg.map_layout import layout, svg

ALL_THESES = "__theses__"  # the map of every essay's thesis instead of one essay
THESIS_FILL = "#fff2a8"  # theses stand out from the status colours


def _decorate(node: MapNode, claim: ClaimRecord | None, challenged: Mapping[str, int]) -> MapNode:
    if claim is None:
        return node
    extra: list[str] = []
    strength = getattr(claim, "strength", None)
    status = claim.status + (f" · strength {float(strength):.2f}" if strength is not None else "")
    extra.append(status)
    if challenged.get(claim.id):
        extra.append(f"⚑ challenged by readers ×{challenged[claim.id]}")
    lines = (("★ THESIS",) if claim.is_thesis else ()) + node.lines + tuple(extra)
    fill = THESIS_FILL if claim.is_thesis else node.fill
    return dataclasses.replace(node, lines=lines, fill=fill)


def _cut(text: str) -> str:
    return text if len(text) <= LABEL_MAX_CHARS else text[: LABEL_MAX_CHARS - 3] + "…"


def theses_map(claims: Sequence[ClaimRecord]) -> ArgumentMap:
    """Every thesis of the corpus and the attack/support edges between them."""
    theses = sorted((c for c in claims if c.is_thesis), key=lambda c: (c.doc_id, c.start))
    ids = {c.id for c in theses}
    nodes = tuple(
        MapNode(
            c.id,
            (*textwrap.wrap(_cut(c.text), LABEL_LINE_CHARS), f"[{c.doc_id}]"),
            STATUS_FILL.get(c.status, UNKNOWN_STATUS_FILL),
            THESIS_PEN,
        )
        for c in theses
    )
    edges = tuple(
        MapEdge(c.id, t, kind)
        for c in theses
        for kind, targets in (("attack", c.attacks), ("support", c.supports))
        for t in targets
        if t in ids
    )
    return ArgumentMap(ALL_THESES, nodes, edges)


def map_for(doc_id: str, claims: Sequence[ClaimRecord], challenges: Sequence[Any]) -> ArgumentMap:
    """The map to draw, its nodes decorated (thesis, strength, readers' challenges)."""
    amap = theses_map(claims) if doc_id == ALL_THESES else argument_map(doc_id, list(claims))
    by_id = {c.id: c for c in claims}
    challenged: dict[str, int] = {}
    for ch in challenges:
        for target in getattr(ch, "target_claims", ()):
            challenged[target] = challenged.get(target, 0) + 1

    # The essay's theses first, then its other claims (reading order), then the other essays'
    # linked claims: the thesis is the first box a reader sees.
    def rank(node: MapNode) -> tuple[bool, bool]:
        claim = by_id.get(node.id)
        own = claim is not None and claim.doc_id == doc_id
        return not own, not (claim is not None and claim.is_thesis)

    ordered = sorted(amap.nodes, key=rank)
    nodes = tuple(_decorate(n, by_id.get(n.id), challenged) for n in ordered)
    return ArgumentMap(amap.doc_id, nodes, amap.edges)


def map_svg(amap: ArgumentMap) -> str:
    if not amap.nodes:
        return "<p><em>No claims to draw.</em></p>"
    legend = (
        '<div class="cp-legend"><span style="color:#c0392b">━ attacks</span> · '
        '<span style="color:#27ae60">━ supports</span> · '
        f'<span style="background:{THESIS_FILL}">★ thesis</span> · ⚑ challenged by readers</div>'
    )
    drawing = svg(layout(amap)).decode("utf-8")
    return f'<div class="cp-map">{legend}{drawing}</div>'


def map_claims(doc_id: str, claims: Sequence[ClaimRecord]) -> list[tuple[str, str]]:
    """(label, claim id) of the claims on the map, the essay's thesis first, for the picker."""
    shown = {n.id for n in map_for(doc_id, claims, ()).nodes}
    # The essay's own theses, then its other claims, then the other essays' claims.
    picked = sorted(
        (c for c in claims if c.id in shown),
        key=lambda c: (c.doc_id != doc_id, not c.is_thesis, c.doc_id, c.start),
    )
    return [(("★ " if c.is_thesis else "") + c.text[:120], c.id) for c in picked]
