"""Reading and writing the files derived from the graph (vectors, indexes) so that a broken
file is a one-line, named error and never a traceback.

Why: a truncated `.npz` raises `BadZipFile`, garbage raises `UnpicklingError`, `EOFError` or
whatever the parser meets first; none of them says which file broke or what fixes it. Every
reader of a derived file goes through `read_npz` (or catches `LOAD_ERRORS`), so the CLI and the
app show `vectors/docs/x.npz: unreadable (BadZipFile); run counterpoint doctor --repair` and
the lazily rebuilt indexes simply rebuild.

Writes go to a temporary name, are fsynced, then renamed over the old file:
a kill leaves the old file or the new one, never half of one (`atomic_write_text`).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import zipfile
from pathlib import Path

import numpy as np

from counterpoint.errors import CounterpointError

REPAIR_HINT = "run `counterpoint doctor --repair`"


class DerivedFileError(CounterpointError):
    """A derived file is missing, truncated or not what its reader expects."""

    exit_code = 1

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{_shown(path)}: {problem}; {REPAIR_HINT}")
        self.path = path
        self.problem = problem


# What parsing a damaged derived file raises (FAISS raises RuntimeError, numpy ValueError,
# zipfile BadZipFile, pickle UnpicklingError, truncated streams EOFError).
LOAD_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    ValueError,
    KeyError,
    EOFError,
    RuntimeError,
    TypeError,
    IndexError,
    AttributeError,
    ImportError,
    DerivedFileError,
    zipfile.BadZipFile,
    pickle.UnpicklingError,
)


def _shown(path: Path) -> str:
    """The path from the workspace's `vectors/` folder on, or as given: short and findable."""
    parts = path.parts
    if "vectors" in parts:
        return "/".join(parts[len(parts) - 1 - parts[::-1].index("vectors") :])
    return str(path)


def read_npz(path: Path, keys: tuple[str, ...]) -> dict[str, np.ndarray]:
    """The named arrays of an `.npz` file, fully read; any damage is a `DerivedFileError`."""
    if not path.exists():
        raise DerivedFileError(path, "missing")
    try:
        with np.load(path, allow_pickle=True) as data:
            return {k: np.asarray(data[k]) for k in keys}
    except LOAD_ERRORS as exc:
        raise DerivedFileError(path, f"unreadable ({type(exc).__name__})") from exc


def check_matrix(path: Path, vecs: np.ndarray, rows: int, dim: int | None = None) -> None:
    """A vector matrix has `rows` finite rows (of `dim` columns when given)."""
    if vecs.ndim != 2 or len(vecs) != rows:
        raise DerivedFileError(path, f"holds {vecs.shape} vectors for {rows} ids")
    if dim is not None and rows and vecs.shape[1] != dim:
        raise DerivedFileError(path, f"vectors have dimension {vecs.shape[1]}, expected {dim}")
    if rows and not np.isfinite(vecs).all():
        raise DerivedFileError(path, "holds non-finite vectors")


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; a no-op where directories cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_text(path: Path, text: str) -> None:
    """Write to `path.tmp`, flush + fsync, rename over `path`, fsync the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)
