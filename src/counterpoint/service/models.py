"""The embedding models of one workspace: the configured embedder, and the reader that embeds
questions and claim texts.

Kept apart from the façade because their lifecycle is its own: both load on first use (seconds
for torch), the embedder is checked once against the vectors the workspace already holds, and
the reader prefers the cached fp32 ONNX export of the same model, so that a cold `ask` never
imports torch (`retrieval/backends.py` says why the two give the same vectors).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from counterpoint.config import Settings
from counterpoint.errors import UsageError

if TYPE_CHECKING:
    from counterpoint.retrieval.base import Embedder


class Models:
    """Loads and hands out the embedder and the reader; `settings` is read at each load, so a
    façade whose settings change loads with the new ones."""

    def __init__(self, settings: Callable[[], Settings], embedder: Embedder | None = None) -> None:
        self._settings = settings
        self._embedder = embedder
        self._embedder_checked = False
        self._reader: Embedder | None = None
        self._reader_lock = threading.Lock()

    @property
    def embedder(self) -> Embedder:
        """The configured embedding backend, loaded on first use; refused in one line if its
        vectors would not mix with the workspace's (`retrieval/recorded.py`)."""
        embedder = self.unchecked_embedder()
        if not self._embedder_checked:
            self._check(embedder)
            self._embedder_checked = True
        return embedder

    def unchecked_embedder(self) -> Embedder:
        """The configured backend without the workspace check: `doctor --repair` re-embeds a
        workspace another backend family made."""
        if self._embedder is None:
            from counterpoint.retrieval.backends import make_embedder

            s = self._settings()
            self._embedder = make_embedder(
                s.embedding_backend, s.embedding_model, s.onnx_dir, s.embedding_batch_size
            )
        return self._embedder

    @property
    def embedder_loaded(self) -> bool:
        return self._embedder is not None

    @property
    def reader_loaded(self) -> bool:
        return self._reader is not None

    def _check(self, embedder: Embedder) -> None:
        identity = getattr(embedder, "identity", None)
        if identity is None:  # an injected embedder of unknown make (tests' fakes)
            return
        from counterpoint.retrieval.recorded import check_and_record

        backend = str(getattr(embedder, "backend", identity.partition(":")[0]))
        s = self._settings()
        check_and_record(s.vectors_dir, identity, backend, embedder.name, embedder.dim)

    @property
    def reader(self) -> Embedder:
        """What embeds questions and claim texts for search. With the torch backend and the
        model's fp32 ONNX export cached, that export (identical vectors: one family, see
        retrieval/backends.py) so a cold `ask` never imports torch; else `embedder`."""
        with self._reader_lock:
            if self._reader is None:
                self._reader = self._cached_onnx() or self.embedder
            return self._reader

    def prefetch_reader(self) -> None:
        """Load the reader in a background thread: opening the ONNX session (~0.5-0.9 s)
        then overlaps the imports and index loads of a cold `ask`. Errors surface on use."""

        def load() -> None:
            try:
                self.reader  # noqa: B018
            except Exception:
                return

        threading.Thread(target=load, name="reader-prefetch", daemon=True).start()

    def _cached_onnx(self) -> Embedder | None:
        s = self._settings()
        if self._embedder is not None or s.embedding_backend != "torch":
            return None  # already loaded, or an ONNX backend (torch-free itself)
        from counterpoint.retrieval.onnx_embedder import OnnxEmbedder

        try:
            onnx = OnnxEmbedder(
                s.embedding_model,
                s.onnx_dir,
                batch_size=s.embedding_batch_size,
                export_if_missing=False,
            )
        except UsageError:
            return None  # no export yet (`ingest` makes one) or a model ONNX cannot run
        self._check(onnx)
        return onnx

    def needs_question_model(self) -> bool:
        """Whether `export_question_model` has work to do: torch backend, loaded in this
        process (an ingest embedded), a model the ONNX path runs, and no export cached."""
        s = self._settings()
        if s.embedding_backend != "torch" or self._embedder is None:
            return False
        from counterpoint.retrieval.backends import model_fingerprint
        from counterpoint.retrieval.embedder import resolve_model_path
        from counterpoint.retrieval.onnx_embedder import FP32_FILE, cache_dir, read_pipeline

        model_dir = Path(resolve_model_path(s.embedding_model))
        if (cache_dir(s.onnx_dir, model_fingerprint(model_dir)) / FP32_FILE).exists():
            return False
        try:
            read_pipeline(model_dir)  # refuses models the ONNX path would embed differently
        except UsageError:
            return False
        return True

    def export_question_model(self) -> None:
        """Export the model's fp32 ONNX once (~10 s with torch loaded) so that later cold
        questions run without importing torch (`reader`)."""
        from counterpoint.retrieval.embedder import resolve_model_path
        from counterpoint.retrieval.onnx_embedder import ensure_onnx_model

        s = self._settings()
        ensure_onnx_model(Path(resolve_model_path(s.embedding_model)), s.onnx_dir)
