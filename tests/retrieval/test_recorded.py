"""The workspace's record of what embedded its vectors: a damaged record stops embedding
with the file's name and the repair command (it used to be read as "no record", i.e. a
workspace older than the record, taken to be torch's: two families could then mix)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from counterpoint.errors import UsageError
from counterpoint.retrieval.backends import identity_for
from counterpoint.retrieval.embedder import PACKAGED_MODEL
from counterpoint.retrieval.recorded import (
    RECORD,
    check_and_record,
    read_record,
    record_damaged,
)


def _with_vectors(folder: Path) -> Path:
    (folder / "docs").mkdir(parents=True)
    np.savez(folder / "docs" / "d.npz", vectors=np.zeros((1, 4), dtype=np.float32))
    return folder


def test_a_damaged_record_is_refused_by_name(tmp_path: Path) -> None:
    folder = _with_vectors(tmp_path / "vectors")
    (folder / RECORD).write_text('{"identity": "onnx-int8:x"')  # truncated
    assert record_damaged(folder)
    with pytest.raises(UsageError) as err:
        check_and_record(folder, "torch:m", "torch", "m", 4)
    assert RECORD in str(err.value) and "doctor --repair" in str(err.value)
    assert (folder / RECORD).read_text() == '{"identity": "onnx-int8:x"'  # left for doctor


def test_a_missing_record_is_a_legacy_torch_workspace(tmp_path: Path) -> None:
    folder = _with_vectors(tmp_path / "vectors")
    assert not record_damaged(folder)
    current = identity_for("torch", PACKAGED_MODEL)
    check_and_record(folder, current, "torch", PACKAGED_MODEL, 4)
    record = read_record(folder)
    assert record is not None and record.backend == "torch" and record.identity == current
