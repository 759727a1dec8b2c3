"""Vectors of a chunk's answer units, stored with the chunk so answering a question embeds only the question.

They travel in the chunk's Chroma metadata as one string: a version, a digest of the unit texts they belong to,
and the vectors in base64, each scaled to int8 (only their direction matters: about 0.5 KB per unit). The
digest makes a stale blob (the unit splitter changed since ingest) unusable rather than wrong: such a chunk's
units are embedded at question time instead.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType

import numpy as np

from studietur.core.types import Chunk
from studietur.text.units import Unit, split_units

VERSION = "u3"
_NONE: Mapping[str, np.ndarray] = MappingProxyType({})


def unit_spans(chunk: Chunk, units: Sequence[Unit]) -> list[tuple[int, int]]:
    """Where each answer unit of the chunk (`split_units(chunk.text)`) stands in the text the embedder sees."""
    shift = len(chunk.embed_text()) - len(chunk.text)
    return [(shift + unit.start, shift + unit.end) for unit in units]


def pack(units: Sequence[Unit], vectors: np.ndarray) -> str:
    if len(units) != len(vectors):
        raise ValueError(f"{len(units)} units but {len(vectors)} vectors")
    vectors = np.asarray(vectors, dtype=np.float32)
    scale = np.abs(vectors).max(axis=1, keepdims=True).clip(min=1e-12)
    data = base64.b64encode(np.round(vectors / scale * 127).astype(np.int8).tobytes()).decode("ascii")
    return f"{VERSION}:{_digest(units)}:{data}"


@lru_cache(maxsize=1024)
def unpack(chunk: Chunk) -> Mapping[str, np.ndarray]:
    """The chunk's stored unit vectors by unit text; empty when it has none or they belong to other units. Cached
    (retrieval reads the candidates' vectors for every question): the mapping is shared, never to be changed."""
    units = split_units(chunk.text)
    version, _, rest = chunk.unit_vectors.partition(":")
    digest, _, data = rest.partition(":")
    if version != VERSION or digest != _digest(units) or not units:
        return _NONE
    try:
        flat = np.frombuffer(base64.b64decode(data, validate=True), dtype=np.int8).astype(np.float32)
    except ValueError:
        return _NONE
    if flat.size % len(units):
        return _NONE
    vectors = flat.reshape(len(units), -1)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True).clip(min=1e-12)
    vectors.setflags(write=False)
    return MappingProxyType({unit.text: vector for unit, vector in zip(units, vectors, strict=True)})


def _digest(units: Sequence[Unit]) -> str:
    return hashlib.sha1("\x1f".join(unit.text for unit in units).encode()).hexdigest()[:12]
