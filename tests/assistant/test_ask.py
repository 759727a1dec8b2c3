"""Search and ask on the sample reports, end to end on the real stack."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.service import Assistant
from assistant.settings import MAX_K, MIN_K
from studietur.core.errors import InputError
from studietur.core.types import Filters

REPORTS = Path(__file__).resolve().parents[2] / "data" / "reports"
TRIP_2023 = "000_173bfacdbf021f88.txt"


def _letters(text: str) -> str:
    """Letters and digits only, HTML tags dropped: cleaning may reformat, never invent text."""
    return re.sub(r"[^a-z0-9æøå]", "", re.sub(r"<[^>]+>", "", text).lower())


def test_search_finds_the_greyston_passage(sample_assistant: Assistant) -> None:
    passages = sample_assistant.search("Greyston Bakery ansættelse uden samtale", k=5)
    assert passages[0].chunk.doc == TRIP_2023
    assert "greyston" in passages[0].chunk.text.lower() or "greyston" in passages[0].chunk.section.lower()
    assert [p.rank for p in passages] == [1, 2, 3, 4, 5]


def test_answer_cites_passages_whose_text_is_in_the_corpus(sample_assistant: Assistant) -> None:
    answer = sample_assistant.ask("Hvad er Greyston Bakerys motto?")
    assert answer.found and answer.language == "da"
    assert answer.citations
    corpus = _letters(" ".join(p.read_text(encoding="utf-8") for p in REPORTS.glob("*.txt")))
    for citation in answer.citations:
        assert f"[{citation.n}]" in answer.text
        assert citation.passage.chunk.doc == TRIP_2023
        for start, end in citation.highlights:
            assert _letters(citation.passage.chunk.text[start:end]) in corpus
    assert "we don't hire people to bake brownies" in answer.text.lower() or "brownies" in answer.text.lower()


def test_english_question_is_answered_in_english(sample_assistant: Assistant) -> None:
    answer = sample_assistant.ask("What is Greyston Bakery's hiring policy?")
    assert answer.language == "en" and answer.found
    assert answer.text.startswith("According to the reports")
    assert any(c.passage.chunk.doc == TRIP_2023 for c in answer.citations)


def test_unrelated_question_is_refused(sample_assistant: Assistant) -> None:
    answer = sample_assistant.ask("Hvad koster en pizza margherita i Rom?")
    assert not answer.found
    assert answer.text.startswith("Det fremgår ikke af rapporterne")
    assert answer.citations == () and answer.related


def test_a_place_named_only_at_the_head_of_a_visit_still_counts(sample_assistant: Assistant) -> None:
    # The Bronx stands in the CEO visit's address row; its minutes, where the shares are, do not repeat it.
    question = "According to the organisation we met in {}, what share of the world's criminals does the US have?"
    answer = sample_assistant.ask(question.format("the Bronx"))
    assert answer.found and "25 pct." in answer.text
    assert not any(line.startswith("- - ") for line in answer.text.splitlines()), "one bullet per quote"
    assert not sample_assistant.ask(question.format("Chicago")).found


def test_filters_restrict_documents_and_years(sample_assistant: Assistant) -> None:
    only_2014 = sample_assistant.search("studietur New York", k=5, filters=Filters(years=(2014,)))
    assert only_2014 and {p.chunk.year for p in only_2014} == {2014}
    only_doc = sample_assistant.search("studietur", k=3, filters=Filters(docs=(TRIP_2023,)))
    assert {p.chunk.doc for p in only_doc} == {TRIP_2023}


@pytest.mark.parametrize("question", ["", "   ", "\x00\x01", "x" * 10_000])
def test_bad_questions_get_a_clear_error(sample_assistant: Assistant, question: str) -> None:
    with pytest.raises(InputError):
        sample_assistant.ask(question)


@pytest.mark.parametrize("k", [0, -3, MAX_K + 1, 2.5, "5", True])
def test_k_outside_the_shared_range_is_refused(sample_assistant: Assistant, k: object) -> None:
    question = "Hvad er adressen på Greyston Bakery?"  # the catalogue answers it without retrieving anything
    for call in (sample_assistant.search, sample_assistant.ask, lambda q, k: list(sample_assistant.ask_stream(q, k=k))):
        with pytest.raises(InputError, match=f"whole number from {MIN_K} to {MAX_K}"):
            call(question, k=k)  # type: ignore[operator]


def test_k_at_the_bounds_is_served(sample_assistant: Assistant) -> None:
    assert len(sample_assistant.search("studietur", k=MIN_K)) == 1
    assert len(sample_assistant.search("studietur", k=MAX_K)) > 30  # more than either retriever's 30 candidates


def test_timings_are_reported(sample_assistant: Assistant) -> None:
    answer = sample_assistant.ask("Hvordan arbejder Amsterdam med digitalisering?")
    assert {"embed", "dense", "bm25", "fusion", "answer", "total"} <= set(answer.timings_ms)


def test_planning_questions_are_answered_from_the_catalogue(sample_assistant: Assistant) -> None:
    answer = sample_assistant.ask("Hvad er adressen på Greyston Bakery?")
    assert answer.mode == "catalogue" and answer.found
    assert "104 Alexander Street" in answer.text
    assert any("104 Alexander Street" in c.passage.chunk.text for c in answer.citations)
    assert sample_assistant.ask("Hvad er e-Estonia?").mode == "extractive"


def test_answer_length_follows_the_quote_budget(sample_assistant: Assistant) -> None:
    def bullets(max_chars: int) -> list[str]:
        answer_settings = sample_assistant.settings.answer.model_copy(update={"max_chars": max_chars})
        settings = sample_assistant.settings.model_copy(update={"answer": answer_settings})
        bot = Assistant(settings, sample_assistant.index, sample_assistant.embedder)
        answer = bot.ask("Hvordan ansætter Greyston Bakery nye medarbejdere?")
        assert answer.found
        return [re.sub(r" \[\d+\]$", "", line) for line in answer.text.splitlines()[1:]]

    short, long = bullets(200), bullets(2000)
    assert len(" ".join(short)) < len(" ".join(long))
    assert set(short) <= set(long)  # a larger budget quotes more, beginning with the same best sentences
