"""Closeness of answer units to a question: read from the vectors each passage carries, never from a cache that
earlier questions filled."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from helpers import CountingEmbedder

from assistant.answerers.closeness import closeness
from assistant.service import Assistant
from studietur.core.types import Chunk, Passage
from studietur.text.units import split_units
from vectorstore.embedder import Embedder

QUESTION = "Hvilke principper ansætter Greyston Bakery efter?"


def test_stored_vectors_are_used_and_missing_ones_are_embedded(sample_assistant: Assistant) -> None:
    (passage, *_) = sample_assistant.search(QUESTION, k=1)
    texts = [unit.text for unit in split_units(passage.chunk.text)]
    assert set(texts) == set(passage.sentence_vectors)
    counting = CountingEmbedder(sample_assistant.embedder)
    query = counting.embed_query(QUESTION)

    stored = closeness(counting, QUESTION, [(passage, text) for text in texts])
    assert counting.embedded == [f"query: {QUESTION}"]
    assert np.allclose(stored, np.stack([passage.sentence_vectors[t] for t in texts]) @ query)

    bare = replace(passage, sentence_vectors={})
    fresh = closeness(counting, QUESTION, [(bare, text) for text in texts])
    assert sorted(counting.embedded[1:]) == sorted(f"passage: {text}" for text in set(texts))
    alone = np.concatenate(list(sample_assistant.embedder.embed_passages(texts)))
    assert np.allclose(fresh, alone @ query, atol=1e-5)


def test_an_answer_depends_only_on_its_question(sample_assistant: Assistant, embedder: Embedder) -> None:
    first = Assistant(sample_assistant.settings, sample_assistant.index, embedder).ask(QUESTION, k=8)
    other = Assistant(sample_assistant.settings, sample_assistant.index, embedder)
    for earlier in ("Hvad er Greyston Bakerys motto?", "Hvem mødte udvalget i New York?", "open hiring"):
        other.ask(earlier, k=8)
    again = other.ask(QUESTION, k=8)
    assert again.text == first.text
    assert [c.passage.chunk.id for c in again.citations] == [c.passage.chunk.id for c in first.citations]


def test_a_unit_a_window_splits_otherwise_is_read_from_the_stored_vectors_it_is_made_of() -> None:
    """A list joined across two chunks, and a sentence its chunk read with a heading before it, take stored vectors
    (no model call): the embedder here would fail if asked."""
    intro, item = "De fem metoder er bl.a.: kurser for borgerne.", "Træning i at skrive CV og jobsamtaler."
    heading = "8. Sundhed\n\nDriften er forankret i 15 bydelsadministrationer."
    vectors = {intro: np.array([1.0, 0.0]), f"- {item}": np.array([0.0, 1.0]), heading: np.array([0.6, 0.8])}
    passage = _passage(vectors)

    class NoModel:
        def embed_query(self, text: str) -> np.ndarray:
            return np.array([1.0, 0.0])

        def embed_passages(self, texts: list[str]) -> list[np.ndarray]:
            raise AssertionError(f"embedded {texts}")

    joined = f"{intro[:-1]}; {item}"  # a window's unit: the introduction with the item of the next chunk
    sentence = "Driften er forankret i 15 bydelsadministrationer."
    close = closeness(NoModel(), "spørgsmål", [(passage, joined), (passage, sentence)])  # type: ignore[arg-type]
    weights = np.array([len("Defemmetodererblakurserforborgerne"), len("TræningiatskriveCVogjobsamtaler")])
    mean = weights[0] * np.array([1.0, 0.0]) + weights[1] * np.array([0.0, 1.0])
    assert np.allclose(close, [mean[0] / np.linalg.norm(mean), 0.6])


def _passage(vectors: dict[str, np.ndarray]) -> Passage:
    chunk = Chunk("c-0001", "doc.md", "Rapport", "", "\n".join(vectors), 1, 0, 10, "h")
    return Passage(chunk, 1.0, 1, sentence_vectors=vectors)
