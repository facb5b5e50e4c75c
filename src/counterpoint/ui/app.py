"""The Gradio app, built by a factory around a service; never launched at import."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from counterpoint.errors import CounterpointError
from counterpoint.ui.library_tab import build_essay_tab, build_library_tab
from counterpoint.ui.ports import AppService
from counterpoint.ui.render import answer_markdown, sources_markdown, streaming_markdown
from counterpoint.ui.sparql_tab import add_citation_export, build_sparql_tab

EXAMPLES = [
    "What does the essay argue about brand moats?",
    "Isn't brand a lagging indicator of performance?",
    "How can open-source AI labs make money?",
]


def build_app(service: AppService, warmup: Any = None) -> gr.Blocks:
    """Chat on the left, the verified sources of the last answer on the right."""

    def ask_json(question: str) -> dict[str, Any]:
        try:
            return dict(service.ask(question).to_json())
        except CounterpointError as exc:
            return {"question": question, "error": str(exc), "grounded": False, "citations": []}

    def chat(question: str, history: list[dict[str, Any]]) -> Iterator[tuple[Any, ...]]:
        """Streams LLM answers sentence by sentence, showing only verified sentences; the
        final message is the verified answer with its verdict, the panel its sources."""
        history = list(history or [])
        if not question.strip():
            yield history, gr.skip(), "", gr.skip()
            return
        history += [
            {"role": "user", "content": question},
            {"role": "assistant", "content": "_Searching the corpus…_"},
        ]
        yield history, gr.skip(), "", gr.skip()
        try:
            for event in service.ask_stream(question):
                if event.verified:
                    history[-1] = {
                        "role": "assistant",
                        "content": streaming_markdown(event.verified),
                    }
                    yield history, gr.skip(), "", gr.skip()
                elif event.answer is not None:
                    history[-1] = {"role": "assistant", "content": answer_markdown(event.answer)}
                    yield history, sources_markdown(event.answer), "", event.answer.to_json()
        except CounterpointError as exc:
            history[-1] = {"role": "assistant", "content": f"⚠️ {exc}"}
            yield history, "", "", None

    def status() -> str:
        if warmup is None or warmup.ready.is_set():
            if warmup is not None and warmup.error:
                return f"⚠️ The model did not load: {warmup.error}"
            return ""
        return "⏳ Warming up: loading the embedding model and the index. Answers start soon."

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
        with gr.Tabs() as tabs:
            with gr.Tab("Chat", id="chat"), gr.Row():
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(label="Conversation", height=520)
                    box = gr.Textbox(
                        placeholder="Ask or push back, e.g. “Isn't brand a lagging indicator?”",
                        show_label=False,
                    )
                    gr.Examples(EXAMPLES, inputs=box)
                    new_chat = gr.Button("New chat", size="sm")
                with gr.Column(scale=2):
                    gr.Markdown("### Sources")
                    sources = gr.Markdown("_Ask a question to see its sources._")
                    # The last verified answer, so its citations can be exported as they are.
                    last_answer = gr.State(None)
                    add_citation_export(service, last_answer)
            build_library_tab(service)
            challenge_button, challenge_box = build_essay_tab(service)
            build_sparql_tab(service)
        box.submit(chat, [box, chatbot], [chatbot, sources, box, last_answer], api_name="chat")
        new_chat.click(
            lambda: ([], "_Ask a question to see its sources._", "", None),
            None,
            [chatbot, sources, box, last_answer],
            api_name="new_chat",
        )
        # "Challenge this" puts the challenge in the chat box and shows the chat.
        challenge_button.click(
            lambda text: (text or "", gr.Tabs(selected="chat")), challenge_box, [box, tabs]
        )
        hidden_q = gr.Textbox(visible=False)
        hidden_out = gr.JSON(visible=False)
        hidden_q.submit(ask_json, hidden_q, hidden_out, api_name="ask")
    return app
