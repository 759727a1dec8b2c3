"""The chat's example questions come from the catalogue of the reports in the index, and each one is answered."""

from __future__ import annotations

from pathlib import Path

from assistant.service import Assistant
from studietur.catalogue.store import CatalogueStore
from ui.app import examples_update
from ui.examples import GENERAL, MOST, example_questions


def test_examples_name_what_the_reports_hold_and_are_answered(sample_assistant: Assistant) -> None:
    questions = example_questions(sample_assistant.catalogue)
    assert 3 <= len(questions) <= MOST
    cities = {city for trip in sample_assistant.catalogue.trips() for city in trip.cities}
    assert any(city in question for question in questions for city in cities)
    for question in questions:
        answer = sample_assistant.ask(question)
        assert answer.found and answer.citations, question


def test_an_empty_catalogue_gives_questions_that_name_nothing(tmp_path: Path) -> None:
    assert example_questions(CatalogueStore(tmp_path / "catalogue.json")) == GENERAL


def test_a_page_load_reads_the_examples_from_the_catalogue_as_it_is_then(tmp_path: Path) -> None:
    store = CatalogueStore(tmp_path / "catalogue.json")
    chat, box = examples_update(store)
    assert [example["text"] for example in chat.examples] == GENERAL
    assert box.placeholder == f"Fx: {GENERAL[0]}"
