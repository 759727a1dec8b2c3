"""Incremental sync on the real stack: real files, real model, real Chroma in a temp folder."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import make_settings, run_ingest

from assistant.service import Assistant
from studietur.core.errors import InputError
from vectorstore.embedder import Embedder

REPORT_2014 = "001_126ffb89a7bb1106.txt"
PROPOSALS = "002_4b34b2f1d849fae7.txt"


@pytest.fixture()
def small_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    src = Path(__file__).resolve().parents[2] / "data" / "reports"
    for name in (REPORT_2014, PROPOSALS):
        shutil.copy(src / name, corpus / name)
    return corpus


@pytest.fixture()
def bot(tmp_path: Path, small_corpus: Path, embedder: Embedder) -> Assistant:
    return Assistant.open(make_settings(tmp_path, corpus=small_corpus), embedder=embedder)


def _index_state(bot: Assistant) -> tuple[set[str], set[str], set[str]]:
    return bot.index.store.ids(), bot.index.bm25.ids(), bot.index.manifest.done_chunk_ids()


def test_second_run_changes_nothing(bot: Assistant) -> None:
    first = run_ingest(bot)
    assert first.counts == {"added": 2} and first.chunks_written > 10
    state = _index_state(bot)
    second = run_ingest(bot)
    assert second.counts == {"unchanged": 2} and second.chunks_written == 0
    assert _index_state(bot) == state
    chroma, bm25, manifest = state
    assert chroma == bm25 == manifest and len(chroma) == first.chunks_total


def test_a_folder_that_is_not_there_fails_and_drops_nothing(bot: Assistant, small_corpus: Path, tmp_path: Path) -> None:
    run_ingest(bot)
    before = _index_state(bot)
    small_corpus.rename(tmp_path / "elsewhere")  # the shared folder is not mounted tonight
    with pytest.raises(InputError, match=re.escape(str(small_corpus))):
        run_ingest(bot)
    assert _index_state(bot) == before and len(bot.documents()) == 2


def test_an_empty_mount_point_drops_nothing_unless_asked(bot: Assistant, small_corpus: Path, tmp_path: Path) -> None:
    run_ingest(bot)
    before = _index_state(bot)
    small_corpus.rename(tmp_path / "elsewhere")
    small_corpus.mkdir()  # the mount point is there, the share is not mounted on it
    with pytest.raises(InputError, match="holds no files, but the index holds 2 documents"):
        run_ingest(bot)
    assert _index_state(bot) == before and len(bot.documents()) == 2
    *_, summary = bot.ingest(allow_empty=True)
    assert summary.counts == {"removed": 2} and bot.documents() == []


def test_changed_deleted_renamed_and_bad_files(bot: Assistant, small_corpus: Path) -> None:
    run_ingest(bot)
    proposals_ids = set(bot.index.manifest.files[str(small_corpus / PROPOSALS)].chunk_ids)
    with (small_corpus / REPORT_2014).open("a", encoding="utf-8") as out:
        out.write("\n\nTilføjelse\n\nUdvalget besøgte også et bibliotek i Brooklyn om eftermiddagen.\n")
    (small_corpus / PROPOSALS).rename(small_corpus / "forslag.txt")
    (small_corpus / "tom.txt").write_text("   \n")
    (small_corpus / "regneark.xlsx").write_bytes(b"PK\x03\x04 not really")
    summary = run_ingest(bot)
    assert summary.counts == {"updated": 1, "renamed": 1, "skipped": 2}
    assert {Path(p).name for p, _ in summary.skipped} == {"tom.txt", "regneark.xlsx"}
    assert set(bot.index.manifest.files[str(small_corpus / "forslag.txt")].chunk_ids) == proposals_ids
    chroma, bm25, manifest = _index_state(bot)
    assert chroma == bm25 == manifest
    assert bot.search("bibliotek i Brooklyn", k=1)[0].chunk.doc == REPORT_2014
    assert {c.doc for c in bot.index.store.get(sorted(proposals_ids))} == {"forslag.txt"}
    (small_corpus / REPORT_2014).unlink()
    assert run_ingest(bot).counts.get("removed") == 1
    assert {c.doc for c in bot.index.store.chunks()} == {"forslag.txt"}


def test_interrupted_file_is_repaired_on_next_run(bot: Assistant, small_corpus: Path) -> None:
    events = bot.ingest()
    for event in events:
        if type(event).__name__ == "ChunksEmbedded":
            break  # stop mid-file, as Ctrl-C would
    events.close()
    summary = run_ingest(bot)
    assert summary.counts.get("added") == 2
    chroma, bm25, manifest = _index_state(bot)
    assert chroma == bm25 == manifest


def test_changed_chunk_settings_rebuild(tmp_path: Path, small_corpus: Path, embedder: Embedder) -> None:
    bot = Assistant.open(make_settings(tmp_path, corpus=small_corpus), embedder=embedder)
    before = run_ingest(bot).chunks_total
    smaller = Assistant.open(
        make_settings(tmp_path, corpus=small_corpus, ingest={"chunking": {"max_tokens": 150}}), embedder=embedder
    )
    summary = run_ingest(smaller)
    assert summary.rebuilt and summary.counts == {"added": 2}
    assert summary.chunks_total > before
