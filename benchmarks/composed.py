"""Passage vectors composed from sentence vectors, for scale runs the model cannot embed in the time at hand.

A synthetic corpus is made of the sample reports' sentences, so a passage's vector can be approximated by the
normalised mean of the real model's vectors of its sentences, embedded once. The index then holds realistic
vectors in the model's own space (search, fusion and answering do their real work on them), while the model's
forward passes over every passage, the one cost that grows with the corpus and is already measured on the
sample corpus and smaller levels, are left out. Questions are always embedded by the real model. Reports say
which levels were built this way.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from benchmarks.synthetic import read_material
from vectorstore.embedder import Embedder

logger = logging.getLogger(__name__)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class ComposedEmbedder(Embedder):
    """Embeds questions with the real model and passages as the mean of their known sentences' vectors."""

    def __init__(self, real: Embedder, table: dict[str, np.ndarray]) -> None:
        super().__init__(real.settings)
        self.real = real
        self.table = table
        self.composed = 0
        self.embedded = 0

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        prefix = self.settings.passage_prefix
        vectors = [self._compose(text[len(prefix) :]) if text.startswith(prefix) else None for text in texts]
        missing = [i for i, vector in enumerate(vectors) if vector is None]
        if missing:
            self.embedded += len(missing)
            for i, vector in zip(missing, self.real.embed_batch([texts[i] for i in missing]), strict=True):
                vectors[i] = vector
        self.composed += len(texts) - len(missing)
        return np.stack(vectors).astype(np.float32)

    def count_tokens(self, text: str) -> int:
        return self.real.count_tokens(text)

    @property
    def max_tokens(self) -> int:
        return int(getattr(self.real, "max_tokens", 512))

    def _compose(self, text: str) -> np.ndarray | None:
        known = [self.table[key] for key in sentence_keys(text) if key in self.table]
        if not known:
            return None
        mean = np.mean(known, axis=0)
        return mean / max(float(np.linalg.norm(mean)), 1e-12)


def sentence_keys(text: str) -> list[str]:
    return [" ".join(part.split()) for part in _SENTENCE_END.split(" ".join(text.split())) if part.strip()]


def sentence_table(real: Embedder, corpus_dir: Path, cache_dir: Path) -> dict[str, np.ndarray]:
    """The real model's vector of every sentence of the sample reports' paragraphs, cached in cache_dir."""
    material = read_material(corpus_dir)
    sentences = sorted({key for paragraph in material.paragraphs for key in sentence_keys(paragraph)})
    digest = hashlib.sha256("\n".join([real.name, *sentences]).encode()).hexdigest()[:16]
    cached = cache_dir / f"sentence-vectors-{digest}.npy"
    if cached.exists():
        vectors = np.load(cached)
    else:
        logger.warning("embedding the %d sentences of the sample reports once for composed vectors", len(sentences))
        vectors = np.concatenate(list(real.embed_passages(sentences)))
        cache_dir.mkdir(parents=True, exist_ok=True)
        np.save(cached, vectors)
    return dict(zip(sentences, vectors, strict=True))
