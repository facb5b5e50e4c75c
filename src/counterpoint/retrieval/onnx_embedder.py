"""The embedding model run by onnxruntime: same vectors as sentence-transformers, no torch.

Why: importing torch and sentence-transformers costs ~6 s of a cold `counterpoint ask` that
embeds one question, and torch embeds chunks at ~22/s on two cores. onnxruntime with the
`tokenizers` package loads in well under a second, and int8 weights roughly double ingest
speed (facts.md). The pipeline is the one sentence-transformers runs for all-MiniLM-L6-v2:
BERT tokenizer truncated at the model's `max_seq_length`, transformer, mean pooling over
the attention mask, L2 normalisation; pooling and normalisation are part of the exported
graph, so the session returns finished vectors. The graph also returns the token embeddings
(a second output, computed anyway) for `embed_late` (`late_chunking.py`).

The ONNX file is exported once, from the local weights, with `torch.onnx.export` (torch is
imported only then), optionally quantised to int8 with onnxruntime's dynamic quantiser, and
kept in a cache folder keyed by the weights' fingerprint: `<models_dir>/<key>/model.onnx`
and `model-int8.onnx`. Files are written under temporary names and renamed, so a crash or
two concurrent exports never leave a torn model. Not the `sentence-transformers[onnx]`
extra or optimum: they downgrade transformers and break gradio (facts.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from counterpoint.errors import UsageError
from counterpoint.retrieval.backends import model_fingerprint, vector_identity
from counterpoint.retrieval.base import Vectors
from counterpoint.retrieval.batching import length_batches
from counterpoint.retrieval.embedder import PACKAGED_MODEL, resolve_model_path
from counterpoint.retrieval.late_chunking import Span

# Bump when the exported graph or the int8 recipe changes: old exports are then
# ignored because the cache key changes with it.
# 2: the token embeddings are a second output (late chunking).
EXPORT_FORMAT = 2
OPSET = 17
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT_NAME = "sentence_embedding"
TOKENS_NAME = "token_embeddings"
FP32_FILE = "model.onnx"
INT8_FILE = "model-int8.onnx"


@dataclass(frozen=True)
class Pipeline:
    """What sentence-transformers' config says about tokenizing and pooling this model."""

    max_seq_length: int
    do_lower_case: bool
    dim: int


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def read_pipeline(model_dir: Path) -> Pipeline:
    """The tokenizing/pooling settings, or a one-line refusal for models this backend would
    embed differently from sentence-transformers (anything but Transformer → mean Pooling →
    Normalize)."""
    try:
        modules = list(json.loads((model_dir / "modules.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):
        modules = []
    kinds = [str(m.get("type", "")).rsplit(".", 1)[-1] for m in modules]
    pooling_path = next(
        (m.get("path", "") for m, k in zip(modules, kinds, strict=True) if k == "Pooling"), None
    )
    pooling = {} if pooling_path is None else _read_json(model_dir / pooling_path / "config.json")
    modes = [k for k, v in pooling.items() if k.startswith("pooling_mode") and v]
    if kinds != ["Transformer", "Pooling", "Normalize"] or modes != ["pooling_mode_mean_tokens"]:
        found = f"{' -> '.join(kinds) or 'no modules.json'}, {', '.join(modes) or 'no pooling'}"
        raise UsageError(
            f"the ONNX backend runs mean-pooled, normalised models only; {model_dir.name} has "
            f"{found}: use the torch backend"
        )
    sbert = _read_json(model_dir / "sentence_bert_config.json")
    config = _read_json(model_dir / "config.json")
    tok_config = _read_json(model_dir / "tokenizer_config.json")
    # sentence-transformers: the configured max_seq_length, else the tokenizer's limit, never
    # beyond the position embeddings.
    length = sbert.get("max_seq_length") or tok_config.get("model_max_length") or 512
    length = min(int(length), int(config.get("max_position_embeddings", length)))
    return Pipeline(
        length, bool(sbert.get("do_lower_case", False)), int(pooling["word_embedding_dimension"])
    )


def default_models_dir() -> Path:
    """The per-user cache, for callers without a workspace (the service passes
    `<workspace>/models/onnx`)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("counterpoint", appauthor=False)) / "onnx"


def cache_dir(models_dir: Path, fingerprint: str) -> Path:
    """Where the exports of the model with this fingerprint live."""
    key = hashlib.sha256(f"{fingerprint}|onnx-export-v{EXPORT_FORMAT}".encode()).hexdigest()
    return models_dir / key[:16]


def _atomic(out: Path, write: Callable[[Path], object]) -> None:
    """Call `write(tmp)` and rename tmp to `out`; a failure leaves no partial file behind."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        write(tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def export_onnx(model_dir: Path, out: Path) -> None:
    """Trace the local weights (transformer + mean pooling + normalisation) to ONNX.
    Imports torch: run once per model, offline, never on the query path."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    # Eager attention traces to plain ONNX ops; the numbers are the same as SDPA's.
    model = AutoModel.from_pretrained(
        str(model_dir), attn_implementation="eager", local_files_only=True
    ).eval()

    class Sentence(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2.0, dim=1), hidden

    # Traced on a padded batch so the masking path is the general one, not the no-padding
    # shortcut transformers takes when every mask entry is 1.
    ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    axes = {name: {0: "batch", 1: "sequence"} for name in INPUT_NAMES}
    axes[OUTPUT_NAME] = {0: "batch"}
    axes[TOKENS_NAME] = {0: "batch", 1: "sequence"}

    def write(tmp: Path) -> None:
        with torch.no_grad(), warnings_silenced():
            torch.onnx.export(
                Sentence(model),
                (ids, mask, torch.zeros_like(ids)),
                str(tmp),
                input_names=list(INPUT_NAMES),
                output_names=[OUTPUT_NAME, TOKENS_NAME],
                dynamic_axes=axes,
                opset_version=OPSET,
                do_constant_folding=True,
                dynamo=False,  # the TorchScript exporter needs no onnxscript
            )

    _atomic(out, write)


@contextlib.contextmanager
def warnings_silenced() -> Iterator[None]:
    """The exporter's tracer warnings are about shapes we made dynamic, and the quantiser
    logs advice on the root logger; stderr belongs to our progress lines."""
    import warnings

    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    root.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        # The quantiser logs through `logging.info`, which installs a stderr handler on the
        # root logger as a side effect; left there, every library's debug lines would print.
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)


# Weights left in fp32 by `quantize_int8`: the first layer's feed-forward block. Measured on
# the bundled corpus (51 chunks + 244 sentences), cosine to fp32 with every MatMul quantised:
# min 0.975, mean 0.991; with these two left in fp32: min 0.986, mean 0.994, for ~11 % of the
# MatMul work (int8 still ~1.4x fp32's speed). Its output projection alone accounts for most
# of the loss (activations after GELU have the widest range in the network).
FP32_NODES = ("/layer.0/intermediate/", "/layer.0/output/dense/")
# The word-embedding table (30k x 384) is stored as int8 too: the file shrinks from 62 to
# 25 MB and a cold session opens ~0.2 s sooner, at no measurable cost (cosine min 0.987).
INT8_TABLES = ("word_embeddings",)


def quantize_int8(src: Path, out: Path) -> None:
    """Dynamic int8 quantisation (per-channel weights, activations quantised at run time) of
    the MatMuls with constant weights, except `FP32_NODES`, and of the word-embedding table."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(src), load_external_data=False).graph
    weights = {i.name for i in graph.initializer}
    matmuls = [
        n.name
        for n in graph.node
        if n.op_type == "MatMul"
        and n.input[1] in weights
        and not any(part in n.name for part in FP32_NODES)
    ]
    tables = [
        n.name
        for n in graph.node
        if n.op_type == "Gather"
        and n.input[0] in weights
        and any(part in n.input[0] for part in INT8_TABLES)
    ]

    def write(tmp: Path) -> None:
        with warnings_silenced():
            quantize_dynamic(
                str(src),
                str(tmp),
                weight_type=QuantType.QInt8,
                per_channel=True,
                nodes_to_quantize=matmuls + tables,
                op_types_to_quantize=["MatMul", "Gather"],
            )

    _atomic(out, write)


def ensure_onnx_model(
    model_dir: Path, models_dir: Path, int8: bool = False, *, fingerprint: str | None = None
) -> Path:
    """The cached ONNX file for these weights, exported (and quantised) first if missing."""
    fingerprint = fingerprint or model_fingerprint(model_dir)
    folder = cache_dir(models_dir, fingerprint)
    fp32 = folder / FP32_FILE
    if not fp32.exists():
        export_onnx(model_dir, fp32)
        _atomic(
            folder / "source.json",
            lambda tmp: tmp.write_text(
                json.dumps(
                    {
                        "model": str(model_dir),
                        "fingerprint": fingerprint,
                        "export_format": EXPORT_FORMAT,
                        "opset": OPSET,
                    },
                    indent=2,
                )
            ),
        )
    if not int8:
        return fp32
    quantized = folder / INT8_FILE
    if not quantized.exists():
        quantize_int8(fp32, quantized)
    return quantized


class OnnxEmbedder:
    """`Embedder` over an onnxruntime session; imports neither torch nor transformers once
    the ONNX file exists."""

    def __init__(
        self,
        model: str = PACKAGED_MODEL,
        models_dir: Path | None = None,
        *,
        int8: bool = False,
        batch_size: int = 32,
        threads: int | None = None,
        export_if_missing: bool = True,
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_dir = Path(resolve_model_path(model))
        self.name = model
        self.backend = "onnx-int8" if int8 else "onnx"
        self.batch_size = batch_size
        self.pipeline = read_pipeline(model_dir)
        self.dim = self.pipeline.dim
        tokenizer_file = model_dir / "tokenizer.json"
        if not tokenizer_file.exists():
            raise UsageError(f"the ONNX backend needs {tokenizer_file}: use the torch backend")
        fingerprint = model_fingerprint(model_dir)
        self.identity = vector_identity(self.backend, model, fingerprint)
        if models_dir is None:
            models_dir = default_models_dir()
        folder = cache_dir(models_dir, fingerprint)
        self.model_path = folder / (INT8_FILE if int8 else FP32_FILE)
        if not self.model_path.exists():
            if not export_if_missing:
                raise UsageError(
                    f"no ONNX export of {model} in {models_dir}: run once with the export "
                    f"enabled (it needs torch) or use the torch backend"
                )
            ensure_onnx_model(model_dir, models_dir, int8, fingerprint=fingerprint)

        self._tokenizer = Tokenizer.from_file(str(tokenizer_file))
        # tokenizer.json ships with its own truncation (128) and fixed padding: replace both
        # with what sentence-transformers does (truncate at max_seq_length, pad to longest).
        padding = self._tokenizer.padding or {}
        self._tokenizer.enable_truncation(max_length=self.pipeline.max_seq_length)
        self._tokenizer.enable_padding(
            pad_id=int(padding.get("pad_id", 0)),
            pad_type_id=int(padding.get("pad_type_id", 0)),
            pad_token=str(padding.get("pad_token", "[PAD]")),
        )

        options = ort.SessionOptions()
        options.log_severity_level = 3
        if threads:
            options.intra_op_num_threads = threads
        self._session = ort.InferenceSession(
            str(self.model_path), options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}

    def _feed(self, encodings: list[Any]) -> dict[str, np.ndarray]:
        """The session's inputs for tokenized texts (only those the exported graph takes)."""
        feed = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        return {k: v for k, v in feed.items() if k in self._inputs}

    def _run(self, texts: list[str]) -> Vectors:
        out = self._session.run([OUTPUT_NAME], self._feed(self._tokenizer.encode_batch(texts)))
        return np.asarray(out[0], dtype=np.float32)

    def embed_batch(self, texts: list[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.pipeline.do_lower_case:
            texts = [t.lower() for t in texts]
        # Like sentence-transformers: batch texts of similar length so little is padding,
        # and short texts many to a pass (batching.py)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for picked in length_batches(texts, min_items=self.batch_size):
            out[picked] = self._run([texts[i] for i in picked])
        return out

    def embed_late(
        self, texts: list[str], spans: list[list[Span]]
    ) -> tuple[Vectors, list[list[Vectors | None]]]:
        """Chunk vectors and, from the same pass, each chunk's sentence vectors (see
        `late_chunking.py`; None for a sentence the model did not read to its end)."""
        from counterpoint.retrieval.late_chunking import pool_chunk, pool_spans

        chunks = np.zeros((len(texts), self.dim), dtype=np.float32)
        sentences: list[list[Vectors | None]] = [[] for _ in texts]
        # longest first, a fixed count a batch (chunks: the pass and its tokens are kept)
        size = self.batch_size
        for picked in length_batches(texts, min_items=size, max_items=size):
            batch = [texts[i] for i in picked]
            if self.pipeline.do_lower_case:
                batch = [t.lower() for t in batch]
            encodings = self._tokenizer.encode_batch(batch)
            feed = self._feed(encodings)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            hidden = self._session.run([TOKENS_NAME], feed)[0]
            for row, i in enumerate(picked):
                n = int(mask[row].sum())
                tokens = np.asarray(hidden[row, :n], dtype=np.float32)
                chunks[i] = pool_chunk(tokens)
                if len(batch[row]) != len(texts[i]):  # lower-casing moved the offsets
                    sentences[i] = [None] * len(spans[i])
                    continue
                offsets = np.array(encodings[row].offsets[:n], dtype=np.int64)
                sentences[i] = pool_spans(tokens, offsets, spans[i])
        return chunks, sentences
