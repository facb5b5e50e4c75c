"""Shared helpers for `make bench`: timing, percentiles and a uniform report line."""

from __future__ import annotations

import functools
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def percentiles(samples_ms: list[float]) -> tuple[float, float]:
    """(p50, p95); NaN for both when there are no samples (a section whose clients all failed
    still prints its line)."""
    if not samples_ms:
        return float("nan"), float("nan")
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


# Every figure a run reported, for bench/results.json (compared across commits).
RESULTS: list[dict[str, Any]] = []
# Structured figures by key (bench/scale.py: "scale", "scale_small"), written beside them.
RECORDS: dict[str, dict[str, Any]] = {}


def report(section: str, name: str, value: float | str, unit: str = "") -> None:
    shown = f"{value:.3f}" if isinstance(value, float) else str(value)
    print(f"{section:<10} {name:<44} {shown:>12} {unit}", flush=True)
    RESULTS.append({"section": section, "name": name, "value": value, "unit": unit})


def record(key: str, values: dict[str, Any]) -> None:
    """Keep a section's structured figures under `key` for `write_results`."""
    RECORDS.setdefault(key, {}).update(values)


def write_results(path: Path) -> None:
    """The figures with the commit they were measured on and the machine's load."""
    import json
    import os
    import subprocess

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    data = {
        "commit": commit,
        "measured": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "figures": RESULTS,
        **RECORDS,
    }
    path.write_text(json.dumps(data, indent=2) + "\n")


@functools.cache
def shared_embedder() -> Any:
    """One model load for the whole bench run (sections that time a cold load make their own)."""
    from counterpoint.retrieval.embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@contextmanager
def bundled_service() -> Iterator[Any]:
    """The bundled corpus ingested into a temporary workspace (claims, links, indexes)."""
    with tempfile.TemporaryDirectory() as tmp:
        service = _ingest_bundled(Path(tmp) / "ws")
        try:
            yield service
        finally:
            service.close()


@contextmanager
def bundled_workspace() -> Iterator[Path]:
    """A temporary directory whose `ws` holds the bundled corpus, ingested and closed: for
    sections that hand the workspace to a server or copy it."""
    with tempfile.TemporaryDirectory() as tmp:
        _ingest_bundled(Path(tmp) / "ws").close()
        yield Path(tmp)


def _ingest_bundled(workspace: Path) -> Any:
    from counterpoint.config import Settings
    from counterpoint.service import Counterpoint

    service = Counterpoint(Settings(workspace=workspace), embedder=shared_embedder())
    try:
        results, _ = service.ingest([str(CORPUS)], recursive=True)
        assert all(r.status == "added" for r in results), results
    except BaseException:
        service.close()
        raise
    return service
