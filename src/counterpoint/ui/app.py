"""The Gradio app, built by a factory around a service; never launched at import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import gradio as gr

from counterpoint.errors import CounterpointError, UsageError
from counterpoint.ui.cards import card_html, challenge_card
from counterpoint.ui.export_tab import build_export_tab
from counterpoint.ui.library import document_choices
from counterpoint.ui.library_tab import build_essay_tab, build_library_tab
from counterpoint.ui.map_tab import build_map_tab
from counterpoint.ui.ports import AppService
from counterpoint.ui.render import answer_markdown, streaming_markdown
from counterpoint.ui.sources import EMPTY, answer_sources_html, link_citations
from counterpoint.ui.sparql_tab import add_citation_export, build_sparql_tab

EXAMPLES = [
    "What does the essay argue about brand moats?",
    "Isn't brand a lagging indicator of performance?",
    "How can open-source AI labs make money?",
]
ALL_ESSAYS = ""  # the essay filter's "no filter" value
# Page styles (passed to mount_gradio_app): marks, cards and the map; no fonts, no URLs.
APP_CSS = """
.cp-source { margin-bottom: 12px; }
.cp-source mark { background: #ffe066; color: inherit; padding: 0 1px; }
.cp-source blockquote { margin: 4px 0 0 0; padding-left: 8px; border-left: 3px solid #ccc; }
.cp-url { font-size: 0.85em; color: #666; word-break: break-all; }
.cp-card blockquote { margin: 6px 0; }
.cp-map svg { max-width: 100%; height: auto; }
"""


def _date(text: str | None, name: str) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{name} must be a date like 2024-01-31, not {text!r}") from None


def build_app(service: AppService, warmup: Any = None) -> gr.Blocks:
    """Chat on the left, the verified sources of the last answer on the right; tabs for the
    library, an essay's argument, its map, SPARQL and exports."""

    def ask_json(question: str) -> dict[str, Any]:
        try:
            return dict(service.ask(question).to_json())
        except CounterpointError as exc:
            return {"question": question, "error": str(exc), "grounded": False, "citations": []}

    def final_message(answer: Any) -> tuple[str, str]:
        """(chat message, card HTML): a challenge's card heads its message. Called while the
        answer stream still holds the snapshot (see `chat`), so it takes no lock of its own."""
        docs = dict(service.view.docs)
        claims = {c.id: c for c in service.claims()} if answer.verdict else {}
        text = link_citations(answer_markdown(answer), (c.n for c in answer.citations))
        card = challenge_card(answer, claims, docs)
        html = card_html(card) if card is not None else ""
        return (f"{html}\n\n{text}" if html else text), html

    def chat(
        question: str,
        history: list[dict[str, Any]],
        answers: list[dict[str, Any]] | None,
        mode: str,
        model: str,
        k: float,
        essay: str | None,
        author: str,
        since: str,
        until: str,
        request: gr.Request,
    ) -> Iterator[tuple[Any, ...]]:
        """Streams answers sentence by sentence, showing only verified sentences; the final
        message is the verified answer (a card for a challenge), the panel its sources.

        The answer stream holds the snapshot (the read side of the service's lock) until it
        ends, and this loop's body runs while the stream is suspended inside it: the card and
        the panel are rendered from the very view the answer was drawn from, and must not
        take the lock again (a later step may run on another worker thread, and a second
        read waits behind a waiting rebuild, which waits for the stream: a deadlock)."""
        history = list(history or [])
        answers = list(answers or [])
        skip = gr.skip()
        if not question.strip():
            yield history, skip, "", skip, skip, skip
            return
        history += [
            {"role": "user", "content": question},
            {"role": "assistant", "content": "_Searching the corpus…_"},
        ]
        yield history, skip, "", skip, skip, skip
        try:
            options: dict[str, Any] = {
                "k": int(k) if k else None,
                "doc_id": essay or None,
                "model": ((model or "").strip() or None) if mode == "LLM" else None,
                "use_llm": mode == "LLM",
                "author": (author or "").strip() or None,
                "since": _date(since, "From date"),
                "until": _date(until, "To date"),
                "session": getattr(request, "session_hash", None),
            }
            for event in service.ask_stream(question, **options):
                if event.verified:
                    history[-1] = {
                        "role": "assistant",
                        "content": streaming_markdown(event.verified),
                    }
                    yield history, skip, "", skip, skip, skip
                elif event.answer is not None:
                    answer = event.answer
                    message, card = final_message(answer)
                    history[-1] = {"role": "assistant", "content": message}
                    panel = answer_sources_html(answer, service.view.docs, service.view.chunks)
                    answers.append(answer.to_json())
                    yield history, panel, "", answers, card, answers[-1]
        except CounterpointError as exc:
            history[-1] = {"role": "assistant", "content": f"⚠️ {exc}"}
            yield history, skip, "", answers, skip, skip

    def status() -> str:
        if warmup is None or warmup.ready.is_set():
            if warmup is not None and warmup.error:
                return f"⚠️ Warming up did not finish: {warmup.error}"
            return ""
        return (
            "⏳ Warming up: loading the embedding model, the indexes and the argument graph. "
            "Answers start soon."
        )

    def essay_filter_choices() -> list[tuple[str, str]]:
        return [("All essays", ALL_ESSAYS), *document_choices(service)]

    with gr.Blocks(title="Counterpoint") as app:
        gr.Markdown(
            "# Counterpoint\nChallenge an essay. Every quote is checked against its "
            "source at its exact offsets."
        )
        banner = gr.Markdown(status())
        if warmup is not None and not warmup.ready.is_set():
            timer = gr.Timer(1.0)
            timer.tick(
                lambda: (status(), gr.Timer(active=not warmup.ready.is_set())),
                None,
                [banner, timer],
            )
        gr.Button(visible=False).click(
            lambda: status() == "", None, gr.JSON(visible=False), api_name="ready"
        )
        # This browser session's answers (`Answer.to_json()`), for "cited in this chat".
        answers = gr.State([])
        with gr.Tabs() as tabs:
            with gr.Tab("Chat", id="chat"), gr.Row():
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(label="Conversation", height=520, elem_id="cp-chat")
                    box = gr.Textbox(
                        placeholder="Ask or push back, e.g. “Isn't brand a lagging indicator?”",
                        show_label=False,
                        elem_id="cp-question",
                    )
                    gr.Examples(EXAMPLES, inputs=box)
                    new_chat = gr.Button("New chat", size="sm")
                    with gr.Accordion("Settings", open=False):
                        mode = gr.Radio(
                            ["extractive", "LLM"],
                            value="LLM" if service.settings.llm_model else "extractive",
                            label="Answer mode",
                        )
                        model = gr.Textbox(
                            value=service.settings.llm_model or "",
                            label="LLM model (litellm string, e.g. ollama/llama3.2)",
                        )
                        gr.Markdown(
                            "_API keys are read from the environment on the server and are "
                            "never shown or sent to this page._"
                        )
                        k = gr.Slider(
                            1, 20, value=service.settings.retrieval.top_k, step=1, label="k"
                        )
                        essay = gr.Dropdown(
                            essay_filter_choices(),
                            value=ALL_ESSAYS,
                            label="Only this essay",
                            allow_custom_value=True,
                        )
                        author = gr.Textbox("", label="Only this author")
                        with gr.Row():
                            since = gr.Textbox("", label="From date", placeholder="YYYY-MM-DD")
                            until = gr.Textbox("", label="To date", placeholder="YYYY-MM-DD")
                with gr.Column(scale=2):
                    card = gr.HTML("", elem_id="cp-card")
                    gr.Markdown("### Sources")
                    sources = gr.HTML(EMPTY, elem_id="cp-sources")
                    # The last verified answer, so its citations can be exported as they are.
                    last_answer = gr.State(None)
                    add_citation_export(service, last_answer)
            build_library_tab(service)
            challenge_button, challenge_box = build_essay_tab(service)
            build_map_tab(service)
            build_sparql_tab(service)
            build_export_tab(service, answers)
        essay.focus(lambda: gr.Dropdown(choices=essay_filter_choices()), None, essay)
        settings = [mode, model, k, essay, author, since, until]
        chat_in = [box, chatbot, answers, *settings]
        # The last answer comes out of the chat event itself: a `.then` step runs only in the
        # browser, and API clients export citations too.
        chat_out = [chatbot, sources, box, answers, card, last_answer]
        box.submit(chat, chat_in, chat_out, api_name="chat")
        new_chat.click(
            lambda: ([], EMPTY, "", None, [], ""),
            None,
            [chatbot, sources, box, last_answer, answers, card],
            api_name="new_chat",
        )
        # "Challenge this" puts the challenge in the chat, shows the chat and asks it.
        challenge_button.click(
            lambda text: (text or "", gr.Tabs(selected="chat")), challenge_box, [box, tabs]
        ).then(chat, chat_in, chat_out)
        hidden_q = gr.Textbox(visible=False)
        hidden_out = gr.JSON(visible=False)
        hidden_q.submit(ask_json, hidden_q, hidden_out, api_name="ask")
    return app
