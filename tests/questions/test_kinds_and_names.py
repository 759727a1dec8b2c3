"""The answerability checks: which names a question holds, and which kind of fact it asks for."""

from __future__ import annotations

import pytest

from studietur.questions.kinds import Kind, asked_kind, holds_kind
from studietur.questions.names import missing_names, question_names
from studietur.text.units import paragraph


@pytest.mark.parametrize(
    ("question", "language", "names"),
    [
        ("Hvad er adressen på Jobcenter Silkeborg?", "da", ["jobcenter silkeborg"]),
        ("Hvem var med på USA-turen i 2014?", "da", ["usa"]),
        ("What is Berlin's budget per inhabitant?", "en", ["berlin"]),
        ("Which companies did we visit in October in New York?", "en", ["new york"]),
        ("What did the Danish delegation learn from American employers?", "en", []),
        ("Boston er en by", "da", []),
        ("How many requests did the Technical and Environmental Administration get?", "en", []),
    ],
)
def test_question_names(question: str, language: str, names: list[str]) -> None:
    assert question_names(question, language) == names  # type: ignore[arg-type]


def test_names_match_inflections_and_danish_forms() -> None:
    texts = ["Berlins jobcentre samarbejder med Københavns Kommune.", "Flandern: digital beskæftigelsesindsats"]
    assert missing_names(["berlin", "copenhagen", "flanders"], texts) == []
    assert missing_names(["jobcenter silkeborg", "chicago"], texts) == ["jobcenter silkeborg", "chicago"]


def test_a_name_must_be_a_whole_word() -> None:
    assert missing_names(["oslo"], ["Kolosser og koslo-modeller"]) == ["oslo"]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hvad er adressen på Greyston Bakery?", Kind.ADDRESS),
        ("Hvad kostede studieturen i alt?", Kind.AMOUNT),
        ("How many companies took part?", Kind.COUNT),
        ("Hvornår besøgte udvalget Boston?", Kind.DATE),
        ("Hvordan hænger klimabudgettet sammen med budgetstyringen?", None),
        ("What share of the world's prisoners does the US have?", Kind.SHARE),
        ("Hvor stor en andel af deltagerne er i job efter et år?", Kind.SHARE),
        ("Hvad er telefonnummeret til jobcentret?", Kind.PHONE),
        ("What do they call their hiring policy?", None),
        ("Which e-mail address should we write to?", Kind.EMAIL),
        ("Hvilket hotel boede delegationen på?", Kind.LODGING),
        ("Hvilken dag mødte udvalget borgmesteren?", Kind.DAY),
        ("Hvilke datoer er studieturen planlagt til?", Kind.DAY),
        ("Hvor ofte mødes netværket?", Kind.FREQUENCY),
        ("Hvem var vores kontaktperson hos Greyston?", Kind.PERSON),
        ("Who, by name, chairs the network?", Kind.PERSON),
        ("Hvem styrer klimaindsatsen i Stockholm?", None),
        ("How often does the committee discuss international matters?", Kind.FREQUENCY),
        ("Hvilke virksomheder besøgte udvalget?", None),
    ],
)
def test_asked_kind(question: str, kind: Kind | None) -> None:
    assert asked_kind(question) == kind


@pytest.mark.parametrize(
    ("kind", "text", "holds"),
    [
        (Kind.ADDRESS, "Adresse: 104 Alexander St, Yonkers, NY 10701", True),
        (Kind.ADDRESS, "Vi mødtes i Yonkers med ledelsen.", False),
        (Kind.AMOUNT, "Medlemskabet koster 0,5 mio. kr. om året.", True),
        (Kind.AMOUNT, "Medlemskabet blev forlænget i 2020.", False),
        (Kind.COUNT, "Oslo har otte byrådsafdelinger.", True),
        (Kind.DATE, "Mødet var torsdag 12/10 kl. 9.00.", True),
        (Kind.DATE, "Mødet handlede om integration.", False),
        (Kind.DAY, "Mødet var torsdag formiddag.", True),
        (Kind.DAY, "Turen finder sted 12.-15. maj.", True),
        (Kind.DAY, "Turen er planlagt til foråret 2026.", False),
        (Kind.DAY, "Turen er planlagt til maj 2026.", False),
        (Kind.PHONE, "Ring på +45 33 66 33 66 for at aftale et besøg.", True),
        (Kind.PHONE, "Mødet var 12/10 kl. 9.00 på 666 3rd Ave.", False),
        (Kind.EMAIL, "Skriv til kontakt@kk.dk.", True),
        (Kind.LODGING, "Delegationen overnattede på et hotel i Midtown.", True),
        (Kind.SHARE, "USA har 5 % af verdens befolkning.", True),
        (Kind.FREQUENCY, "Udvalget drøfter sjældent sager med internationalt indhold.", True),
        (Kind.FREQUENCY, "Netværket mødes to gange årligt.", True),
        (Kind.FREQUENCY, "Netværket har 19 nordiske byer som medlemmer.", False),
        (Kind.SHARE, "USA har 320 millioner indbyggere.", False),
    ],
)
def test_holds_kind(kind: Kind, text: str, holds: bool) -> None:
    assert holds_kind(kind, [text]) is holds


def test_a_person_is_a_name_the_question_does_not_give() -> None:
    question = "Hvem holdt oplæg hos Center for Employment Opportunities i Copenhagen?"
    assert holds_kind(Kind.PERSON, ["Regional Director Cynthia Y. Brackett holder et oplæg."], question)
    assert not holds_kind(Kind.PERSON, ["Center for Employment Opportunities arbejder med data."], question)
    assert not holds_kind(Kind.PERSON, ["Oplægget blev holdt for Københavns Kommune."], question)
    assert not holds_kind(Kind.PERSON, ["Oplægget blev holdt af en medarbejder."], question)
    # Two capitalised words are no person unless the first is a given name.
    assert not holds_kind(Kind.PERSON, ["Netværket er forankret hos Nordisk Ministerråd."], question)


def test_number_words_count_in_their_own_language() -> None:
    assert holds_kind(Kind.COUNT, ["Udvalget besøgte to jobcentre."])
    assert holds_kind(Kind.COUNT, ["The committee visited two job centres."])
    assert not holds_kind(Kind.COUNT, ["The committee went to see the job centre."])


def test_an_article_is_not_a_count() -> None:
    assert not holds_kind(Kind.COUNT, ["Nya Lödöse-projektet er en stor byudgravning i Göteborg."])


def test_paragraph_is_the_line_around_a_span() -> None:
    text = "4.1.5 STRING\n\nSTRING er et samarbejde. Kommunen betaler 0,5 mio. kr.\nNæste afsnit."
    start = text.index("Kommunen")
    assert paragraph(text, start, start + 8) == "STRING er et samarbejde. Kommunen betaler 0,5 mio. kr."


@pytest.mark.parametrize(
    "text",
    [
        "Programmet blev evalueret i 2020.",
        "Mødet var torsdag 12/10 kl. 9.00.",
        "1. Sikre en retfærdig og inkluderende grøn omstilling",
        "Arrangementet blev holdt 3. oktober.",
        "Adresse: Amazon Robotics, 50 Otis St, Westborough, MA 01581, USA",
        "Programmet er medfinansieret med 0,725 mio.kr. fra regionen.",
        "Ledigheden faldt med 12 % på et år.",
        "We don't hire people to bake brownies, we bake brownies to hire people.",
    ],
)
def test_a_year_a_date_a_time_a_list_number_an_amount_a_share_or_an_address_is_no_count(text: str) -> None:
    assert not holds_kind(Kind.COUNT, [text])


def test_a_number_the_question_gives_is_no_answer() -> None:
    question = "Hvor mange deltog i konferencen i 2019?"
    assert not holds_kind(Kind.COUNT, ["Konferencen i 2019 handlede om 2019-strategien."], question)
    assert holds_kind(Kind.COUNT, ["Konferencen i 2019 samlede 350 deltagere."], question)
    assert not holds_kind(Kind.DATE, ["Strategien fra 2019 blev fulgt op."], "Hvornår blev 2019-strategien vedtaget?")
