"""The Export tab: the corpus, one document, or the documents cited in this chat, as BibTeX,
RIS, CSL-JSON or W3C Web Annotations; a preview and a download.

"Cited in this chat" reads the answers of this browser session (a gr.State list of
`Answer.to_json()`), so two readers never export each other's citations. Documents go
through the same exporter as `counterpoint export`.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from counterpoint.errors import CounterpointError, UsageError
from counterpoint.export.formats import CITATION_FORMATS, CITATION_SUFFIXES

if TYPE_CHECKING:
    import gradio as gr

    from counterpoint.answer.models import Answer
    from counterpoint.ui.ports import AppService

CHAT = "__chat__"
ALL = "__all__"
EXPORT_CHOICES = (*CITATION_FORMATS, "annotations")
SUFFIXES = {**CITATION_SUFFIXES, "annotations": ".jsonld"}
FORMAT_LABELS = {
    "bibtex": "BibTeX",
    "ris": "RIS",
    "csl-json": "CSL-JSON",
    "annotations": "Web Annotation (JSON-LD)",
}


def answer_from_json(data: dict[str, Any]) -> Answer:
    """An answer back from its `to_json()` form (fields the model does not know are dropped)."""
    from counterpoint.answer.models import Answer, Citation

    known = set(Citation.__dataclass_fields__)
    citations = [
        Citation(**{k: v for k, v in c.items() if k in known} | {"authors": tuple(c["authors"])})
        for c in data.get("citations", [])
    ]
    return Answer(
        question=data.get("question", ""),
        answer=data.get("answer", ""),
        grounded=bool(data.get("grounded")),
        citations=citations,
    )


def chat_export(service: AppService, answers: list[dict[str, Any]] | None, fmt: str) -> str:
    """Every document cited in this chat (first citation order), or its cited passages as
    annotations."""
    from counterpoint.answer.models import Answer
    from counterpoint.export import export_answer_citations, publishers
    from counterpoint.export.annotations import annotation_collection, answer_annotations

    parsed = [answer_from_json(a) for a in answers or [] if a and a.get("citations")]
    if not parsed:
        raise UsageError("nothing is cited in this chat yet: ask a question first")
    with service.reading():
        docs = dict(service.view.docs)
    if fmt == "annotations":
        items = [item for a in parsed for item in answer_annotations(a, docs, service.iris)]
        collection = annotation_collection(items, "Passages cited in a Counterpoint chat")
        return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"
    merged = Answer(
        question="", answer="", grounded=True, citations=[c for a in parsed for c in a.citations]
    )
    return export_answer_citations(merged, fmt, publishers(docs))


def export_text(
    service: AppService, scope: str | None, fmt: str, answers: list[dict[str, Any]] | None
) -> str:
    from counterpoint.export.run import export

    if fmt not in EXPORT_CHOICES:
        raise UsageError(f"unknown export format {fmt!r}: use one of {', '.join(EXPORT_CHOICES)}")
    if scope == CHAT:
        return chat_export(service, answers, fmt)
    doc_id = None if scope in (None, "", ALL) else scope
    with service.reading():
        return export(service.store, service.iris, fmt, doc_id).text


def write_download(text: str, fmt: str) -> str:
    folder = Path(tempfile.mkdtemp(prefix="counterpoint-export-"))
    path = folder / f"counterpoint{SUFFIXES.get(fmt, '.txt')}"
    path.write_text(text, encoding="utf-8")
    return str(path)


def scope_choices(service: AppService) -> list[tuple[str, str]]:
    from counterpoint.ui.library import document_choices

    return [("Cited in this chat", CHAT), ("All documents", ALL), *document_choices(service)]


def build_export_tab(service: AppService, answers: gr.State) -> None:
    import gradio as gr

    def run(scope: str | None, fmt: str, held: list[dict[str, Any]] | None) -> tuple[Any, ...]:
        try:
            text = export_text(service, scope, fmt, held)
        except CounterpointError as exc:
            return "", None, f"⚠️ {exc}"
        return text, write_download(text, fmt), ""

    with gr.Tab("Export", id="export"):
        with gr.Row():
            scope = gr.Dropdown(
                scope_choices(service), value=CHAT, label="What", allow_custom_value=True
            )
            fmt = gr.Dropdown(
                [(FORMAT_LABELS[f], f) for f in EXPORT_CHOICES], value="bibtex", label="Format"
            )
        button = gr.Button("Export", variant="primary", elem_id="cp-export-run")
        message = gr.Markdown()
        preview = gr.Code(label="Preview", lines=14, interactive=False)
        file = gr.File(label="Download", interactive=False, elem_id="cp-export-file")
        scope.focus(lambda: gr.Dropdown(choices=scope_choices(service)), None, scope)
        button.click(run, [scope, fmt, answers], [preview, file, message], api_name="export")
