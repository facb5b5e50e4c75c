"""Many clients on one served workspace while it changes: the harness behind the concurrency
suite (tests/concurrency/) and `make bench`'s concurrency section (bench/concurrency.py).

A real `counterpoint serve` process holds the workspace. Chat sessions (gradio_client: the
streamed `/chat` and the JSON `/ask`) and SPARQL clients (HTTP `/sparql` with the bearer token
from `server.json`) loop until a deadline, while CLI commands hand corpus changes to the
server (`counterpoint ingest` / `remove`, through the local API as a user's would). Every
reply is kept and checked afterwards against the corpus as it stood before and after the
changes (read through a read-only store while the server still runs):

- no request fails (transport errors, HTTP errors, "⚠️" in the chat, error fields);
- every quote is exactly `text[start:end]` of a version of its document that exists before or
  after the changes, and no question asked after a removal returned cites the removed document;
- every SPARQL reply shows each document whole: its version and chunk count are those of the
  before or the after state (documents switch one transaction at a time), and the links graph
  never names a document that is not stored (no dangling cross-essay link).
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from helpers import ROOT, cli_env
from helpers import run_cli as cli
from servers import free_port

QUESTIONS = [
    "What does the essay argue about brand moats?",
    "How can open-source AI labs make money?",
    "Isn't brand a lagging indicator of performance?",
    "Why does distribution beat the model as an advantage?",
    "Are switching costs the real moat?",
]
# Per document: its version and chunk count, and which documents the links graphs relate
# (`<links>` and the per-pair graphs under it).
PROBE = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX cp: <https://w3id.org/counterpoint/ns#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?kind ?id ?version (COUNT(DISTINCT ?c) AS ?n) WHERE {
  { GRAPH ?g { ?d a schema:Article ; dcterms:identifier ?id ; cp:version ?version .
               ?ctx dcterms:isPartOf ?d .
               OPTIONAL { ?c a cp:Chunk ; nif:referenceContext ?ctx } }
    BIND("doc" AS ?kind) }
  UNION
  { GRAPH ?l { ?a ?rel ?b . FILTER(STRSTARTS(STR(?rel), "http://purl.org/spar/cito/")) }
    FILTER(CONTAINS(STR(?l), "/graph/links"))
    VALUES ?end { 1 2 } BIND(IF(?end = 1, ?a, ?b) AS ?x)
    FILTER NOT EXISTS { GRAPH ?h { ?x a schema:Article } }
    BIND("dangling" AS ?kind) BIND(STR(?x) AS ?id) BIND("" AS ?version) }
} GROUP BY ?kind ?id ?version
"""
# A reply slower than this counts as an error (a stuck server shows up as errors, not a hang).
REQUEST_TIMEOUT_S = 180.0
_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def start_cli(*args: str) -> subprocess.Popen[str]:
    """`counterpoint …` started in its own process, not waited for (two at once)."""
    return subprocess.Popen(
        [sys.executable, "-m", "counterpoint.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(),
        cwd=ROOT,
    )


@dataclass(frozen=True)
class Served:
    url: str
    token: str
    workspace: Path


@contextmanager
def serve(workspace: Path, start_timeout_s: float = 300) -> Iterator[Served]:
    """`counterpoint serve` in its own process on a free loopback port; yields once the model
    and index are loaded (warm-up done), with the token it wrote into `server.json`."""
    port = free_port()
    args = ["serve", "--port", str(port), "--workspace", str(workspace)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "counterpoint.cli", *args],
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + start_timeout_s
    try:
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"serve exited: {proc.stderr.read() if proc.stderr else ''}")
            if time.time() > deadline:
                raise AssertionError("serve did not warm up in time")
            try:
                health = httpx.get(f"{url}/healthz", timeout=2)
                if health.status_code == 200 and health.json().get("ready"):
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        token = json.loads((workspace / "server.json").read_text())["token"]
        yield Served(url, token, workspace)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass(frozen=True)
class DocState:
    version: str
    n_chunks: int
    text: str


def corpus_state(workspace: Path) -> dict[str, DocState]:
    """{doc_id: state} as the graph says now, read through a read-only store (works beside
    the running server)."""
    from counterpoint.config import Settings
    from counterpoint.kg.documents_read import load_documents
    from counterpoint.kg.sparql.readonly import open_read_only

    store = open_read_only(Settings(workspace=workspace))
    try:
        return {
            s.doc.doc_id: DocState(s.version, s.n_chunks, s.doc.text) for s in load_documents(store)
        }
    finally:
        store.close()


@dataclass
class Reply:
    """One request as a client saw it: when it started and ended, and what came back."""

    kind: str  # "chat", "ask" or "sparql"
    started: float
    ended: float
    payload: Any = None
    error: str | None = None

    @property
    def ms(self) -> float:
        return (self.ended - self.started) * 1000


@dataclass
class LoadRun:
    replies: list[Reply] = field(default_factory=list)
    # Monotonic time each removal's command returned: later questions must not cite it.
    removed_at: dict[str, float] = field(default_factory=dict)
    change_errors: list[str] = field(default_factory=list)
    change_s: float = 0.0
    ingested: dict[str, str] = field(default_factory=dict)  # file name -> doc id

    def latencies(self, kind: str) -> list[float]:
        return [r.ms for r in self.replies if r.kind == kind and r.error is None]

    def errors(self) -> list[str]:
        return [f"{r.kind}: {r.error}" for r in self.replies if r.error] + self.change_errors


def _text(message: dict[str, Any]) -> str:
    content = message["content"]
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content)


def _chat_session(
    served: Served, i: int, stop: Callable[[], bool], out: list[Reply], lock: threading.Lock
) -> None:
    from gradio_client import Client

    def keep(reply: Reply) -> None:
        with lock:
            out.append(reply)

    try:
        # gradio_client gives its first requests (/config, /info) httpx's 5 s default: too
        # short for a 2-core machine embedding an ingest. Every request gets the same bound.
        client = Client(
            served.url + "/", verbose=False, httpx_kwargs={"timeout": REQUEST_TIMEOUT_S}
        )
    except Exception as exc:
        now = time.monotonic()
        keep(Reply("chat", now, now, error=f"connect: {' '.join(str(exc).split())[:200]}"))
        return
    n = i
    while not stop():
        question = QUESTIONS[n % len(QUESTIONS)]
        kind = "ask" if n % 2 else "chat"
        t0 = time.monotonic()
        try:
            if kind == "chat":
                job = client.submit(question, [], api_name="/chat")
                history, sources, _box, _card = job.result(timeout=REQUEST_TIMEOUT_S)
                message = _text(history[-1]) if history else ""
                if not history or "⚠️" in message:
                    raise RuntimeError(f"chat error message: {message[:200]}")
                payload: Any = sources
            else:
                payload = client.submit(question, api_name="/ask").result(REQUEST_TIMEOUT_S)
                if payload.get("error"):
                    raise RuntimeError(f"ask error: {payload['error']}")
            keep(Reply(kind, t0, time.monotonic(), payload))
        except Exception as exc:
            keep(Reply(kind, t0, time.monotonic(), error=" ".join(str(exc).split())[:300]))
        n += 1


def _sparql_client(
    served: Served, stop: Callable[[], bool], out: list[Reply], lock: threading.Lock
) -> None:
    headers = {
        "Authorization": f"Bearer {served.token}",
        "Content-Type": "application/sparql-query",
        "Accept": "application/sparql-results+json",
    }
    with httpx.Client(timeout=REQUEST_TIMEOUT_S, trust_env=False) as http:
        while not stop():
            t0 = time.monotonic()
            try:
                response = http.post(f"{served.url}/sparql", content=PROBE, headers=headers)
                if response.status_code != 200:
                    raise RuntimeError(f"HTTP {response.status_code}: {response.text[:200]}")
                reply = Reply("sparql", t0, time.monotonic(), response.json())
            except Exception as exc:
                reply = Reply("sparql", t0, time.monotonic(), error=" ".join(str(exc).split()))
            with lock:
                out.append(reply)


def run_load(
    served: Served,
    chats: int,
    sparqls: int,
    seconds: float,
    changes: Callable[[LoadRun], None],
    start_after_s: float = 1.0,
    max_s: float = 600.0,
) -> LoadRun:
    """`chats` chat sessions and `sparqls` SPARQL clients loop for at least `seconds` and
    until `changes` (run in its own thread after `start_after_s`) has returned, or `max_s`
    has passed (then an error: the changes did not finish, a stuck server)."""
    run = LoadRun()
    lock = threading.Lock()
    changed = threading.Event()
    started = time.monotonic()
    deadline = started + seconds

    def stop() -> bool:
        now = time.monotonic()
        return (changed.is_set() and now >= deadline) or now >= started + max_s

    def change() -> None:
        time.sleep(start_after_s)
        t0 = time.monotonic()
        try:
            changes(run)
        except Exception as exc:
            run.change_errors.append(f"change: {' '.join(str(exc).split())[:300]}")
        finally:
            run.change_s = time.monotonic() - t0
            changed.set()

    threads = [
        threading.Thread(target=_chat_session, args=(served, i, stop, run.replies, lock))
        for i in range(chats)
    ]
    threads += [
        threading.Thread(target=_sparql_client, args=(served, stop, run.replies, lock))
        for _ in range(sparqls)
    ]
    threads.append(threading.Thread(target=change))
    for t in threads:
        t.daemon = True  # a client stuck on a dead server must not keep the process alive
        t.start()
    for t in threads:
        t.join(timeout=max(0.0, started + max_s + REQUEST_TIMEOUT_S - time.monotonic()))
    if not changed.is_set():
        run.change_errors.append(f"the changes did not finish within {max_s:g} s")
    if any(t.is_alive() for t in threads):
        run.change_errors.append("a client was still waiting for a reply at the end")
    return run


def ingest_step(workspace: Path, *paths: Path) -> Callable[[LoadRun], None]:
    """A change: `counterpoint ingest PATHS --json` (handed to the running server)."""

    def step(run: LoadRun) -> None:
        done = cli("ingest", *map(str, paths), "--workspace", str(workspace), "--json")
        if done.returncode != 0:
            run.change_errors.append(f"ingest exit {done.returncode}: {done.stderr.strip()}")
            return
        rows = json.loads(done.stdout)
        bad = [r for r in rows if r["status"] not in ("added", "updated")]
        if bad:
            run.change_errors.append(f"ingest rows: {bad}")
        run.ingested.update((Path(r["source"]).name, r["doc_id"]) for r in rows if r["doc_id"])

    return step


def remove_step(workspace: Path, path: Path) -> Callable[[LoadRun], None]:
    """A change: `counterpoint remove DOC_ID` of the document ingested from `path` (handed to
    the running server)."""

    def step(run: LoadRun) -> None:
        doc_id = run.ingested[path.name]
        done = cli("remove", doc_id, "--workspace", str(workspace), "--json")
        if done.returncode != 0:
            run.change_errors.append(f"remove exit {done.returncode}: {done.stderr.strip()}")
            return
        run.removed_at[doc_id] = time.monotonic()

    return step


def snapshot_step(workspace: Path, states: list[dict[str, DocState]]) -> Callable[[LoadRun], None]:
    """Not a change: record the corpus as it stands between two changes."""

    def step(run: LoadRun) -> None:
        states.append(corpus_state(workspace))

    return step


def in_order(*steps: Callable[[LoadRun], None]) -> Callable[[LoadRun], None]:
    def all_steps(run: LoadRun) -> None:
        for step in steps:
            step(run)

    return all_steps


def violations(
    run: LoadRun, states: list[dict[str, DocState]], removed: set[str] | None = None
) -> list[str]:
    """Every reply checked against the corpus `states` (before, between, after the changes):
    the list of what a reader saw that no state holds (empty when all is consistent)."""
    versions: dict[str, list[DocState]] = {}
    for state in states:
        for doc_id, s in state.items():
            if s not in versions.setdefault(doc_id, []):
                versions[doc_id].append(s)
    texts = [s.text for ss in versions.values() for s in ss]
    found: list[str] = []
    for r in run.replies:
        if r.error is not None:
            continue
        if r.kind == "chat":
            if "cp-warn" in r.payload:
                found.append("chat: a source shown as 'quote not found at its offsets'")
            for marked in _MARK.findall(r.payload):
                quote = html.unescape(marked)
                if not any(quote in t for t in texts):
                    found.append(f"chat: marked text in no stored document: {quote[:80]!r}")
        elif r.kind == "ask":
            for c in r.payload.get("citations", []):
                doc_id = c["doc_id"]
                if not any(
                    s.text[c["start"] : c["end"]] == c["quote"] for s in versions.get(doc_id, [])
                ):
                    found.append(
                        f"ask: quote is not text[start:end] of {doc_id}: {c['quote'][:80]!r}"
                    )
                gone = run.removed_at.get(doc_id)
                if gone is not None and r.started > gone:
                    found.append(f"ask: cites {doc_id}, asked after it was removed")
        else:
            for row in r.payload["results"]["bindings"]:
                kind, doc_id = row["kind"]["value"], row["id"]["value"]
                if kind == "dangling":
                    found.append(f"sparql: links graph names a missing document {doc_id}")
                    continue
                seen = (row["version"]["value"], int(row["n"]["value"]))
                allowed = {(s.version, s.n_chunks) for s in versions.get(doc_id, [])}
                if seen not in allowed:
                    found.append(f"sparql: {doc_id} seen as {seen}, in no state {sorted(allowed)}")
    return sorted(set(found))


ESSAYS = {
    "distribution.md": """---
title: "Distribution Beats Models"
author: Test Author
date: 2024-09-01
---
Distribution Beats Models

The durable advantage in AI is distribution, not the model. A lab that owns the channel to
customers can swap in whichever model is best this quarter. Distribution compounds because every
new customer makes the next sale cheaper through referrals and integrations.

Some say brand is the moat. But brand follows distribution: people trust what they already use.
""",
    "data-flywheels.md": """---
title: "Data Flywheels Are Slower Than They Look"
author: Another Writer
date: 2024-10-12
---
Data Flywheels Are Slower Than They Look

Usage data is said to make the leading product better every week. In practice most logged
interactions are redundant, and the gains from more of the same data flatten quickly.

A flywheel only turns when the product learns something a competitor cannot buy. Switching costs
matter more than data volume, because customers rarely leave a tool their workflow depends on.
""",
    "pricing-power.md": """---
title: "Pricing Power After Commoditisation"
author: Third Person
date: 2025-01-20
---
Pricing Power After Commoditisation

When open models match closed ones, prices fall towards the cost of serving. The labs that keep
margins sell reliability, support and compliance, not tokens.

Open-source releases do not destroy pricing power; they move it to the services around the model.
Brand is a lagging indicator of that service quality, not its cause.
""",
}
EDITED = (
    "\nA second look: distribution also decides which models get feedback at all, so the gap "
    "between the channel owner and everyone else widens every quarter.\n"
)


def write_essays(folder: Path) -> list[Path]:
    """The new essays the suite ingests while clients read (no overlap with the bundled
    corpus), written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in ESSAYS.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def edit_step(path: Path) -> Callable[[LoadRun], None]:
    """Not a change to the workspace: edit a file on disk, so its next ingest is an update."""

    def step(run: LoadRun) -> None:
        path.write_text(path.read_text(encoding="utf-8") + EDITED, encoding="utf-8")

    return step


@dataclass
class Outcome:
    run: LoadRun
    found: list[str]
    before: dict[str, DocState]
    after: dict[str, DocState]


def churn(
    served: Served, folder: Path, chats: int, sparqls: int, seconds: float, max_s: float = 600
) -> Outcome:
    """The suite's scenario: while the clients loop, three new essays are ingested, one of
    them is edited and ingested again (an update), another is removed; the corpus is read
    between the changes so every reply can be checked against a state that existed."""
    ws = served.workspace
    first, second, third = write_essays(folder)
    states = [corpus_state(ws)]
    changes = in_order(
        ingest_step(ws, first, second, third),
        snapshot_step(ws, states),
        edit_step(first),
        ingest_step(ws, first),
        snapshot_step(ws, states),
        remove_step(ws, third),
    )
    run = run_load(served, chats, sparqls, seconds, changes, max_s=max_s)
    states.append(corpus_state(ws))
    return Outcome(run, violations(run, states), states[0], states[-1])
