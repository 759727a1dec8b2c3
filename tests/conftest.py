"""Shared fixtures: the real converted model, a real Chroma in temp folders, the sample reports."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from studietur.core.environment import use_offline_environment  # noqa: E402 - first, before model libraries

use_offline_environment()

from helpers import MODELS, REPORTS, make_settings, run_ingest  # noqa: E402

from assistant.service import Assistant  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from vectorstore.embedder import Embedder, load_embedder  # noqa: E402

# Real documents, not tests: pytest would collect a fixture named test*.txt as a doctest file.
collect_ignore = ["fixtures"]


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return load_embedder(Settings().embedding, MODELS)


@pytest.fixture(scope="session")
def sample_assistant(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Assistant]:
    """One index of the five sample reports for the whole session (read-only for tests)."""
    tmp = tmp_path_factory.mktemp("sample")
    settings = make_settings(tmp)
    bot = Assistant.open(settings, embedder=embedder)
    summary = run_ingest(bot)
    assert summary.counts.get("added") == 5, summary
    yield bot


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    target = tmp_path / "reports"
    shutil.copytree(REPORTS, target)
    return target


@pytest.fixture()
def cli_env(sample_assistant: Assistant, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The `studietur` command, run in-process, reads the session's sample index (and no settings file)."""
    paths = sample_assistant.settings.paths
    monkeypatch.setenv("STUDIETUR_SETTINGS", str(tmp_path / "absent.yaml"))
    monkeypatch.setenv("STUDIETUR__PATHS__INDEX_DIR", str(paths.index_dir))
    monkeypatch.setenv("STUDIETUR__PATHS__MODELS_DIR", str(paths.models_dir))
    monkeypatch.setenv("STUDIETUR__PATHS__CORPUS_DIR", str(paths.corpus_dir))
