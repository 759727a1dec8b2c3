"""The table of planning intents: every row is recognised in Danish and English, a catalogue intent's kind is the
kind the question asks for whichever part answers it, and a question asking two things matches no intent."""

from __future__ import annotations

import pytest

from assistant.service import Assistant
from studietur.questions.analysis import read_question
from studietur.questions.intents import INTENTS, normalise, presumes_past_visit, read_intents
from studietur.questions.kinds import Kind

# One Danish and one English wording of every row, naming things no sample report names.
WORDINGS = {
    "places": ["Hvilke steder foreslås i Lillehammer?", "Which places are suggested in Lillehammer?"],
    "proposals": ["Hvilke destinationer foreslås med fokus på integration?", "Which destinations are proposed?"],
    "participants": ["Hvem deltog i studieturen til Reykjavik?", "Who took part in the trip to Reykjavik?"],
    "trips": ["Hvilke studieture har udvalget været på?", "Which trips has the committee made?"],
    "visit.address": ["Hvor ligger Atlantis Bageri?", "Where is the Atlantis Bakery located?"],
    "visit.contacts": ["Hvem mødte vi hos Atlantis Bageri?", "Who did we meet at the Atlantis Bakery?"],
    "visit.purpose": ["Hvad var formålet med besøget hos Atlantis?", "Why did the committee visit Atlantis?"],
    "visit.when": ["Hvornår besøgte udvalget Atlantis Bageri?", "When did we visit the Atlantis Bakery?"],
    "trip.city": ["Har vi været i Reykjavik før?", "Have we been to Reykjavik before?"],
    "visits": ["Hvilke organisationer besøgte udvalget i Reykjavik?", "What did the committee visit in Reykjavik?"],
    "participants.loose": ["Hvilke politikere var med i Reykjavik i 2019?", "Which members came along in 2019?"],
    "places.loose": ["Hvis vi vælger Lillehammer, hvilke steder foreslås?", "What places could we visit, if any?"],
}


def test_every_row_has_wordings() -> None:
    assert sorted(WORDINGS) == sorted(intent.id for intent in INTENTS)


@pytest.mark.parametrize(("intent", "question"), [(i, q) for i, qs in WORDINGS.items() for q in qs])
def test_each_wording_matches_its_intent(intent: str, question: str) -> None:
    assert intent in [match.intent for match in read_intents(question)]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hvor ligger Atlantis Bageri?", Kind.ADDRESS),
        ("Where is the Atlantis Bakery located?", Kind.ADDRESS),
        ("Hvem mødte vi hos Atlantis Bageri?", Kind.PERSON),
        ("Who did we meet at the Atlantis Bakery?", Kind.PERSON),
        ("Hvornår besøgte udvalget Atlantis Bageri?", Kind.DATE),
        ("Hvad var formålet med besøget hos Atlantis?", None),
    ],
)
def test_a_catalogue_intent_asks_for_its_kind(question: str, kind: Kind | None) -> None:
    assert read_question(question).kind is kind


def test_the_slots_are_read_and_cleaned() -> None:
    (match,) = [
        m for m in read_intents("Hvad er adressen på den Atlantis Bageri henne?") if m.intent == "visit.address"
    ]
    assert match.name == "Atlantis Bageri"
    (match,) = [
        m for m in read_intents("Hvem deltog i studieturen til Reykjavik i 2019?") if m.intent == "participants"
    ]
    assert match.rest == " til Reykjavik i 2019"
    (match,) = [
        m for m in read_intents("Hvilke steder besøgte vi på turen til Reykjavik i 2019?") if m.intent == "visits"
    ]
    assert (match.name, match.year) == ("Reykjavik", 2019)


@pytest.mark.parametrize(
    "question",
    [
        "Hvad er adressen på Atlantis Bageri?",
        "Hvor holdt Atlantis Bageri til?",
        "Hvad var adressen, da vi besøgte Atlantis Bageri?",
    ],
)
def test_an_address_in_other_words(question: str) -> None:
    (match,) = [m for m in read_intents(question) if m.intent == "visit.address"]
    assert match.name == "Atlantis Bageri"


def test_a_question_asking_two_things_matches_no_intent() -> None:
    assert read_intents("Hvor ligger Atlantis Bageri, og hvem mødte vi der?") == []


@pytest.mark.parametrize(
    ("question", "presumed"),
    [
        ("Hvad lærte udvalget på studiebesøget i Reykjavik?", True),
        ("Who did the committee meet in Reykjavik?", True),
        ("Hvilke steder foreslås i Reykjavik?", False),
        ("Hvad er beskæftigelsesfrekvensen i Reykjavik?", False),
    ],
)
def test_a_question_that_takes_a_visit_for_granted(question: str, presumed: bool) -> None:
    assert presumes_past_visit(question) is presumed


def test_normalise_drops_quotes_and_closing_punctuation() -> None:
    assert normalise(' Hvor ligger  "Atlantis"?! ') == "Hvor ligger Atlantis"


def test_an_address_question_the_catalogue_cannot_answer_needs_an_address(sample_assistant: Assistant) -> None:
    # The proposals describe Jobcenter Silkeborg but give no address: quoting the description would not answer.
    answer = sample_assistant.ask("Hvor ligger Jobcenter Silkeborg?")
    assert not answer.found and answer.related
