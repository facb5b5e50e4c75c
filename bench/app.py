"""App figures for `make bench`: cold start of `counterpoint serve` to the first page and to
the first answer, the first answer text in the chat when warm, concurrent chat sessions
through gradio_client (p50/p95, errors), and ingest through the Library upload vs the CLI's
in-process path.

The concurrency run is bounded: COUNTERPOINT_BENCH_APP_SECONDS (default 20; the issue's goal
is stated for 60) and COUNTERPOINT_BENCH_APP_SESSIONS (default 20).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench.common import CORPUS, ROOT, bundled_workspace, percentiles, report, shared_embedder

QUESTIONS = [
    "What does the essay argue about brand moats?",
    "How can open-source AI labs make money?",
    "Isn't brand a lagging indicator of performance?",
    "Why might open-source models become stale?",
]
START_TIMEOUT_S = 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _client(url: str) -> Any:
    from gradio_client import Client

    return Client(url, verbose=False)


def cold_start(workspace: Path) -> None:
    """`counterpoint serve` in a new process: seconds to the first page, then to the first
    grounded answer (the model loads in the background meanwhile)."""
    import httpx

    port = _free_port()
    env = {**os.environ, "COUNTERPOINT_WORKSPACE": str(workspace)}
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "counterpoint.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        while time.perf_counter() - t0 < START_TIMEOUT_S:
            try:
                page = httpx.get(url, timeout=2)
                if page.status_code == 200 and "<html" in page.text.lower():
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        first_page = time.perf_counter() - t0
        report("app", "cold start to first page (s)", first_page, "s")
        client = _client(url)
        answer = client.predict(QUESTIONS[0], api_name="/ask")
        assert answer.get("grounded"), answer
        report("app", "cold start to first answer (s)", time.perf_counter() - t0, "s")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a loaded machine can be slow to shut gradio down
            proc.kill()
            proc.wait(timeout=30)


def first_text_warm(url: str, repeat: int = 5) -> None:
    """Time from sending a chat message to the first assistant text that is not the
    "searching" placeholder. Extractive answers arrive whole (one event), so this is the
    first sentence and the whole answer at once."""
    client = _client(url)
    samples = []
    for i in range(repeat):
        t0 = time.perf_counter()
        job = client.submit(QUESTIONS[i % len(QUESTIONS)], [], api_name="/chat")
        for update in job:
            history = update[0]
            content = str(history[-1]["content"]) if history else ""
            if history and "Searching the corpus" not in content:
                samples.append((time.perf_counter() - t0) * 1000)
                break
        job.result()
    p50, p95 = percentiles(samples)
    report("app", "first answer text in chat, warm p50 (ms)", p50, "ms")
    report("app", "first answer text in chat, warm p95 (ms)", p95, "ms")


def concurrent_sessions(url: str, sessions: int, seconds: float) -> None:
    """`sessions` gradio_client sessions each chatting in a loop for `seconds`."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def session(i: int) -> None:
        try:
            client = _client(url)
        except Exception as exc:
            with lock:
                errors.append(f"connect: {exc}")
            return
        n = i
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            try:
                history, *_ = client.predict(QUESTIONS[n % len(QUESTIONS)], [], api_name="/chat")
                assert history and "⚠️" not in str(history[-1]["content"])
            except Exception as exc:
                with lock:
                    errors.append(" ".join(str(exc).split())[:120])
                continue
            finally:
                n += 1
            with lock:
                latencies.append((time.perf_counter() - t0) * 1000)

    threads = [threading.Thread(target=session, args=(i,)) for i in range(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 300)
    p50, p95 = percentiles(latencies) if latencies else (float("nan"), float("nan"))
    label = f"{sessions} sessions × {seconds:g} s"
    report("app", f"{label}: chats", str(len(latencies)))
    report("app", f"{label}: p50 (ms)", p50, "ms")
    report("app", f"{label}: p95 (ms)", p95, "ms")
    report("app", f"{label}: errors", str(len(errors)))
    if errors:
        report("app", "first error", errors[0])


def upload_vs_cli(tmp: Path) -> None:
    """The bundled corpus added through the Library upload (served app, gradio_client) and
    through the CLI's in-process ingest, each into an empty workspace, same loaded model."""
    from gradio_client import handle_file

    from counterpoint.config import Settings
    from counterpoint.service import Counterpoint
    from servers import serve_app

    files = sorted(str(p) for p in CORPUS.rglob("*.md"))
    embedder = shared_embedder()
    cli = Counterpoint(Settings(workspace=tmp / "cli"), embedder=embedder)
    try:
        t0 = time.perf_counter()
        results, timings = cli.ingest(files)
        cli_s = time.perf_counter() - t0
        assert all(r.status == "added" for r in results), results
    finally:
        cli.close()
    served = Counterpoint(Settings(workspace=tmp / "upload"), embedder=embedder)
    try:
        with serve_app(served) as url:
            client = _client(url + "/")
            t0 = time.perf_counter()
            message, *_ = client.predict([handle_file(f) for f in files], api_name="/upload")
            upload_s = time.perf_counter() - t0
        assert message.count("added") == len(files), message
    finally:
        served.close()
    report("app", "ingest via CLI path (chunks/s)", timings.chunks / cli_s, "chunks/s")
    report("app", "ingest via upload (chunks/s)", timings.chunks / upload_s, "chunks/s")
    report("app", "upload / CLI throughput", cli_s / upload_s, "")


def run() -> None:
    sys.path.insert(0, str(ROOT / "tests"))  # servers.py: the app in a thread on loopback
    from counterpoint.config import Settings
    from counterpoint.service import Counterpoint
    from servers import serve_app

    seconds = float(os.environ.get("COUNTERPOINT_BENCH_APP_SECONDS", "20"))
    sessions = int(os.environ.get("COUNTERPOINT_BENCH_APP_SESSIONS", "20"))
    with bundled_workspace() as tmp:
        shutil.copytree(tmp / "ws", tmp / "cold")
        cold_start(tmp / "cold")
        service = Counterpoint(Settings(workspace=tmp / "ws"), embedder=shared_embedder())
        try:
            service.warm()
            with serve_app(service) as url:
                first_text_warm(url + "/")
                concurrent_sessions(url + "/", sessions, seconds)
        finally:
            service.close()
        upload_vs_cli(tmp)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    run()
