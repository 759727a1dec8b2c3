"""Composed passage vectors for scale runs: sentence vectors of the real model, averaged; questions stay real."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from benchmarks.composed import ComposedEmbedder, sentence_keys, sentence_table
from vectorstore.embedder import Embedder

FIRST = "Udvalget besøgte Greyston Bakery i Yonkers, der ansætter efter princippet open hiring uden samtaler."
SECOND = "I Boston mødte delegationen jobcentre, der arbejder tæt sammen med virksomhederne om praktikpladser."
THIRD = "Rapporten anbefaler at undersøge, hvordan erfaringerne kan bruges i Københavns Kommune fremover."


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a.txt").write_text(f"# Rejserapport\n\n{FIRST} {SECOND}\n\n{THIRD} {FIRST}\n", encoding="utf-8")
    return folder


def test_a_passage_of_known_sentences_is_their_mean_and_questions_use_the_model(
    tmp_path: Path, embedder: Embedder
) -> None:
    table = sentence_table(embedder, _corpus(tmp_path / "reports"), tmp_path / "cache")
    assert set(table) == {FIRST, SECOND, THIRD}
    composed = ComposedEmbedder(embedder, table)
    passage, question = f"passage: {SECOND}\n{THIRD}", "query: Hvem besøgte udvalget i Boston?"
    vectors = composed.embed_batch([passage, question])
    mean = table[SECOND] + table[THIRD]
    assert np.allclose(vectors[0], mean / np.linalg.norm(mean), atol=1e-6)
    assert np.allclose(vectors[1], embedder.embed_batch([question])[0], atol=1e-6)
    # Composed vectors stay close to what the model gives the passage itself.
    assert float(vectors[0] @ embedder.embed_batch([passage])[0]) > 0.9
    assert (composed.composed, composed.embedded) == (1, 0)


def test_the_table_is_cached_and_unknown_sentences_are_embedded_once(tmp_path: Path, embedder: Embedder) -> None:
    corpus = _corpus(tmp_path / "reports")
    sentence_table(embedder, corpus, tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("*.npy"))) == 1
    composed = ComposedEmbedder(embedder, sentence_table(embedder, corpus, tmp_path / "cache"))
    title = "Syntetisk rejserapport 7 (2019): Besøg"
    vectors = composed.embed_batch([f"passage: {title}", f"passage: {title}\n{FIRST}"])
    alone = embedder.embed_batch([f"passage: {title}"])[0]
    assert np.allclose(vectors[0], alone, atol=1e-6)
    mean = alone + composed.table[FIRST]
    assert np.allclose(vectors[1], mean / np.linalg.norm(mean), atol=1e-6)
    assert composed.embedded == 1


def test_sentence_keys_fold_whitespace() -> None:
    assert sentence_keys(f" {FIRST}  {SECOND}\nTitel") == [FIRST, SECOND, "Titel"]
