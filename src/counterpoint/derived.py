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
from typing import IO

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


# What an object array of strings pickles to (numpy 1.x and 2.x module names): the only
# globals a derived file of the earlier form may name.
_ARRAY_GLOBALS = frozenset(
    {
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
    }
)


class _ArraysOnly(pickle.Unpickler):
    """Unpickles numpy arrays and nothing else: any other global (a function a crafted file
    would call) is refused before it is looked up."""

    def find_class(self, module: str, name: str) -> object:
        if (module, name) not in _ARRAY_GLOBALS:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a derived file")
        return super().find_class(module, name)


def _read_member(fp: IO[bytes], key: str) -> np.ndarray:
    """One `.npy` member: plain arrays straight from their bytes; an object array (ids as
    Python strings, the form before stop 26) through `_ArraysOnly`, as strings."""
    fmt = np.lib.format
    version = fmt.read_magic(fp)
    header = fmt.read_array_header_1_0 if version == (1, 0) else fmt.read_array_header_2_0
    shape, fortran, dtype = header(fp)
    if dtype.hasobject:
        got = _ArraysOnly(fp).load()
        if not isinstance(got, np.ndarray) or got.shape != shape:
            raise ValueError(f"{key}: not the array its header describes")
        return np.array([str(x) for x in got.ravel()], dtype=str).reshape(shape)
    count = int(np.prod(shape, dtype=np.int64))
    data = fp.read()
    if len(data) != count * dtype.itemsize:
        raise ValueError(f"{key}: {len(data)} bytes for {shape} of {dtype}")
    arr = np.frombuffer(bytearray(data), dtype=dtype, count=count)
    return arr.reshape(shape[::-1]).T if fortran else arr.reshape(shape)


def load_npz(path: Path) -> dict[str, np.ndarray]:
    """Every array of an `.npz` file, fully read, never running code from it: plain arrays
    are read from their bytes, and the string arrays of the earlier object-array form
    through an unpickler that builds arrays only (a workspace handed over must not run code
    when opened). One pass over the archive, as fast as numpy's own loader. Raises what
    `LOAD_ERRORS` lists on damage."""
    out: dict[str, np.ndarray] = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.endswith(".npy"):
                with zf.open(name) as fp:
                    out[name[: -len(".npy")]] = _read_member(fp, name)
    return out


def read_npz(path: Path, keys: tuple[str, ...]) -> dict[str, np.ndarray]:
    """The named arrays of an `.npz` file, fully read; any damage is a `DerivedFileError`."""
    if not path.exists():
        raise DerivedFileError(path, "missing")
    try:
        data = load_npz(path)
        return {k: data[k] for k in keys}
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
