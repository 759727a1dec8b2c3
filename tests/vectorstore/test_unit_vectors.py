"""Answer-unit vectors: pooled from the chunk's own pass at ingest, stored with the chunk, used at question time."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from helpers import CountingEmbedder

from assistant.service import Assistant
from studietur.core.types import Chunk
from studietur.text.units import split_units
from vectorstore.embedder import Embedder, SentenceTransformerEmbedder
from vectorstore.unit_vectors import pack, unit_spans, unpack

TEXT = (
    "Greyston Bakery i Yonkers ansætter efter princippet open hiring. Ingen spørgsmål stilles til ansøgerne.\n"
    "Virksomheden har 1.200 ansatte, og mottoet er: Vi ansætter ikke folk for at bage brød."
)


def _chunk(text: str = TEXT, section: str = "Besøg › Greyston") -> Chunk:
    return Chunk("c1", "doc.txt", "Rejserapport", section, text, 0, 0, len(text), "hash")


def test_unit_spans_point_at_the_units_inside_the_embedded_text() -> None:
    chunk = _chunk()
    shown = chunk.embed_text()
    units = split_units(chunk.text)
    assert [shown[a:b] for a, b in unit_spans(chunk, units)] == [unit.text for unit in units]


def test_pack_and_unpack_give_the_vectors_back_by_unit_text() -> None:
    chunk = _chunk()
    units = split_units(chunk.text)
    vectors = np.random.default_rng(1).normal(size=(len(units), 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    found = unpack(replace(chunk, unit_vectors=pack(units, vectors)))
    assert list(found) == [unit.text for unit in units]
    for unit, vector in zip(units, vectors, strict=True):
        assert float(found[unit.text] @ vector) > 0.9999  # int8 storage


def test_vectors_of_other_units_are_not_used() -> None:
    """A blob written for another split of the text (an older splitter) must not be read as this one's."""
    chunk = _chunk()
    other = split_units(chunk.text + "\nEn ekstra linje med mere tekst.")
    stale = pack(other, np.ones((len(other), 8), dtype=np.float32))
    assert unpack(replace(chunk, unit_vectors=stale)) == {}
    assert unpack(chunk) == {}
    assert unpack(replace(chunk, unit_vectors="garbage")) == {}


def test_pack_refuses_a_count_mismatch() -> None:
    units = split_units(TEXT)
    with pytest.raises(ValueError, match="units"):
        pack(units, np.ones((len(units) + 1, 4), dtype=np.float32))


def test_one_pass_gives_the_same_passage_vectors_and_close_unit_vectors(embedder: Embedder) -> None:
    assert isinstance(embedder, SentenceTransformerEmbedder)
    chunks = [_chunk(), _chunk("Kort tekst uden punktum", section=""), _chunk("ord " * 900)]  # the last is truncated
    texts = [chunk.embed_text() for chunk in chunks]
    ((vectors, units),) = list(
        embedder.embed_chunks(texts, [unit_spans(chunk, split_units(chunk.text)) for chunk in chunks])
    )
    plain = np.concatenate(list(embedder.embed_passages(texts)))
    assert np.allclose(vectors, plain, atol=1e-5)
    assert [len(u) for u in units] == [len(split_units(chunk.text)) for chunk in chunks]
    # Read in the context of their passage, the units still tell apart which of them a question is about.
    for question, expected in (
        ("Hvor mange ansatte har virksomheden?", 2),
        ("Stiller Greyston spørgsmål til ansøgerne?", 1),
        ("I hvilken by ligger Greyston Bakery?", 0),
    ):
        assert int(np.argmax(units[0] @ embedder.embed_query(question))) == expected, question


def test_answering_embeds_only_the_question(sample_assistant: Assistant) -> None:
    counting = CountingEmbedder(sample_assistant.embedder)
    bot = Assistant(sample_assistant.settings, sample_assistant.index, counting)
    answer = bot.ask("Hvilke principper ansætter Greyston Bakery efter?")
    assert answer.found and answer.citations
    assert counting.embedded == ["query: Hvilke principper ansætter Greyston Bakery efter?"]


def test_ingest_stores_unit_vectors_with_every_chunk(sample_assistant: Assistant) -> None:
    chunks = list(sample_assistant.index.store.chunks())
    stored = [unpack(chunk) for chunk in chunks]
    assert all(
        len(found) == len({u.text for u in split_units(c.text)}) for c, found in zip(chunks, stored, strict=True)
    )
