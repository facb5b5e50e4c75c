"""Layout of the Library and Essay tabs (the handlers live in library.py and essay.py).
Built inside an open `gr.Blocks` by the app factory; every action has an api_name, so
gradio_client (and tests) can drive it like the page does."""

from __future__ import annotations

from typing import Any

import gradio as gr

from counterpoint.ui import essay, library
from counterpoint.ui.ports import AppService


def _table(service: AppService) -> Any:
    return gr.Dataframe(value=library.library_rows(service), headers=library.TABLE_HEADERS)


def build_library_tab(service: AppService) -> None:
    with gr.Tab("Library", id="library"):
        table = gr.Dataframe(
            value=lambda: library.library_rows(service),
            headers=library.TABLE_HEADERS,
            label="Documents",
            wrap=True,
            interactive=False,
        )
        refresh = gr.Button("Refresh", size="sm")
        with gr.Row():
            with gr.Column():
                files = gr.File(
                    label=f"Add essays (.md .txt .html .pdf, up to {library.MAX_UPLOAD_FILES} "
                    f"files of {service.settings.max_file_mb:g} MB)",
                    file_count="multiple",
                    # No `file_types`: Gradio would refuse the whole batch for one wrong file;
                    # library.upload refuses that file alone, with one line.
                    type="filepath",
                    elem_id="cp-upload",
                )
                add = gr.Button("Add to library", variant="primary", elem_id="cp-add")
                url = gr.Textbox(
                    label="Or fetch a URL",
                    placeholder="https://…",
                    visible=service.settings.allow_network,
                )
                fetch = gr.Button("Fetch", visible=service.settings.allow_network)
            with gr.Column():
                doc = gr.Dropdown(
                    choices=library.document_choices(service),
                    label="Remove a document",
                    allow_custom_value=True,  # documents come and go while the page is open
                )
                confirm = gr.Checkbox(label="Yes, remove it and everything derived from it")
                remove = gr.Button("Remove", variant="stop")
        report = gr.Markdown(elem_id="cp-upload-report")

        def after_change(message: str) -> tuple[Any, ...]:
            return (
                message,
                _table(service),
                gr.Dropdown(choices=library.document_choices(service), value=None),
                False,
            )

        # Gradio injects a progress tracker for a gr.Progress default (its documented form).
        def do_upload(
            paths: list[str] | None,
            progress: gr.Progress = gr.Progress(),  # noqa: B008
        ) -> Any:
            return after_change(library.upload(service, paths, progress))

        outputs = [report, table, doc, confirm]
        add.click(do_upload, files, outputs, api_name="upload")
        fetch.click(lambda u: after_change(library.fetch_url(service, u)), url, outputs)
        remove.click(
            lambda d, ok: after_change(library.remove_document(service, d, ok)),
            [doc, confirm],
            outputs,
            api_name="remove_document",
        )
        refresh.click(lambda: library.library_rows(service), None, table, api_name="library")


def build_essay_tab(service: AppService) -> tuple[gr.Button, gr.Textbox]:
    """Returns the "Challenge this" button and the box holding its challenge, for the app to
    wire to the chat."""
    with gr.Tab("Essay", id="essay"):
        pick = gr.Dropdown(
            choices=library.document_choices(service),
            label="Essay",
            allow_custom_value=True,
            elem_id="cp-essay-pick",
        )
        with gr.Row():
            with gr.Column(scale=3):
                view = gr.Markdown("_Pick an essay to see its argument._", elem_id="cp-essay-view")
            with gr.Column(scale=2):
                claim = gr.Dropdown(choices=[], label="Claim (★ thesis)", allow_custom_value=True)
                challenge = gr.Textbox(label="Challenge", interactive=True)
                button = gr.Button("Challenge this", variant="primary", elem_id="cp-challenge-this")
                suggestions = gr.Radio(choices=[], label="Suggested challenges for the thesis")

        def open_essay(doc_id: str | None) -> tuple[Any, ...]:
            choices = essay.claim_choices(service, doc_id)
            first = choices[0][1] if choices else None
            return (
                essay.essay_markdown(service, doc_id),
                gr.Dropdown(choices=choices, value=first),
                essay.challenge_text(first) if first else "",
                gr.Radio(choices=essay.thesis_suggestions(service, doc_id), value=None),
            )

        def essay_api(doc_id: str) -> dict[str, Any]:
            return essay.essay_json(service, doc_id)

        pick.focus(lambda: gr.Dropdown(choices=library.document_choices(service)), None, pick)
        pick.change(open_essay, pick, [view, claim, challenge, suggestions], api_name="essay")
        claim.change(lambda t: essay.challenge_text(t) if t else "", claim, challenge)
        suggestions.change(lambda t: t or gr.skip(), suggestions, challenge)
        hidden = gr.Textbox(visible=False)
        hidden.submit(essay_api, hidden, gr.JSON(visible=False), api_name="essay_json")
    return button, challenge
