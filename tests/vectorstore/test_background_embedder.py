"""The embedder that loads in a background thread: the eager embedder's vectors, loading only when needed, and a
failed load raised as ModelError on every use."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from helpers import MODELS, REPORTS, make_settings, run_ingest

from assistant.service import Assistant
from assistant.settings import Settings
from studietur.core.errors import ModelError
from vectorstore.background_embedder import BackgroundEmbedder
from vectorstore.embedder import Embedder

QUESTION = "Hvordan ansætter Greyston Bakery nye medarbejdere?"
PASSAGES = [
    "Baggrundsindlæst: Greyston Bakery ansætter alle på ventelisten uden samtale.",
    "Baggrundsindlæst: Udvalget besøgte Boston i oktober 2023.",
    "Baggrundsindlæst: Jobcentret samarbejder med virksomheder om praktikpladser og løntilskud.",
]


def test_first_use_loads_the_model_and_gives_the_eager_vectors(embedder: Embedder) -> None:
    background = BackgroundEmbedder(embedder.settings, MODELS)
    assert not background.started and not background.ready
    query = background.embed_query(QUESTION)  # starts the load and waits for it
    assert background.started and background.ready and background.error is None
    assert np.array_equal(query, embedder.embed_query(QUESTION))
    ours = np.concatenate(list(background.embed_passages(PASSAGES)))
    assert np.array_equal(ours, np.concatenate(list(embedder.embed_passages(PASSAGES))))
    assert [background.count_tokens(p) for p in PASSAGES] == [embedder.count_tokens(p) for p in PASSAGES]


def _not_json(folder: Path) -> None:
    (folder / "modules.json").write_text("not json", encoding="utf-8")


def _bad_config(folder: Path) -> None:
    (folder / "config.json").write_text('{"model_type": "bert", "hidden_size": "x"}', encoding="utf-8")


@pytest.mark.parametrize("break_model", [_not_json, _bad_config])
def test_a_failed_load_raises_model_error_on_every_use(tmp_path: Path, break_model: Callable[[Path], None]) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    break_model(folder)
    settings = Settings().embedding.model_copy(update={"model": str(folder)})
    background = BackgroundEmbedder(settings, MODELS).start()
    assert background.wait(timeout=300)
    assert not background.ready and isinstance(background.error, ModelError)
    uses = [
        lambda: background.embed_query(QUESTION),
        lambda: background.count_tokens(QUESTION),
        lambda: list(background.embed_passages(PASSAGES)),
    ]
    for use in uses:
        with pytest.raises(ModelError, match=re.escape(str(folder))):
            use()


def test_an_ingest_of_unchanged_files_does_not_load_the_model(tmp_path: Path, embedder: Embedder) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(REPORTS / "001_126ffb89a7bb1106.txt", corpus)
    settings = make_settings(tmp_path, corpus=corpus)
    assert run_ingest(Assistant.open(settings, embedder=embedder)).counts == {"added": 1}
    background = BackgroundEmbedder(settings.embedding, MODELS)
    summary = run_ingest(Assistant.open(settings, embedder=background))
    assert summary.counts == {"unchanged": 1}
    assert not background.started
