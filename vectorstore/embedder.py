"""Sentence-transformers embeddings with e5's query/passage prefixes."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from functools import lru_cache
from pathlib import Path

import numpy as np

from studietur.core.errors import ModelError
from vectorstore.config import BUNDLED_E5, EmbeddingSettings
from vectorstore.precision import PrecisionChoice, choose

logger = logging.getLogger(__name__)

Span = tuple[int, int]


class Embedder(ABC):
    """Turns texts into unit vectors; subclasses implement one method."""

    def __init__(self, settings: EmbeddingSettings) -> None:
        self.settings = settings
        # The numeric path the model runs on and why (vectorstore/precision.py); None where another process decides.
        self.precision: PrecisionChoice | None = None

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

    def embed_chunks(
        self, texts: Sequence[str], spans: Sequence[Sequence[Span]]
    ) -> Iterator[tuple[np.ndarray, list[np.ndarray]]]:
        """Embed passages in batches, each with a vector for every (start, end) span of its text: the vectors of
        its answer units, so that answering a question embeds only the question."""
        size = self.settings.batch_size
        prefix = self.settings.passage_prefix
        shift = len(prefix)
        for start in range(0, len(texts), size):
            batch = [prefix + text for text in texts[start : start + size]]
            moved = [[(a + shift, b + shift) for a, b in each] for each in spans[start : start + size]]
            yield self.embed_spans(batch, moved)

    def embed_spans(self, texts: Sequence[str], spans: Sequence[Sequence[Span]]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Vectors of already-prefixed texts and of their spans. This default embeds every span's text alone;
        models that expose their token states pool the spans from the same pass instead."""
        prefix = self.settings.passage_prefix
        pieces = [[prefix + text[a:b] for a, b in each] for text, each in zip(texts, spans, strict=True)]
        flat = [piece for each in pieces for piece in each]
        alone = self.embed_batch(flat) if flat else np.zeros((0, 0), dtype=np.float32)
        bounds = np.cumsum([0, *(len(each) for each in pieces)])
        return self.embed_batch(texts), [alone[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]

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
        self.precision = PrecisionChoice("fp32", "not chosen yet")

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed_as(texts, self.precision is not None and self.precision.bf16)

    def embed_as(self, texts: Sequence[str], bf16: bool) -> np.ndarray:
        """Unit vectors of already-prefixed texts, under bf16 autocast or in float32 whatever was chosen."""
        with _autocast(bf16):
            vectors = self.model.encode(
                list(texts),
                batch_size=len(texts),
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)

    def embed_spans(self, texts: Sequence[str], spans: Sequence[Sequence[Span]]) -> tuple[np.ndarray, list[np.ndarray]]:
        """One pass of the model: a text's vector is the mean of its token states (the model's own pooling) and a
        span's vector the mean of the token states inside it, read in the context of the whole passage. Spans
        cut off by truncation are embedded alone."""
        states, offsets = self._token_states(texts)
        vectors = np.stack([_unit(tokens.mean(axis=0)) for tokens in states])
        pooled = [_pool_spans(tokens, where, each) for tokens, where, each in zip(states, offsets, spans, strict=True)]
        missing = [(i, j) for i, each in enumerate(pooled) for j, vector in enumerate(each) if vector is None]
        if missing:
            prefix = self.settings.passage_prefix
            alone = self.embed_batch([prefix + texts[i][slice(*spans[i][j])] for i, j in missing])
            for (i, j), vector in zip(missing, alone, strict=True):
                pooled[i][j] = vector
        dim = vectors.shape[1]
        return vectors, [np.stack(each) if each else np.zeros((0, dim), dtype=np.float32) for each in pooled]

    def _token_states(self, texts: Sequence[str]) -> tuple[list[np.ndarray], list[np.ndarray]]:
        import torch

        features = self.tokenizer(
            list(texts),
            padding=True,
            truncation=True,
            max_length=self.max_tokens,
            return_offsets_mapping=True,
            return_tensors="pt",
        )
        offsets = features.pop("offset_mapping").numpy()
        mask = features["attention_mask"].numpy().astype(bool)
        with torch.inference_mode(), _autocast(self.precision is not None and self.precision.bf16):
            hidden = self.model[0].auto_model(**features).last_hidden_state.float().numpy()
        return [hidden[i][mask[i]] for i in range(len(texts))], [offsets[i][mask[i]] for i in range(len(texts))]

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=True, truncation=False, verbose=False)["input_ids"])

    @property
    def max_tokens(self) -> int:
        return int(self.model.max_seq_length)


def _autocast(bf16: bool) -> AbstractContextManager[object]:
    if not bf16:
        return nullcontext()
    import torch

    return torch.autocast("cpu", dtype=torch.bfloat16)


def _unit(vector: np.ndarray) -> np.ndarray:
    return (vector / max(float(np.linalg.norm(vector)), 1e-12)).astype(np.float32)


def _pool_spans(tokens: np.ndarray, offsets: np.ndarray, spans: Sequence[Span]) -> list[np.ndarray | None]:
    """Mean token state of each span (tokens overlapping it); None for a span no token reaches."""
    real = offsets[:, 1] > offsets[:, 0]  # special tokens have empty offsets
    pooled: list[np.ndarray | None] = []
    for start, end in spans:
        inside = real & (offsets[:, 0] < end) & (offsets[:, 1] > start)
        pooled.append(_unit(tokens[inside].mean(axis=0)) if inside.any() else None)
    return pooled


def load_embedder(settings: EmbeddingSettings, models_dir: Path) -> Embedder:
    """The embedder the settings name; the bundled e5 is converted once into models_dir."""
    if settings.backend == "openai":
        from vectorstore.remote_embedder import OpenAIEmbedder

        return OpenAIEmbedder(settings, Path(_resolve_model(settings.model, models_dir)))
    if settings.threads:
        import torch

        torch.set_num_threads(settings.threads)
    embedder = SentenceTransformerEmbedder(settings, _resolve_model(settings.model, models_dir))
    prefixed = settings.passage_prefix
    embedder.precision = choose(
        settings.precision,
        settings.model,
        models_dir,
        lambda texts: embedder.embed_as([prefixed + text for text in texts], bf16=False),
        lambda texts: embedder.embed_as([prefixed + text for text in texts], bf16=True),
    )
    logger.info("embedding precision: %s (%s)", embedder.precision.path, embedder.precision.reason)
    return embedder


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
