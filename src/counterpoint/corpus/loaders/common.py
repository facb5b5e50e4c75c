"""Byte-level checks shared by every loader: existence, size limit, emptiness."""

from __future__ import annotations

from pathlib import Path

from counterpoint.errors import DocumentError


def fallback_title(stem: str) -> str:
    return stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Untitled"


def check_size(source: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise DocumentError(
            source,
            f"file is {size / 1e6:.1f} MB, above the {max_bytes / 1e6:.1f} MB limit "
            "(raise COUNTERPOINT_MAX_FILE_MB to accept it)",
        )


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing before reading anything when it is over the size limit."""
    source = str(path)
    if not path.exists():
        raise DocumentError(source, "no such file")
    if not path.is_file():
        raise DocumentError(source, "not a regular file")
    check_size(source, path.stat().st_size, max_bytes)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError(source, f"cannot read file ({exc.strerror or exc})") from None
