"""Handing freed heap memory back to the operating system after a large rebuild.

glibc keeps small freed blocks (under its 128 KB mmap threshold) in the process heap. The
per-document sentence arrays a service loads are such blocks (~120 KB each): after the
answerer's sentence table takes their vectors over (`SentenceVectors.share`), ~1.2 GB of
them at 10k essays stayed counted in the process's resident memory until `malloc_trim`
returned it. Elsewhere (musl, macOS) there is no such call and this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc


def release_freed_memory() -> bool:
    """Collect garbage, then ask glibc to return free heap pages; False where unsupported."""
    gc.collect()
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return False
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    trim(0)
    return True
