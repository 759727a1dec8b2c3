"""The catalogue read from the sample reports: trips, visits with their fields, proposed destinations."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from studietur.catalogue.extract import extract_catalogue
from studietur.catalogue.model import DocumentCatalogue, Person, Visit
from studietur.core.types import Chunk, PreparedDocument

PROPOSED = [
    "Østjylland (Aarhus, Silkeborg, Skanderborg)",
    "Nordjylland (Aalborg, Hjørring, Frederikshavn)",
    "Billund Kommune",
    "Odense Kommune",
    "Tallinn",
    "London",
    "Berlin og München",
    "Amsterdam og Rotterdam",
    "Barcelona / Madrid",
    "Toronto",
    "Seoul",
    "Singapore",
]
AI_AND_TECH = [
    "Tallinn",
    "London",
    "Berlin og München",
    "Amsterdam og Rotterdam",
    "Barcelona / Madrid",
    "Toronto",
    "Seoul",
    "Singapore",
]


def _visit(catalogue: DocumentCatalogue, number: int) -> Visit:
    return next(v for v in catalogue.visits if v.number == number)


def _texts(chunks: dict[str, Chunk], ids: list[str]) -> str:
    return "\n".join(chunks[chunk_id].text for chunk_id in ids)


# --- the 2023 trip ------------------------------------------------------------------------------------------------


def test_the_2023_trip_has_its_twelve_numbered_visits(boston: DocumentCatalogue) -> None:
    assert [v.number for v in boston.visits] == list(range(1, 13))
    assert all(v.time_text and v.day_text and v.date.startswith("2023-10-") for v in boston.visits)
    # Visit 8 (a talk by a journalist) has an empty "Adresse" field in the report; every other one has an address.
    assert [v.number for v in boston.visits if not v.address] == [8]
    assert all(v.trip_title == "Studietur til Boston og New York City" for v in boston.visits)


@pytest.mark.parametrize(
    ("number", "organisation", "day", "date", "time", "address"),
    [
        (1, "Møde med danske expats i Boston", "Mandag 9/10", "2023-10-09", "11.00 - 12.00", '50 Milk Street, 16 Fl, "Hyperbole", Boston, MA 02108'),
        (3, "City of Boston", "Tirsdag 10/10", "2023-10-10", "09.30-11.30", "Boston City Hall, 1 City Hall Square, Boston, MA 02203"),
        (10, "Greyston Bakery", "Torsdag 12/10", "2023-10-12", "16.00 – 17.00", "104 Alexander Street, Yonkers, NY 10701"),
        (11, "Center for employment opportunities (CEO)", "Torsdag 12/10", "2023-10-12", "9.00 – 10.00", "348 East 149 th Street, Bronx, NY 10455"),
        (12, "Generalkonsulatet i New York", "Fredag 13/10", "2023-10-13", "11.00 – 12.00", "666 3rd Ave 11th floor, New York, NY 10017, USA"),
    ],
)  # fmt: skip
def test_visit_fields_are_read_as_written(
    boston: DocumentCatalogue, number: int, organisation: str, day: str, date: str, time: str, address: str
) -> None:
    visit = _visit(boston, number)
    assert (visit.organisation, visit.day_text, visit.date, visit.time_text, visit.address) == (
        organisation,
        day,
        date,
        time,
        address,
    )


def test_visit_externals_purpose_and_city(boston: DocumentCatalogue) -> None:
    greyston = _visit(boston, 10)
    assert greyston.externals == ["Kevin McGahren, General Manager", "Christian Gomez, bager"]
    assert greyston.purpose.startswith("Formålet med besøget er at få indblik i en privat virksomhed")
    assert greyston.section == "10. Greyston Bakery"
    assert _visit(boston, 11).externals == ["Cynthia Y. Brackett, Regional Director"]
    consulate = _visit(boston, 12).externals
    assert "Martine Gram Barbry, Head of Trade, Deputy Consul General" in consulate
    assert [v.city for v in boston.visits] == ["Boston"] * 7 + ["New York City"] * 5


def test_visit_chunks_hold_the_visit_and_only_it(boston: DocumentCatalogue, chunks: dict[str, Chunk]) -> None:
    for visit in boston.visits:
        text = _texts(chunks, visit.chunk_ids)
        assert visit.address in text and visit.time_text in text and visit.purpose in text
        assert all(chunks[cid].section.startswith(f"{visit.number}. ") for cid in visit.chunk_ids)


def test_the_2023_trip_participants(boston: DocumentCatalogue, chunks: dict[str, Chunk]) -> None:
    (trip,) = boston.trips
    assert trip.cities == ["Boston", "New York City"]
    assert (trip.date_text, trip.start_date, trip.end_date, trip.year) == (
        "8.-13./10 2023",
        "2023-10-08",
        "2023-10-13",
        2023,
    )
    assert len(trip.members) == 7 and len(trip.officials) == 5
    assert Person("Jens-Kristian Lütken", "V", "borgmester") in trip.members
    assert Person("Hassan Nur Wardere", "Ø", "") in trip.members
    assert Person("Morten Melchior", "C", "") in trip.members
    assert Person("Henrik Lund", "", "administrerende direktør") in trip.officials
    text = _texts(chunks, trip.chunk_ids)
    assert all(person.name in text for person in trip.members + trip.officials)
    assert trip.date_text in text


def test_the_2014_trip_participants(new_york: DocumentCatalogue, chunks: dict[str, Chunk]) -> None:
    (trip,) = new_york.trips
    assert trip.title == "Studietur til New York og Washington DC"
    assert trip.cities == ["New York", "Washington DC"]
    assert (trip.date_text, trip.start_date, trip.end_date, trip.year) == (
        "3.-10. oktober 2014",
        "2014-10-03",
        "2014-10-10",
        2014,
    )
    assert [p.party for p in trip.members] == ["B", "F", "A", "A", "A", "B", "V", "C", "Ø"]
    assert trip.members[0] == Person("Anna Mee Allerslev", "B", "borgmester")
    assert trip.members[1] == Person("Sisse Marie Welling", "F", "næstformand")
    assert Person("Karina Vestergård Madsen", "Ø", "") in trip.members
    assert [p.name for p in trip.officials] == ["Birgitte Hansen", "Jacob Eberholst", "Sofie Munk", "Anna Ballan"]
    assert trip.officials[0].role == "Adm. dir."
    assert all(person.name in _texts(chunks, trip.chunk_ids) for person in trip.members + trip.officials)
    assert new_york.visits == [] and new_york.proposals == []


# --- proposals ----------------------------------------------------------------------------------------------------


def test_every_proposed_destination_is_read(proposals: DocumentCatalogue, chunks: dict[str, Chunk]) -> None:
    assert [p.name for p in proposals.proposals] == PROPOSED
    assert [p.scope for p in proposals.proposals] == ["danmark"] * 4 + ["europa"] * 5 + ["oversøisk"] * 3
    assert [p.country for p in proposals.proposals] == ["Danmark"] * 4 + [
        "Estland", "", "Tyskland", "Holland", "Spanien", "Canada", "Sydkorea", "Singapore"
    ]  # fmt: skip
    assert proposals.trips == [] and proposals.visits == []
    for proposal in proposals.proposals:
        text = _texts(chunks, proposal.chunk_ids)
        assert proposal.name in text and proposal.headline in text
        assert all(place in text for place, _ in proposal.places)


def test_proposal_details(proposals: DocumentCatalogue) -> None:
    east, north, billund, odense, tallinn, *_, singapore = proposals.proposals
    assert east.cities == ["Aarhus", "Silkeborg", "Skanderborg"]
    assert east.headline == "Fra beskæftigelsessystem til arbejdsmarked – skala, frihed og lokale løsninger"
    assert east.places[0] == (
        "Jobcenter Silkeborg",
        "Kendt for høj faglig frihed, få standardforløb og individuelt tilrettelagte indsatser.",
    )
    assert [place for place, _ in east.places] == [
        "Jobcenter Silkeborg", "Jobcenter Skanderborg", "IKEA Aarhus", "Arla Foods (Aarhus/Østjylland)", "Erhverv Aarhus"
    ]  # fmt: skip
    assert len(north.places) == 4 and len(billund.places) == 4 and len(odense.places) == 3
    assert (
        billund.cities == ["Billund"] and billund.headline == "Virksomhedsrettet indsats og helhedsorienteret jobcenter"
    )
    assert tallinn.headline == "Offentlig digitalisering og erhvervsvenligt setup"
    assert [place for place, _ in singapore.places][:2] == [
        "Ministry of Manpower (MOM)",
        "Economic Development Board (EDB)",
    ]
    assert len(singapore.places) == 6


def test_ai_and_tech_theme(proposals: DocumentCatalogue) -> None:
    assert [p.name for p in proposals.proposals if "AI og tech" in p.themes] == AI_AND_TECH
    assert all(
        "ukrainske fordrevne" in p.themes for p in proposals.proposals if p.name in ("London", "Amsterdam og Rotterdam")
    )
    assert "veteranindsats" in proposals.proposals[4].themes  # Tallinn: transition from military service


# --- robustness ---------------------------------------------------------------------------------------------------


def test_other_reports_give_no_records(other_reports: list[DocumentCatalogue]) -> None:
    assert all(not catalogue for catalogue in other_reports)


def test_catalogues_survive_json(catalogues: dict[str, DocumentCatalogue]) -> None:
    for catalogue in catalogues.values():
        assert DocumentCatalogue.from_dict(json.loads(json.dumps(catalogue.to_dict()))) == catalogue


MADE_UP = """# Rejserapport fra udvalgets studietur til Oslo

Udvalget var på studietur til Oslo d. 2.-3. maj 2019.

På turen deltog: Hans Hansen (A), Grete Jensen (F) og Ole Olsen (V).

## 1. Besøg hos Testfirmaet

Tidspunkt: Mandag 31/2 kl. 10.00
Adresse: Storgata 1, Oslo

### Formål

Vi skal se, hvordan de arbejder.

## 2. NAV OSLO

Tidspunkt: ukendt
Eksterne: , ,

## 3.

Adresse:
"""


def test_a_report_written_differently_gives_partial_records(make_document: Callable[..., PreparedDocument]) -> None:
    catalogue = extract_catalogue(make_document(MADE_UP))
    (trip,) = catalogue.trips
    assert trip.cities == ["Oslo"] and trip.start_date == "2019-05-02" and trip.end_date == "2019-05-03"
    assert [p.name for p in trip.members] == ["Hans Hansen", "Grete Jensen", "Ole Olsen"]
    first, second = catalogue.visits[:2]
    assert (first.number, first.organisation, first.address) == (1, "Besøg hos Testfirmaet", "Storgata 1, Oslo")
    assert first.date == "" and first.time_text == "10.00"  # 31 February is no date
    assert first.purpose == "Vi skal se, hvordan de arbejder."
    assert first.city == "Oslo"
    assert (second.number, second.address, second.date) == (2, "", "")


def test_a_visit_whose_fields_end_the_document_is_kept(make_document: Callable[..., PreparedDocument]) -> None:
    text = "# Studietur til Oslo d. 2.-3. maj 2019\n\n## 1. NAV Oslo\n\nTidspunkt: Mandag 2/5 kl. 10.00\nAdresse: Storgata 1"
    (visit,) = extract_catalogue(make_document(text)).visits
    assert (visit.organisation, visit.address, visit.time_text) == ("NAV Oslo", "Storgata 1", "10.00")


@pytest.mark.parametrize(
    "text",
    [
        "Bare en linje.",
        "Tidspunkt: i går\nAdresse: her",
        "STUDIETUR I DANMARK\n\nAarhus: \n\n• \n",
        "Forslag til studieture\n\nOVERSØISK STUDIETUR\n\nX, Y\n\n" + "z " * 40 + "\n\n• Sted (uden slut\n\n",
        "Studietur til  den 99.-98./13 2020\n\nA (A)\nB (B)\n",
        "1. A\nTidspunkt: 1/1\n" * 30,
    ],
)
def test_odd_texts_never_raise(make_document: Callable[..., PreparedDocument], text: str) -> None:
    catalogue = extract_catalogue(make_document(text))
    assert isinstance(catalogue, DocumentCatalogue)
    DocumentCatalogue.from_dict(json.loads(json.dumps(catalogue.to_dict())))


def test_a_document_without_chunks_or_text_structure(make_document: Callable[..., PreparedDocument]) -> None:
    prepared = make_document(MADE_UP)
    bare = PreparedDocument(prepared.doc, "", None, "", prepared.cleaned_text, prepared.text_hash, [])
    catalogue = extract_catalogue(bare)
    assert all(not visit.chunk_ids for visit in catalogue.visits)
    assert len(catalogue.visits) >= 2
