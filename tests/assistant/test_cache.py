"""The query cache: repeated questions are answered from it, and any change of the index empties it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import REPORTS, make_settings, run_ingest

from assistant.cache import QueryCache, file_generation
from assistant.service import Assistant
from vectorstore.embedder import Embedder

SMALL_REPORT = "001_126ffb89a7bb1106.txt"
QUESTION = "Hvordan arbejder man med opkvalificering af ledige?"
NOTE = "# Notat om Aarhus\n\nUdvalget drøftede en ny indsats for unge ledige i Aarhus og besøgte jobcentret der.\n"


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return f"value {self.calls}"


def test_lru_keeps_the_most_recent_entries() -> None:
    cache = QueryCache(2, lambda: 0)
    compute = Counter()
    assert cache.get_or_compute("a", compute) == ("value 1", False)
    assert cache.get_or_compute("a", compute) == ("value 1", True)
    cache.get_or_compute("b", compute)
    cache.get_or_compute("a", compute)  # a is now the most recent
    cache.get_or_compute("c", compute)  # evicts b
    assert len(cache) == 2 and cache.get_or_compute("b", compute) == ("value 4", False)
    assert (cache.hits, cache.misses) == (2, 4)


def test_size_zero_turns_it_off() -> None:
    cache = QueryCache(0, lambda: 0)
    compute = Counter()
    assert [cache.get_or_compute("a", compute)[1] for _ in range(3)] == [False, False, False]
    assert compute.calls == 3 and len(cache) == 0


def test_a_new_generation_empties_it() -> None:
    generation = [1]
    cache = QueryCache(8, lambda: generation[0])
    compute = Counter()
    cache.get_or_compute("a", compute)
    generation[0] = 2
    assert cache.get_or_compute("a", compute) == ("value 2", False)


def test_file_generation_follows_atomic_replacement(tmp_path: Path) -> None:
    target = tmp_path / "manifest.json"
    missing = file_generation([target])
    target.write_text("{}")
    written = file_generation([target])
    (tmp_path / "new.json").write_text("{}")
    os.replace(tmp_path / "new.json", target)
    assert len({missing, written, file_generation([target])}) == 3
    assert file_generation([target]) == file_generation([target])


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(REPORTS / SMALL_REPORT, folder / SMALL_REPORT)
    return folder


@pytest.fixture()
def bot(tmp_path: Path, corpus: Path, embedder: Embedder) -> Assistant:
    assistant = Assistant.open(make_settings(tmp_path, corpus=corpus), embedder=embedder)
    run_ingest(assistant)
    return assistant


def test_repeated_ask_and_search_are_answered_from_the_cache(bot: Assistant) -> None:
    first = bot.ask(QUESTION)
    again = bot.ask(f"  {QUESTION} ")  # cleaned to the same question
    assert "cache" not in first.timings_ms and {"embed", "dense", "answer"} <= set(first.timings_ms)
    assert set(again.timings_ms) == {"cache", "total"}
    assert (again.text, again.citations, again.found) == (first.text, first.citations, first.found)
    assert bot.search(QUESTION, k=3) == bot.search(QUESTION, k=3)
    assert bot.search(QUESTION, k=4) != bot.search(QUESTION, k=3)  # k is part of the key
    assert bot.cache.hits == 3


def test_ingest_and_delete_empty_the_cache(bot: Assistant, corpus: Path) -> None:
    bot.ask(QUESTION)
    assert "cache" in bot.ask(QUESTION).timings_ms
    (corpus / "aarhus.txt").write_text(NOTE, encoding="utf-8")
    assert run_ingest(bot).counts.get("added") == 1
    assert "cache" not in bot.ask(QUESTION).timings_ms
    assert "cache" in bot.ask(QUESTION).timings_ms
    bot.delete_document(str(corpus / "aarhus.txt"))
    assert "cache" not in bot.ask(QUESTION).timings_ms


def test_an_ingest_by_another_assistant_on_the_same_index_empties_it(
    bot: Assistant, corpus: Path, embedder: Embedder
) -> None:
    """Another process sharing the index folder is seen through the files it replaces."""
    bot.search("jobcenter Aarhus")
    other = Assistant.open(bot.settings, embedder=embedder)
    (corpus / "aarhus.txt").write_text(NOTE, encoding="utf-8")
    run_ingest(other)
    hits = bot.cache.hits
    bot.search("jobcenter Aarhus")
    assert bot.cache.hits == hits
