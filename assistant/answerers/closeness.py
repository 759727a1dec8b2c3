"""How close answer units are in meaning to a question: the vectors their passages carry (stored at ingest, pooled
in the passage's context) against the question's vector. A unit a window of chunks joins anew (a list's
introduction at the end of one chunk, its items in the next) takes the length-weighted mean of the stored vectors of
the units it is made of; any other unit its passage holds no vector for (a chunk ingested before its units changed)
is embedded now. Nothing is cached between questions, so an answer depends only on the question and its passages."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from studietur.core.types import Passage
from vectorstore.embedder import Embedder

logger = logging.getLogger(__name__)

_PART = 20  # characters: a shorter stored unit may occur inside another by chance
_COVERED = 0.8  # share of a joined unit its stored parts must make up


def closeness(embedder: Embedder, question: str, units: Sequence[tuple[Passage, str]]) -> np.ndarray:
    """Cosine similarity of the question to each (passage, unit text)."""
    if not units:
        return np.zeros(0, dtype=np.float32)
    vectors = [_stored(passage, text) for passage, text in units]
    missing = sorted({text for (_, text), vector in zip(units, vectors, strict=True) if vector is None})
    if missing:
        logger.debug("%d answer units carry no stored vector; embedding them now", len(missing))
        fresh = dict(zip(missing, np.concatenate(list(embedder.embed_passages(missing))), strict=True))
        vectors = [fresh[text] if vector is None else vector for vector, (_, text) in zip(vectors, units, strict=True)]
    return np.stack(vectors) @ embedder.embed_query(question)


def _stored(passage: Passage, text: str) -> np.ndarray | None:
    vector = passage.sentence_vectors.get(text)
    return vector if vector is not None else _composed(text, passage)


def _composed(text: str, passage: Passage) -> np.ndarray | None:
    """A unit a window splits otherwise than its chunk did: the stored vector of the unit that holds it and little
    more ("8. Sundhed" before it), else the mean of the stored vectors of the units it is made of, weighted by their
    length, when they make up most of it (a pooled vector is a mean over its tokens, so the parts' means combine into
    the whole's)."""
    whole = _letters(text)
    parts = []
    for unit, vector in passage.sentence_vectors.items():
        key = _letters(unit)
        if whole in key and len(whole) >= _COVERED * len(key):
            return vector
        if len(key) >= _PART and key in whole:
            parts.append((len(key), vector))
    if not parts or sum(length for length, _ in parts) < _COVERED * len(whole):
        return None
    mean = np.sum([length * vector for length, vector in parts], axis=0)
    return (mean / np.linalg.norm(mean)).astype(np.float32)


def _letters(text: str) -> str:
    """Letters and digits only: a list joined into one unit drops its markers and line breaks."""
    return "".join(char for char in text.casefold() if char.isalnum())
