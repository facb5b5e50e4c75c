"""Paths and ids the tests share. Import from here, never from conftest: pytest imports every
conftest.py under the same module name, so `from conftest import …` gets whichever came last."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DATA = ROOT / "tests" / "data"
SEED = CORPUS / "open-source-ai-business-models-and-brand-moats.md"
SEED_ID = "open-source-ai-business-models-brand-moats"


def cli_env() -> dict[str, str]:
    """The environment of a `counterpoint` child: this checkout's code, offline, and none of
    the caller's COUNTERPOINT_* settings (a test names the ones it wants)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTERPOINT_")}
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    return env


def run_cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """`counterpoint …` in its own process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "counterpoint.cli", *args],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=timeout,
        cwd=ROOT,
    )


def ingest_essay(service: Any, folder: Path, name: str, text: str) -> str:
    """Write a made-up essay (front matter and all) to `folder/name`, ingest it into the
    service and return its document id; the ingest must have added it."""
    path = folder / name
    path.write_text(text)
    results, _ = service.ingest([str(path)])
    assert results[0].status == "added", results[0]
    return str(results[0].doc_id)
