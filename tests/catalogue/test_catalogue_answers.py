"""Planning questions answered from the catalogue, with citations to the chunks that hold each fact."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest

from assistant.answerers.catalogue import MODE, CatalogueAnswerer
from studietur.catalogue.store import CatalogueStore
from studietur.core.types import Answer, Chunk
from studietur.questions.analysis import read_question

AI_AND_TECH = ["Tallinn", "London", "Berlin og München", "Amsterdam og Rotterdam", "Barcelona / Madrid", "Toronto", "Seoul", "Singapore"]  # fmt: skip


def _check_citations(answer: Answer) -> None:
    """Every [n] in the text has a citation, every citation is used, and every highlight is inside its chunk."""
    used = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert used == {c.n for c in answer.citations}
    for citation in answer.citations:
        assert citation.passage.score == 1.0 and citation.passage.rank == citation.n
        assert citation.highlights
        assert all(0 <= s < e <= len(citation.passage.chunk.text) for s, e in citation.highlights)


def _highlighted(answer: Answer) -> list[str]:
    return [c.passage.chunk.text[s:e] for c in answer.citations for s, e in c.highlights]


def test_address_of_a_visit(lookup: CatalogueAnswerer) -> None:
    answer = lookup.answer(read_question("Hvad er adressen på Greyston Bakery?"))
    assert answer is not None and answer.found and answer.mode == MODE and answer.language == "da"
    assert answer.why == {"route": "catalogue", "intent": "visit.address"}
    assert answer.text.startswith("Adressen på Greyston Bakery er 104 Alexander Street, Yonkers, NY 10701 [1].")
    assert "torsdag 12/10 2023 kl. 16.00 – 17.00" in answer.text
    _check_citations(answer)
    (citation,) = answer.citations
    assert "Adresse: 104 Alexander Street, Yonkers, NY 10701" in citation.passage.chunk.text
    assert "104 Alexander Street, Yonkers, NY 10701" in _highlighted(answer)


def test_destinations_by_theme(lookup: CatalogueAnswerer) -> None:
    answer = lookup.answer(read_question("Hvilke destinationer foreslås med fokus på AI og tech?"))
    assert answer is not None
    assert answer.text.startswith("Forslagene til studieture rummer 8 destinationer med fokus på AI og tech:")
    _check_citations(answer)
    citations = {c.n: c.passage.chunk for c in answer.citations}
    lines = [line for line in answer.text.splitlines() if line.startswith("- ")]
    assert len(lines) == len(AI_AND_TECH)
    for name, line in zip(AI_AND_TECH, lines, strict=True):
        assert line.startswith(f"- {name}")
        n = int(re.search(r"\[(\d+)\]$", line).group(1))
        assert name in citations[n].text  # the cited chunk holds the destination
        assert re.search(r"\bAI\b|tech|teknologi", citations[n].text, re.IGNORECASE)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Hvem mødte vi hos Greyston?", ["Kevin McGahren, General Manager", "Christian Gomez, bager"]),
        ("Hvornår besøgte vi Greyston Bakery?", ["torsdag 12/10 2023 kl. 16.00 – 17.00"]),
        ("Hvad var formålet med besøget hos Harvard Digital Reskilling Lab?", ["indsigt i forskning om omkvalificering"]),
        ("Har vi været i Boston før?", ["Ja.", "8.-13./10 2023"]),
        ("Har vi været i New York?", ["3.-10. oktober 2014", "8.-13./10 2023"]),
        ("Hvornår var vi i Boston?", ["8.-13./10 2023"]),
        ("Hvornår besøgte vi New York?", ["3.-10. oktober 2014", "8.-13./10 2023"]),  # a city: its trips
        ("Hvem deltog i studieturen i 2014?", ["Anna Mee Allerslev (B, borgmester)", "Birgitte Hansen (Adm. dir.)"]),
        ("Hvem deltog i studieturen til Boston?", ["Jens-Kristian Lütken (V, borgmester)", "Henrik Lund (administrerende direktør)"]),
        ("Hvem var med på turen i Washington i 2014?", ["Rasmus Jarlov (C)"]),
        ("Hvilke studieture har vi været på?", ["New York og Washington DC", "Boston og New York City"]),
        ("Hvilke danske destinationer foreslås?", ["4 danske destinationer", "Billund Kommune", "Odense Kommune"]),
        ("Hvilke steder foreslås i Singapore?", ["GovTech Singapore", "AI Singapore"]),
        ("Hvilke organisationer besøgte udvalget i Boston?", ["7 steder i Boston", "City of Boston (tirsdag 10/10 2023 kl. 09.30-11.30)", "Amazon Robotics / Northeastern University"]),
        ("Hvad besøgte vi i New York?", ["Greyston Bakery", "New York City Council"]),
        ("Hvem mødte udvalget på turen til Boston i 2023?", ["7 steder i Boston", "Harvard Digital reskilling Lab"]),
    ],
)  # fmt: skip
def test_danish_planning_questions(lookup: CatalogueAnswerer, question: str, expected: list[str]) -> None:
    answer = lookup.answer(read_question(question))
    assert answer is not None, question
    assert all(part in answer.text for part in expected), answer.text
    _check_citations(answer)


def test_participants_are_cited_where_they_are_written(lookup: CatalogueAnswerer) -> None:
    answer = lookup.answer(read_question("Hvem deltog i studieturen i 2014?"))
    assert answer is not None and "2023" not in answer.text
    assert {"Anna Mee Allerslev", "Karina Vestergård Madsen", "Anna Ballan"} <= set(_highlighted(answer))


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("What is the address of Greyston Bakery?", "The address of Greyston Bakery is 104 Alexander Street"),
        ("Who did we meet at the Center for Employment Opportunities?", "At Center for employment opportunities (CEO) the committee met"),
        ("Which destinations are proposed with a focus on AI and tech?", "The proposals for study trips include 8 destinations"),
        ("Have we been to Washington before?", "Yes. The committee has made a study trip to Washington"),
        ("Which organisations did the committee visit in Boston?", "The committee made 7 visits in Boston"),
    ],
)  # fmt: skip
def test_english_questions_get_an_english_introduction(lookup: CatalogueAnswerer, question: str, start: str) -> None:
    answer = lookup.answer(read_question(question))
    assert answer is not None and answer.text.startswith(start) and answer.language == "en"
    _check_citations(answer)


@pytest.mark.parametrize(
    "question",
    [
        "Hvad er e-Estonia?",
        "Hvad lærte udvalget hos Greyston Bakery?",
        "Hvor ligger Boston?",  # a city, not a visit
        "Har vi været i Paris?",  # no record: no "no" either, retrieval may know more
        "Hvilke destinationer foreslås med fokus på sundhed?",  # a theme the catalogue has no word for
        "Hvilke destinationer foreslås i Asien?",
        "Hvem deltog i studieturen og hvad lærte de?",
        "Hvem deltog i studieturen i 2019?",
        "Hvad er adressen på Annegrethe Felter Rasmussen?",  # the report gives no address there
        "What did the committee learn in Boston?",
        "Hvilke organisationer besøgte udvalget i Washington?",  # a trip there, but its report lists no visits
        "Hvilke organisationer besøgte udvalget i Boston i 2014?",  # visits there, but not that year
        "",
    ],
)
def test_anything_else_falls_back(lookup: CatalogueAnswerer, question: str) -> None:
    assert lookup.answer(read_question(question)) is None


def test_a_stale_catalogue_falls_back(store: CatalogueStore) -> None:
    """When the index no longer holds the cited chunks, no answer is better than one without sources."""
    empty = CatalogueAnswerer(store, lambda ids: [])
    assert empty.answer(read_question("Hvad er adressen på Greyston Bakery?")) is None
    assert empty.answer(read_question("Hvilke destinationer foreslås med fokus på AI og tech?")) is None


def test_an_empty_catalogue_answers_nothing(tmp_path, chunk_getter: Callable[[list[str]], list[Chunk]]) -> None:
    lookup = CatalogueAnswerer(CatalogueStore(tmp_path / "catalogue.json"), chunk_getter)
    assert lookup.answer(read_question("Hvad er adressen på Greyston Bakery?")) is None
    assert lookup.answer(read_question("Hvilke danske destinationer foreslås?")) is None


def test_lookups_take_milliseconds(lookup: CatalogueAnswerer) -> None:
    questions = [
        "Hvad er adressen på Greyston Bakery?",
        "Hvilke destinationer foreslås med fokus på AI og tech?",
        "Hvem deltog i studieturen i 2014?",
        "Hvad er e-Estonia?",
    ]
    started = time.perf_counter()
    for _ in range(25):
        for question in questions:
            lookup.answer(read_question(question))
    per_question_ms = (time.perf_counter() - started) * 1000 / 100
    assert per_question_ms < 50  # generous: about 1 ms on a laptop


@pytest.mark.parametrize(
    ("question", "language", "wanted", "unwanted"),
    [
        ("Hvilke politikere fra udvalget var med, da vi var i New York og Washington i 2014?", "da",
         ["Anna Mee Allerslev", "Karina Vestergård Madsen"], ["Henrik Lund", "Jens-Kristian Lütken"]),
        ("Hvilke udvalgsmedlemmer var med i Boston og New York i 2023?", "da",
         ["Jens-Kristian Lütken", "Morten Melchior"], ["Trine Korsgaard", "Anna Mee Allerslev"]),
        ("Who from the administration took part in the 2023 trip to Boston and New York?", "en",
         ["Henrik Lund", "Trine Korsgaard"], ["Hari Neupane"]),
    ],
)  # fmt: skip
def test_participants_in_other_words(
    lookup: CatalogueAnswerer, question: str, language: str, wanted: list[str], unwanted: list[str]
) -> None:
    answer = lookup.answer(read_question(question))
    assert answer is not None and answer.found
    assert all(name in answer.text for name in wanted)
    assert not any(name in answer.text for name in unwanted)
    _check_citations(answer)


def test_member_question_about_something_else_is_not_a_participant_question(lookup: CatalogueAnswerer) -> None:
    assert lookup.answer(read_question("Hvilke medlemmer har STRING i 2020?")) is None


def test_places_of_a_proposal_in_other_words(lookup: CatalogueAnswerer) -> None:
    answer = lookup.answer(read_question("Hvis vi vælger Nordjylland, hvilke steder foreslås vi så at besøge?"))
    assert answer is not None and answer.found
    assert "Jobcenter Hjørring" in answer.text and "MAN Energy Solutions" in answer.text
    _check_citations(answer)


@pytest.mark.parametrize(
    ("question", "language"),
    [("Hvad fik udvalget ud af sit studiebesøg i Toronto?", "da"), ("Who did the committee meet in Seoul?", "en")],
)
def test_a_visit_never_made_is_refused_with_the_proposal(
    lookup: CatalogueAnswerer, question: str, language: str
) -> None:
    answer = lookup.answer(read_question(question))
    assert answer is not None and not answer.found and not answer.citations
    assert ("ikke været på studietur" if language == "da" else "has not made a study trip") in answer.text
    assert answer.related, "the proposal's passages are offered as related"
    assert answer.why["refused"] == "never_visited" and answer.why["city"] in question


@pytest.mark.parametrize(
    "question",
    ["Hvilke virksomheder besøgte udvalget i Boston?", "Hvilke steder kan vi besøge i Toronto på en kommende tur?"],
)
def test_visits_made_or_planned_are_not_refused(lookup: CatalogueAnswerer, question: str) -> None:
    answer = lookup.answer(read_question(question))
    assert answer is None or answer.found
