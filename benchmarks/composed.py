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
_END = 30


class ComposedEmbedder(Embedder):
    """Embeds questions with the real model and passages as the mean of their sentences' vectors; a sentence not
    in the table (a document's own title line) is embedded by the model once and kept."""

    def __init__(self, real: Embedder, table: dict[str, np.ndarray]) -> None:
        super().__init__(real.settings)
        self.real = real
        self.table = dict(table)
        # A chunk boundary cuts a sentence: its piece is known by the sentence's first or last characters.
        self.ends = {key[:_END]: vector for key, vector in table.items() if len(key) >= _END}
        self.ends.update({key[-_END:]: vector for key, vector in table.items() if len(key) >= _END})
        self.composed = 0
        self.embedded = 0

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        prefix = self.settings.passage_prefix
        passages = [i for i, text in enumerate(texts) if text.startswith(prefix)]
        others = [i for i, text in enumerate(texts) if not text.startswith(prefix)]
        keys = [sentence_keys(texts[i][len(prefix) :]) or [texts[i][len(prefix) :]] for i in passages]
        self._learn(sorted({key for each in keys for key in each if self._known(key) is None}))
        self.composed += len(passages)
        vectors = [_mean([self._known(key) for key in each]) for each in keys]
        if others:
            vectors += list(self.real.embed_batch([texts[i] for i in others]))
        out = np.empty((len(texts), len(vectors[0])), dtype=np.float32)
        out[passages + others] = np.stack(vectors)
        return out

    def count_tokens(self, text: str) -> int:
        return self.real.count_tokens(text)

    @property
    def max_tokens(self) -> int:
        return int(getattr(self.real, "max_tokens", 512))

    def _known(self, key: str) -> np.ndarray | None:
        found = self.table.get(key)
        if found is None and len(key) >= _END:
            found = self.ends.get(key[:_END], self.ends.get(key[-_END:]))
        return found

    def _learn(self, sentences: list[str]) -> None:
        if sentences:
            prefix = self.settings.passage_prefix
            self.table.update(zip(sentences, self.real.embed_batch([prefix + s for s in sentences]), strict=True))
            self.embedded += len(sentences)


def _mean(vectors: list[np.ndarray]) -> np.ndarray:
    mean = np.mean(vectors, axis=0)
    return (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32)


def sentence_keys(text: str) -> list[str]:
    """The sentences of each line, whitespace folded (a passage's title line stays apart from its first sentence)."""
    return [
        " ".join(part.split())
        for line in text.splitlines()
        for part in _SENTENCE_END.split(line.strip())
        if part.strip()
    ]


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
