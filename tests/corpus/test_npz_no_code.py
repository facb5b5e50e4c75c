"""Derived `.npz` files never run code when read (a workspace handed over is input like any
other): arrays are read without pickle, and the earlier form's object arrays of ids through
an unpickler that builds arrays only. A crafted file is a named, one-line error."""

from __future__ import annotations

import io
import os
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest

from counterpoint.derived import DerivedFileError, load_npz, read_npz
from counterpoint.retrieval.lexical import LexicalIndex
from counterpoint.retrieval.sentence_vectors import SentenceVectors


def test_files_are_written_without_object_arrays(tmp_path: Path) -> None:
    vectors = SentenceVectors._from_rows(
        ["c1", "c1", "c2"], [(0, 5), (6, 9), (10, 20)], np.eye(3, dtype=np.float32)
    )
    vectors.save(tmp_path / "s.npz")
    with np.load(tmp_path / "s.npz", allow_pickle=False) as data:  # raises on object arrays
        assert [str(o) for o in data["owners"]] == ["c1", "c1", "c2"]
    index = LexicalIndex.build(["a", "b"], ["brand moats matter", "open weights spread"])
    index.save(tmp_path / "lex")
    for seg in (tmp_path / "lex").glob("seg-*.npz"):
        with np.load(seg, allow_pickle=False) as data:
            assert all(data[k] is not None for k in data.files)
    assert LexicalIndex.load(tmp_path / "lex").search("brand", 1)


def test_the_earlier_object_array_form_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "old.npz"
    np.savez(path, ids=np.array(["ch-1", "ch-22"], dtype=object), vectors=np.ones((2, 3)))
    got = read_npz(path, ("ids", "vectors"))
    assert [str(i) for i in got["ids"]] == ["ch-1", "ch-22"]
    assert got["vectors"].shape == (2, 3)


class _Payload:
    """Pickles to a call of os.system: what a crafted derived file would carry."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def _crafted(path: Path, marker: Path) -> None:
    """An `.npz` whose `ids` member is an object-array header followed by a hostile pickle."""
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "|O", "fortran_order": False, "shape": (1,)}
    )
    body = header.getvalue() + pickle.dumps(_Payload(marker))
    buf = io.BytesIO()
    np.save(buf, np.ones((1, 3)))
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("ids.npy", body)
        zf.writestr("vectors.npy", buf.getvalue())


def test_a_crafted_pickle_runs_nothing_and_is_a_named_error(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "hostile.npz"
    _crafted(path, marker)
    with pytest.raises(pickle.UnpicklingError, match="not allowed"):
        load_npz(path)
    with pytest.raises(DerivedFileError, match=r"hostile\.npz: unreadable"):
        read_npz(path, ("ids", "vectors"))
    assert not marker.exists()
