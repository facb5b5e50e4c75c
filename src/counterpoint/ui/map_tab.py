"""The Argument map tab: pick an essay (or every thesis), see its map as inline SVG, pick a
claim to see its card. Handlers are plain functions over the service (tested directly)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from counterpoint.ui import argmap
from counterpoint.ui.cards import claim_card_html

if TYPE_CHECKING:
    from counterpoint.ui.ports import AppService


def map_view(service: AppService, doc_id: str | None) -> tuple[str, list[tuple[str, str]]]:
    """(the map's HTML, the claim picker's choices)."""
    if not doc_id:
        return "<p><em>Pick an essay to draw its argument map.</em></p>", []
    with service.reading():
        claims = service.claims()
        known = doc_id == argmap.ALL_THESES or doc_id in service.view.docs
    if not known:
        return f"<p>⚠️ Unknown essay {doc_id}.</p>", []
    challenges = service.challenges(None)
    amap = argmap.map_for(doc_id, claims, challenges)
    return argmap.map_svg(amap), argmap.map_claims(doc_id, claims)


def claim_view(service: AppService, claim_id: str | None) -> str:
    if not claim_id:
        return ""
    with service.reading():
        claims = {c.id: c for c in service.claims()}
        docs = dict(service.view.docs)
    claim = claims.get(claim_id)
    if claim is None:
        return f"<p>⚠️ Unknown claim {claim_id}.</p>"
    return claim_card_html(claim, claims, docs, service.challenges(None))


def build_map_tab(service: AppService) -> None:
    import gradio as gr

    from counterpoint.ui.library import document_choices

    def choices() -> list[tuple[str, str]]:
        return [("Every essay's thesis", argmap.ALL_THESES), *document_choices(service)]

    def open_map(doc_id: str | None) -> tuple[Any, ...]:
        html, picks = map_view(service, doc_id)
        first = picks[0][1] if picks else None
        return html, gr.Dropdown(choices=picks, value=first), claim_view(service, first)

    with gr.Tab("Argument map", id="map"):
        pick = gr.Dropdown(choices(), label="Essay", allow_custom_value=True, elem_id="cp-map-pick")
        with gr.Row():
            with gr.Column(scale=3):
                drawing = gr.HTML(
                    "<p><em>Pick an essay to draw its argument map.</em></p>", elem_id="cp-map"
                )
            with gr.Column(scale=2):
                claim = gr.Dropdown([], label="Claim (★ thesis)", allow_custom_value=True)
                card = gr.HTML()
        pick.focus(lambda: gr.Dropdown(choices=choices()), None, pick)
        pick.change(open_map, pick, [drawing, claim, card], api_name="argument_map")
        claim.change(lambda c: claim_view(service, c), claim, card, api_name="claim_card")
