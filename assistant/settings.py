"""The one typed settings tree, read from settings.yaml plus STUDIETUR__* environment overrides."""

from __future__ import annotations

import hashlib
import json
import logging
import numbers
import os
import re
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator

from assistant.cache import CacheSettings
from ingest.config import CHUNKER_VERSION, IngestSettings
from studietur.core.errors import ConfigError, InputError
from studietur.text.danish import ANALYZER_VERSION
from vectorstore.config import ChromaSettings, EmbeddingSettings
from vectorstore.unit_vectors import VERSION as UNIT_VECTORS_VERSION

logger = logging.getLogger(__name__)

ENV_PREFIX = "STUDIETUR__"
# Passages per question: one range for retrieval.k, the API's k, `--k` and the chat's slider.
MIN_K, MAX_K = 1, 50
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}")


class PathSettings(BaseModel):
    """Folders; relative paths are taken from the folder holding settings.yaml."""

    corpus_dir: Path = Field(
        Path("data/reports"), description="Folder of reports that `studietur ingest` reads by default."
    )
    index_dir: Path = Field(Path("data/index"), description="Chroma store, BM25 index, manifest and feedback.")
    models_dir: Path = Field(Path("data/models"), description="Converted embedding models (made once, offline).")


Fusion = Literal["convex", "rrf"]


class RetrievalSettings(BaseModel):
    """How passages are found."""

    mode: Literal["hybrid", "dense", "bm25"] = Field("hybrid", description="Dense, BM25 or both fused.")
    k: int = Field(5, ge=MIN_K, le=MAX_K, description="Passages returned.")
    candidates: int = Field(30, ge=1, le=500, description="Candidates taken from each retriever before fusion.")
    fusion: Fusion = Field(
        "convex",
        description="How hybrid mode fuses its rankings: 'convex' adds the min-max scaled scores, weighted; 'rrf' adds "
        "weighted reciprocal ranks (see assistant.retrieval.fuse).",
    )
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant (fusion 'rrf' only).")
    bm25_weight: float = Field(
        1.0,
        ge=0,
        description="Weight of BM25 ranks in the fusion for Danish questions (dense has 1); chosen with "
        "sentence_weight by `studietur eval tune`.",
    )
    sentence_weight: float = Field(
        0.5,
        ge=0,
        description="Weight of the candidates' ranks by their best sentence's closeness to the question (the "
        "sentence vectors ingest stores); 0: passages are ranked by their own vector and BM25 only.",
    )
    window: int = Field(
        1,
        ge=0,
        le=3,
        description="Chunks on either side of a found chunk, within its section, that its passage includes (small to "
        "big: found by the chunk, read, quoted and cited with its surroundings); 0: the chunk alone.",
    )
    bm25_weight_english: float = Field(
        0.0,
        ge=0,
        description="Weight of BM25 ranks for English questions; 0 (dense only) measured best: English words rarely match Danish text.",
    )


def checked_k(k: object) -> int | None:
    """A number of passages asked for: None (retrieval.k applies) or a whole number from MIN_K to MAX_K."""
    if k is None:
        return None
    if isinstance(k, numbers.Integral) and not isinstance(k, bool) and MIN_K <= int(k) <= MAX_K:
        return int(k)
    raise InputError(f"k (passages) must be a whole number from {MIN_K} to {MAX_K}, not {k!r}")


class AnswerSettings(BaseModel):
    """How extractive answers are composed."""

    max_sentences: int = Field(
        8,
        ge=1,
        le=12,
        description="Quotes in an answer (a sentence and the next ones of its paragraph that carry it on), within "
        "`max_chars`.",
    )
    max_chars: int = Field(
        1300,
        ge=200,
        le=5000,
        description="Characters quoted in an answer, about (the quote that crosses the limit is kept whole). Longer "
        "answers hold more of the facts asked for and take longer to read (docs/ranking-experiments.md).",
    )
    sentence_similarity_weight: float = Field(
        1.0,
        ge=0,
        description="Weight of the embedder's question-sentence similarity in choosing sentences (0: lexical only).",
    )
    quotes_per_passage: int = Field(
        6, ge=1, le=12, description="Quotes from one passage, at most (chosen by `studietur eval tune`)."
    )
    passage_share: float = Field(
        0.7,
        ge=0,
        le=1,
        description="A passage beyond the first is quoted only when its best sentence scores this share of the "
        "answer's best sentence: each cited passage should carry part of the answer (chosen by `studietur eval tune`).",
    )
    refusal_model: Path | None = Field(
        None,
        description="The refusal policy's fitted model (JSON from `studietur eval calibrate --write FILE`); empty: the "
        "one shipped in assistant/refusal_model.json. Relative paths are taken from the settings file's folder.",
    )


class LLMSettings(BaseModel):
    """Optional generative answers (README: "Generative mode"); extractive answers need no LLM."""

    backend: Literal["none", "openai", "ollama", "llama-cpp"] = Field(
        "none",
        description="'none' (extractive only), 'openai' (any OpenAI-compatible server), 'ollama', or 'llama-cpp' "
        "(a local GGUF file).",
    )
    model: str = Field("", description="Model name on the server ('openai', 'ollama'); unused by 'llama-cpp'.")
    api_base: str = Field(
        "",
        description="Server URL: the OpenAI-compatible base ending in /v1 for 'openai' (e.g. "
        "http://127.0.0.1:8080/v1); Ollama's URL for 'ollama' (empty: http://127.0.0.1:11434).",
    )
    api_key: SecretStr = Field(
        SecretStr(""),
        description="API key for 'openai'; give it as ${OPENAI_API_KEY:} in settings.yaml, never literally. "
        "Hidden from repr, logs and error messages.",
    )
    is_chat_model: bool = Field(
        True, description="'openai': the server has a chat endpoint (false: plain completions with our template)."
    )
    model_path: Path | None = Field(
        None, description="'llama-cpp': the GGUF file; relative paths are taken from the settings file's folder."
    )
    context_window: int = Field(4096, ge=512, description="Tokens the model reads (prompt and answer together).")
    max_tokens: int = Field(512, ge=16, le=8192, description="Most tokens generated for one answer.")
    temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature; 0 for repeatable answers.")
    timeout: float = Field(60.0, gt=0, description="Seconds to wait for the LLM before answering extractively.")
    history_turns: int = Field(
        4, ge=0, le=20, description="Newest chat turns given to the LLM when condensing a follow-up question."
    )
    support_share: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Share of a generated Danish sentence's key terms that its cited passages must hold, else "
        "the sentence is dropped.",
    )
    support_share_english: float = Field(
        0.2,
        ge=0,
        le=1,
        description="The same for English sentences, which share mostly names with the Danish reports.",
    )


class UISettings(BaseModel):
    """The server: the Gradio app and the HTTP API."""

    host: str = Field("127.0.0.1", description="Address the app binds; loopback unless deployed behind a proxy.")
    port: int = Field(7860, ge=1, le=65535, description="Port of the app.")
    timezone: str = Field(
        "Europe/Copenhagen", description="Time zone (IANA name) the app shows times in, such as when a file was read."
    )
    cors_origins: list[str] = Field(
        default_factory=list,
        description="Origins (such as https://intranet.kk.dk) whose pages may call the API from a browser; empty: "
        "only pages the server itself serves.",
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {name!r}; use an IANA name such as Europe/Copenhagen") from exc
        return name


class Settings(BaseModel):
    """The whole tree; each package receives only its branch."""

    paths: PathSettings = Field(default_factory=PathSettings, description="Folders.")
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings, description="Embedding model.")
    chroma: ChromaSettings = Field(default_factory=ChromaSettings, description="Vector store.")
    ingest: IngestSettings = Field(default_factory=IngestSettings, description="Ingest.")
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings, description="Retrieval.")
    answer: AnswerSettings = Field(default_factory=AnswerSettings, description="Extractive answers.")
    llm: LLMSettings = Field(default_factory=LLMSettings, description="Optional LLM.")
    ui: UISettings = Field(default_factory=UISettings, description="Web app.")
    cache: CacheSettings = Field(default_factory=CacheSettings, description="Repeated questions.")

    def index_fingerprint(self) -> str:
        """What the stored index depends on: changing it means a rebuild."""
        relevant = {
            "embedding": self.embedding.model_dump(include={"model", "query_prefix", "passage_prefix"}),
            "chunking": self.ingest.chunking.model_dump(),
            "chunker": CHUNKER_VERSION,
            "bm25_analyzer": ANALYZER_VERSION,
            "unit_vectors": UNIT_VECTORS_VERSION,
        }
        return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:16]


def default_settings_file() -> Path:
    """settings.yaml in the working folder, or the one named by STUDIETUR_SETTINGS."""
    return Path(os.environ.get("STUDIETUR_SETTINGS", "settings.yaml"))


def load_settings(path: Path | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    """Read the tree: file, then environment, then explicit overrides (highest)."""
    path = path or default_settings_file()
    raw = _read_yaml(path) if path.exists() else {}
    _merge(raw, _env_overrides(os.environ))
    _merge(raw, overrides or {})
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in exc.errors())
        raise ConfigError(f"{path}: invalid settings ({problems}); fix the file or the STUDIETUR__* variable") from exc
    return _anchor_paths(settings, path.resolve().parent if path.exists() else Path.cwd())


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = _expand_env(path.read_text(encoding="utf-8"))
        data = yaml.safe_load(text) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read settings: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the top level must be a mapping of sections")
    return data


def _expand_env(text: str) -> str:
    """Replace ${VAR} and ${VAR:default} by the environment's value."""
    return _ENV_REF.sub(lambda m: os.environ.get(m.group(1), m.group(2) or ""), text)


def _env_overrides(environ: dict[str, str] | os._Environ[str]) -> dict[str, Any]:
    """STUDIETUR__CHROMA__MODE=http becomes {"chroma": {"mode": "http"}}; STUDIETUR__UI__CORS_ORIGINS='["a", "b"]' a
    list."""
    tree: dict[str, Any] = {}
    for key, value in environ.items():
        if not key.startswith(ENV_PREFIX):
            continue
        parts = key[len(ENV_PREFIX) :].lower().split("__")
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = _env_value(value)
    return tree


def _env_value(value: str) -> Any:
    """A list or mapping written as YAML or JSON (`["https://intranet.kk.dk"]`) is read as one; scalars stay text,
    which the typed tree converts."""
    if value.lstrip().startswith(("[", "{")):
        try:
            return yaml.safe_load(value)
        except yaml.YAMLError as exc:
            raise ConfigError(f"cannot read {value!r} as a list or mapping ({exc})") from exc
    return value


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value


def _anchor_paths(settings: Settings, root: Path) -> Settings:
    paths = settings.paths
    anchored = {name: (value if value.is_absolute() else root / value) for name, value in paths.model_dump().items()}
    update: dict[str, Any] = {"paths": PathSettings(**anchored)}
    model_path = settings.llm.model_path
    if model_path is not None and not model_path.is_absolute():
        update["llm"] = settings.llm.model_copy(update={"model_path": root / model_path})
    refusal_model = settings.answer.refusal_model
    if refusal_model is not None and not refusal_model.is_absolute():
        update["answer"] = settings.answer.model_copy(update={"refusal_model": root / refusal_model})
    return settings.model_copy(update=update)
