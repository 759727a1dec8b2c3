"""How close answer units are in meaning to a question: the vectors their passages carry (stored at ingest, pooled
in the passage's context) against the question's vector. A unit its passage holds no vector for (a chunk ingested
before its units changed) is embedded now; nothing is cached between questions, so an answer depends only on the
question and its passages."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from studietur.core.types import Passage
from vectorstore.embedder import Embedder

logger = logging.getLogger(__name__)


def closeness(embedder: Embedder, question: str, units: Sequence[tuple[Passage, str]]) -> np.ndarray:
    """Cosine similarity of the question to each (passage, unit text)."""
    if not units:
        return np.zeros(0, dtype=np.float32)
    vectors = [passage.sentence_vectors.get(text) for passage, text in units]
    missing = sorted({text for (_, text), vector in zip(units, vectors, strict=True) if vector is None})
    if missing:
        logger.debug("%d answer units carry no stored vector; embedding them now", len(missing))
        fresh = dict(zip(missing, np.concatenate(list(embedder.embed_passages(missing))), strict=True))
        vectors = [fresh[text] if vector is None else vector for vector, (_, text) in zip(vectors, units, strict=True)]
    return np.stack(vectors) @ embedder.embed_query(question)
