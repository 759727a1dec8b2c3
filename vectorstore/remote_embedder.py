"""Embeddings from an OpenAI-compatible embeddings server (Infinity, Text Embeddings Inference, vLLM, Ollama) serving
the same model folder, so that ingest can run on a GPU host or a pool of servers while the index keeps one writer.

Only the model's vectors come from the server. Tokens are counted here with the model folder's own tokenizer (the
`tokenizers` library, no torch), so chunks are cut exactly as by the in-process model and keep their ids. A batch of
passages is sent as one request, and `embedding.workers` requests are in flight at once; the server batches them
together. The vectors of a passage's answer units are embedded alone (the server returns pooled vectors only), where
the in-process model pools them from the passage's own pass.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from studietur.core.errors import ModelError
from vectorstore.config import EmbeddingSettings
from vectorstore.embedder import Embedder, Span

logger = logging.getLogger(__name__)


class OpenAIEmbedder(Embedder):
    """POST {api_base}/embeddings with {"model", "input"}; vectors come back in input order and are normalised."""

    def __init__(self, settings: EmbeddingSettings, model_folder: Path) -> None:
        super().__init__(settings)
        if not settings.api_base:
            raise ModelError("embedding.backend is 'openai' but embedding.api_base is empty: give the server's URL")
        self._url = settings.api_base.rstrip("/") + "/embeddings"
        self._served = settings.api_model or settings.model
        self._tokenizer = _tokenizer(model_folder)

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        data = self._post({"model": self._served, "input": list(texts), "encoding_format": "float"})
        rows = sorted(data["data"], key=lambda row: row["index"])
        vectors = np.asarray([row["embedding"] for row in rows], dtype=np.float32)
        if len(vectors) != len(texts):
            raise ModelError(f"{self._url} returned {len(vectors)} vectors for {len(texts)} texts")
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)

    def embed_chunks(
        self, texts: Sequence[str], spans: Sequence[Sequence[Span]]
    ) -> Iterator[tuple[np.ndarray, list[np.ndarray]]]:
        """As Embedder.embed_chunks, with `workers` batches in flight at once; results keep their order."""
        size, prefix = self.settings.batch_size, self.settings.passage_prefix
        shift = len(prefix)
        jobs = []
        for start in range(0, len(texts), size):
            batch = [prefix + text for text in texts[start : start + size]]
            moved = [[(a + shift, b + shift) for a, b in each] for each in spans[start : start + size]]
            jobs.append((batch, moved))
        with ThreadPoolExecutor(max_workers=self.settings.workers, thread_name_prefix="embed") as pool:
            yield from pool.map(lambda job: self.embed_spans(*job), jobs)

    def count_tokens(self, text: str) -> int:
        return len(self._tokenizer.encode(text, add_special_tokens=True).ids)

    def _post(self, body: dict) -> dict:
        request = urllib.request.Request(
            self._url,
            data=json.dumps(body).encode("utf-8"),
            headers={"Content-Type": "application/json", **self._auth()},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.settings.timeout) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", "replace")
            raise ModelError(f"embedding server {self._url} answered {exc.code}: {detail}") from exc
        except (urllib.error.URLError, TimeoutError, ConnectionError, ValueError) as exc:
            raise ModelError(
                f"embedding server {self._url} cannot be reached ({exc}); start it or fix embedding.api_base"
            ) from exc

    def _auth(self) -> dict[str, str]:
        key = self.settings.api_key.get_secret_value()
        return {"Authorization": f"Bearer {key}"} if key else {}


def _tokenizer(folder: Path):  # noqa: ANN202 - the tokenizers type stays inside this module
    from tokenizers import Tokenizer

    try:
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    except Exception as exc:  # tokenizers raises its own exception type for a missing or bad file
        raise ModelError(f"{folder}: no usable tokenizer.json to count tokens with ({exc})") from exc
    tokenizer.no_truncation()  # counting must see every token, as the in-process count does
    tokenizer.no_padding()
    return tokenizer
