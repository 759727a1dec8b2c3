"""Sentence vectors are cached: the same sentences are not embedded twice, and results do not change."""

from __future__ import annotations

import numpy as np

from vectorstore.embedder import Embedder

SENTENCES = [
    "Greyston Bakery ansætter alle, der står på ventelisten, uden samtale.",
    "Udvalget besøgte Boston og New York i oktober 2023.",
    "Jobcentret samarbejder med virksomheder om praktikpladser.",
]


def test_cached_similarities_equal_fresh_ones(embedder: Embedder) -> None:
    question = "Hvordan ansætter Greyston Bakery?"
    prefix = embedder.settings.passage_prefix
    fresh = embedder.embed_batch([prefix + text for text in SENTENCES]) @ embedder.embed_query(question)
    first = embedder.similarities(question, SENTENCES)
    again = embedder.similarities(question, list(reversed(SENTENCES)))
    assert np.allclose(first, fresh, atol=1e-5)
    assert np.allclose(again, first[::-1], atol=1e-6)
    assert int(np.argmax(first)) == 0


def test_seen_sentences_are_not_embedded_again(embedder: Embedder) -> None:
    novel = [f"Sætning nummer {n} om beskæftigelse i København." for n in range(4)]
    embedder.similarities("beskæftigelse", novel)
    calls: list[int] = []
    original = embedder.embed_batch

    def counting(texts):  # noqa: ANN001, ANN202 - wraps the real model, counts batch sizes
        calls.append(len(texts))
        return original(texts)

    embedder.embed_batch = counting  # type: ignore[method-assign]
    try:
        embedder.similarities("beskæftigelse", [*novel, "En helt ny sætning om integration."])
    finally:
        del embedder.embed_batch
    assert calls == [1]
