"""Cold CLI figures: `counterpoint ask` in a new process (median of 5) with the question
embedded by torch (no ONNX export cached) and by the cached fp32 ONNX export (the default
once an ingest made it), and `docs`, `claims`, `sparql` (median of 5). Issue 15's goals:
ask < 2.5 s, every other command < 1 s on 2 cores. Both ask variants run interleaved on the
same workspace, so their ratio holds on a busy machine even when the absolute figures do not.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import CORPUS, ROOT, report

QUESTION = "What does the essay argue about brand moats?"
RUNS = 5
OTHERS = {
    "docs": ["docs"],
    "claims --json": ["claims", "--json"],
    "sparql (example)": ["sparql", "--example", "theses-and-attackers"],
}


def _cli(args: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "counterpoint.cli", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - t0


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws, models, empty = Path(tmp) / "ws", Path(tmp) / "models", Path(tmp) / "none"
        empty.mkdir()
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),
            "HF_HUB_OFFLINE": "1",
            "COUNTERPOINT_WORKSPACE": str(ws),
            "COUNTERPOINT_MODELS_DIR": str(models),
        }
        t0 = time.perf_counter()
        _cli(["ingest", str(CORPUS), "--recursive"], env)  # and the one-off ONNX export
        report(
            "cold-cli",
            "CLI ingest of the bundled corpus + ONNX export",
            time.perf_counter() - t0,
            "s",
        )
        torch_env = {**env, "COUNTERPOINT_MODELS_DIR": str(empty)}
        onnx_s, torch_s = [], []
        for _ in range(RUNS):
            onnx_s.append(_cli(["ask", QUESTION], env))
            torch_s.append(_cli(["ask", QUESTION], torch_env))
        onnx, torch = statistics.median(onnx_s), statistics.median(torch_s)
        report("cold-cli", f"ask, question by ONNX (median of {RUNS})", onnx, "s")
        report("cold-cli", f"ask, question by torch (median of {RUNS})", torch, "s")
        report("cold-cli", "ask torch / ONNX", torch / onnx, "x")
        for name, args in OTHERS.items():
            report(
                "cold-cli",
                f"{name} (median of {RUNS})",
                statistics.median(_cli(args, env) for _ in range(RUNS)),
                "s",
            )
        report("cold-cli", "load average during the runs (1/5/15 min)", _load())
        shutil.rmtree(ws, ignore_errors=True)
