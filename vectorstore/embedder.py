"""Sentence-transformers embeddings with e5's query/passage prefixes."""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from vectorstore.config import BUNDLED_E5, EmbeddingSettings
from vectorstore.errors import ModelError

logger = logging.getLogger(__name__)

_SENTENCE_CACHE = 50_000  # vectors of answer sentences: ~75 MB at 384 dims


class Embedder(ABC):
    """Turns texts into unit vectors; subclasses implement one method."""

    def __init__(self, settings: EmbeddingSettings) -> None:
        self.settings = settings
        self._sentences: OrderedDict[str, np.ndarray] = OrderedDict()
        self._sentences_lock = threading.Lock()

    @abstractmethod
    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Embed already-prefixed texts into an (n, dim) float32 array of unit vectors."""

    def count_tokens(self, text: str) -> int:
        """Tokens the model sees for a text; a rough estimate unless overridden."""
        return len(text) // 3 + 1

    @property
    def name(self) -> str:
        return self.settings.model

    def embed_passages(self, texts: Sequence[str]) -> Iterator[np.ndarray]:
        """Embed passages in batches, yielding one array per batch (lets callers show progress)."""
        size = self.settings.batch_size
        prefix = self.settings.passage_prefix
        for start in range(0, len(texts), size):
            yield self.embed_batch([prefix + text for text in texts[start : start + size]])

    def similarities(self, question: str, passages: Sequence[str]) -> np.ndarray:
        """Cosine similarity of a question to each (short) passage; passages seen before are not re-embedded."""
        if not passages:
            return np.zeros(0, dtype=np.float32)
        return np.stack(self._sentence_vectors(passages)) @ self.embed_query(question)

    def _sentence_vectors(self, texts: Sequence[str]) -> list[np.ndarray]:
        with self._sentences_lock:
            found = {text: self._sentences.get(text) for text in texts}
            for text, vector in found.items():
                if vector is not None:
                    self._sentences.move_to_end(text)
        missing = sorted({text for text, vector in found.items() if vector is None})
        if missing:
            prefix = self.settings.passage_prefix
            fresh = self.embed_batch([prefix + text for text in missing])
            found.update(zip(missing, fresh, strict=True))
            with self._sentences_lock:
                self._sentences.update(zip(missing, fresh, strict=True))
                while len(self._sentences) > _SENTENCE_CACHE:
                    self._sentences.popitem(last=False)
        return [found[text] for text in texts]

    def embed_query(self, question: str) -> np.ndarray:
        return self._cached_query(question)

    @lru_cache(maxsize=1024)  # noqa: B019 - one embedder lives as long as the process
    def _cached_query(self, question: str) -> np.ndarray:
        vector = self.embed_batch([self.settings.query_prefix + question])[0]
        vector.setflags(write=False)
        return vector


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model folder or name."""

    def __init__(self, settings: EmbeddingSettings, model_path: str) -> None:
        super().__init__(settings)
        self.model = _load_sentence_transformer(model_path)
        self.tokenizer = self.model.tokenizer

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self.model.encode(
            list(texts),
            batch_size=len(texts),
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=True, truncation=False, verbose=False)["input_ids"])

    @property
    def max_tokens(self) -> int:
        return int(self.model.max_seq_length)


def load_embedder(settings: EmbeddingSettings, models_dir: Path) -> Embedder:
    """The embedder the settings name; the bundled e5 is converted once into models_dir."""
    if settings.threads:
        import torch

        torch.set_num_threads(settings.threads)
    return SentenceTransformerEmbedder(settings, _resolve_model(settings.model, models_dir))


def _resolve_model(name: str, models_dir: Path) -> str:
    if name == BUNDLED_E5:
        from vectorstore.e5_convert import ensure_e5_model

        return str(ensure_e5_model(models_dir))
    return name


def _load_sentence_transformer(model_path: str):  # noqa: ANN202 - framework type stays inside this module
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ModelError("sentence-transformers is missing: install the project with `make setup`") from exc
    logger.info("loading embedding model %s", model_path)
    try:
        return SentenceTransformer(model_path, device="cpu")
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"cannot load embedding model {model_path!r}: {exc}. Give a local sentence-transformers folder "
            f"in settings (embedding.model) or use '{BUNDLED_E5}'."
        ) from exc
