"""An unchanged corpus is recognised without Chroma or the model; anything else is left to the full run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import REPORTS, make_settings, run_ingest

from assistant.service import Assistant
from ingest.events import FileFinished, FilesFound, IngestSummary
from ingest.unchanged import unchanged_run
from vectorstore.embedder import Embedder
from vectorstore.index_files import TERMS_FILE, bm25_folder, manifest_path
from vectorstore.lock import LOCK_FILE, IndexLock

REPORT_2014 = "001_126ffb89a7bb1106.txt"
PROPOSALS = "002_4b34b2f1d849fae7.txt"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(REPORTS / REPORT_2014, folder / REPORT_2014)
    return folder


@pytest.fixture()
def bot(tmp_path: Path, corpus: Path, embedder: Embedder) -> Assistant:
    bot = Assistant.open(make_settings(tmp_path, corpus=corpus), embedder=embedder)
    run_ingest(bot)
    return bot


def _quick(bot: Assistant, roots: list[Path] | None = None) -> list[object] | None:
    settings = bot.settings
    roots = roots or [settings.paths.corpus_dir]
    events = unchanged_run(roots, settings.paths.index_dir, settings.index_fingerprint(), settings.ingest.max_file_mb)
    return None if events is None else list(events)


def test_an_unchanged_corpus_gives_the_full_runs_summary(bot: Assistant, corpus: Path) -> None:
    events = _quick(bot)
    assert events is not None
    found, finished, summary = events
    assert found == FilesFound(1)
    assert finished == FileFinished(
        str(corpus / REPORT_2014), "unchanged", len(bot.index.manifest.files[str(corpus / REPORT_2014)].chunk_ids)
    )
    full = run_ingest(bot)
    assert isinstance(summary, IngestSummary)
    assert (summary.counts, summary.chunks_written, summary.chunks_total) == (
        full.counts,
        full.chunks_written,
        full.chunks_total,
    )
    assert summary.counts == {"unchanged": 1} and summary.chunks_total == bot.index.chunk_count() > 0


def test_a_changed_file_needs_the_full_run(bot: Assistant, corpus: Path) -> None:
    with (corpus / REPORT_2014).open("a", encoding="utf-8") as report:
        report.write("\nEt nyt afsnit om udvalgets opfølgning.\n")
    assert _quick(bot) is None
    assert run_ingest(bot).counts == {"updated": 1}
    assert _quick(bot) is not None


def test_a_new_or_deleted_file_needs_the_full_run(bot: Assistant, corpus: Path) -> None:
    shutil.copy(REPORTS / PROPOSALS, corpus / PROPOSALS)
    assert _quick(bot) is None
    run_ingest(bot)
    (corpus / REPORT_2014).unlink()
    assert _quick(bot) is None
    assert run_ingest(bot).counts == {"unchanged": 1, "removed": 1}
    assert _quick(bot) is not None


def test_other_settings_a_pending_file_or_a_stale_bm25_need_the_full_run(bot: Assistant, tmp_path: Path) -> None:
    settings = bot.settings
    index_dir = settings.paths.index_dir
    other = settings.ingest.max_file_mb
    assert unchanged_run([settings.paths.corpus_dir], index_dir, "another-fingerprint", other) is None

    manifest = manifest_path(index_dir)
    original = manifest.read_text(encoding="utf-8")
    data = json.loads(original)
    for record in data["files"].values():
        record["done"] = False  # an ingest was interrupted while writing this file
    manifest.write_text(json.dumps(data), encoding="utf-8")
    assert _quick(bot) is None
    manifest.write_text(original, encoding="utf-8")
    assert _quick(bot) is not None

    terms = bm25_folder(index_dir) / TERMS_FILE
    lines = terms.read_text(encoding="utf-8").splitlines(keepends=True)
    terms.write_text("".join(lines[1:]), encoding="utf-8")  # a run stopped before BM25 was committed
    assert _quick(bot) is None
    run_ingest(bot)  # the full run repairs BM25
    assert _quick(bot) is not None


def test_while_another_process_writes_the_full_run_decides(bot: Assistant) -> None:
    with IndexLock(bot.settings.paths.index_dir / LOCK_FILE, wait=0):
        assert _quick(bot) is None
    assert _quick(bot) is not None


def test_an_empty_index_folder_needs_the_full_run(tmp_path: Path, corpus: Path) -> None:
    settings = make_settings(tmp_path, corpus=corpus)
    assert unchanged_run([corpus], settings.paths.index_dir, settings.index_fingerprint(), 50.0) is None


def test_a_full_run_that_changes_nothing_leaves_bm25_alone(bot: Assistant) -> None:
    terms = bm25_folder(bot.settings.paths.index_dir) / TERMS_FILE
    before = terms.stat()
    assert run_ingest(bot).counts == {"unchanged": 1}
    after = terms.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # not rebuilt nor rewritten
