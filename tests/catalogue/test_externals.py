"""The external people of a visit, read from its "Eksterne:" field: the sample report's fields, and made-up ones
naming organisations, cities and people that the sample reports do not name."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from studietur.catalogue.extract import extract_catalogue
from studietur.catalogue.model import DocumentCatalogue, Visit
from studietur.core.types import PreparedDocument
from studietur.text.given_names import is_given_name

IDCK = [
    "Natasia Lundqvist, Commercial Advisor",
    "Patrick Risager Mikkelsen, Innovation Officer",
    "Ann-Christina Petersen Lange, Executive Director & Consul",
]


def _report(destination: str, organisation: str, value: str) -> str:
    """A made-up travel report with one visit, to `organisation`, whose "Eksterne:" field is `value`."""
    return f"""# Rejserapport fra udvalgets studietur til {destination}

Udvalget var på studietur til {destination} d. 2.-3. maj 2019.

## 1. {organisation}

Tidspunkt: Torsdag 2/5 kl. 10.00
Eksterne: {value}

### Formål

At høre om deres arbejde.
"""


def _only_visit(
    make_document: Callable[..., PreparedDocument], destination: str, organisation: str, value: str
) -> Visit:
    catalogue = extract_catalogue(make_document(_report(destination, organisation, value)))
    (visit,) = catalogue.visits
    assert visit.organisation == organisation
    return visit


def _visit(catalogue: DocumentCatalogue, number: int) -> Visit:
    return next(v for v in catalogue.visits if v.number == number)


# --- the sample report ---------------------------------------------------------------------------------------------


def test_a_field_of_names_without_commas_is_split_at_given_names(boston: DocumentCatalogue) -> None:
    # "Danske expats Jacob Hyllested-Vinge Mette Hyllested-Vinge Christian Geelan": a label, then three names.
    assert _visit(boston, 1).externals == ["Jacob Hyllested-Vinge", "Mette Hyllested-Vinge", "Christian Geelan"]


@pytest.mark.parametrize("number", [3, 4, 5])
def test_the_label_of_the_next_organisation_is_no_part_of_a_role(boston: DocumentCatalogue, number: int) -> None:
    # "… Executive Director & Consul City of Boston James Reginald Colimon, …": "City of Boston" labels who follows.
    assert _visit(boston, number).externals[:3] == IDCK


def test_a_name_the_visit_heading_spells_out_is_kept_whole(boston: DocumentCatalogue) -> None:
    # The heading "Velkommen til New York v. journalist Annegrethe Felter Rasmussen" names the same person.
    assert _visit(boston, 8).externals == ["Annegrethe Felter Rasmussen, journalist"]


# --- made-up fields ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("destination", "organisation", "value", "people"),
    [
        ("Wien", "Vienna Business Agency",
         "Vienna Business Agency Anna Gruber, Program Manager Lukas Berger, Head of Innovation",
         ["Anna Gruber, Program Manager", "Lukas Berger, Head of Innovation"]),
        ("Amsterdam og Rotterdam", "Port of Rotterdam", "Rotterdam Port Authority Jan de Vries, Director of Operations",
         ["Jan de Vries, Director of Operations"]),
        ("Amsterdam", "Amsterdam Economic Board",
         "Amsterdam Economic Board Sanne van den Berg, Program Manager Youssef El Amrani, Data Lead",
         ["Sanne van den Berg, Program Manager", "Youssef El Amrani, Data Lead"]),
        ("Tallinn", "Tallinn City Government", "Tallinn City Government Kristjan Tamm, Deputy Mayor Liis Kask, Adviser",
         ["Kristjan Tamm, Deputy Mayor", "Liis Kask, Adviser"]),
        ("Helsinki", "Ohjaamo Helsinki",
         "Helsinki Youth Services Aino Virtanen, Youth Worker Mikko Laine, Project Coordinator",
         ["Aino Virtanen, Youth Worker", "Mikko Laine, Project Coordinator"]),
        ("Chicago", "Chicago Cook Workforce Partnership",
         "Chicago Cook Workforce Partnership Tamika Johnson, Vice President of Programs Luis Hernández, Navigator",
         ["Tamika Johnson, Vice President of Programs", "Luis Hernández, Navigator"]),
        ("New York", "Ford Foundation", "Ford Foundation Future of Work Team Maria Lopez, Program Officer",
         ["Maria Lopez, Program Officer"]),
        ("Berlin", "Senatsverwaltung für Arbeit",
         "Senatsverwaltung Katrin Schulz, Referentin Thomas Becker, Abteilungsleiter",
         ["Katrin Schulz, Referentin", "Thomas Becker, Abteilungsleiter"]),
        ("Barcelona", "Barcelona Activa", "Barcelona Activa Laura Martí Vidal, Directora Jordi Puig, Tècnic d'ocupació",
         ["Laura Martí Vidal, Directora", "Jordi Puig, Tècnic d'ocupació"]),
        ("Oslo", "Oslo kommune", "Oslo kommune Ingrid Bakke, avdelingsdirektør NAV Oslo Ole Hansen, veileder",
         ["Ingrid Bakke, avdelingsdirektør NAV Oslo", "Ole Hansen, veileder"]),
        ("Dublin", "Dublin City Council",
         "Dublin City Council Siobhán Ní Bhriain, Senior Executive Officer Declan O'Brien, Administrative Officer",
         ["Siobhán Ní Bhriain, Senior Executive Officer", "Declan O'Brien, Administrative Officer"]),
        ("Lagos", "Lagos Jobs Initiative",
         "Lagos Jobs Initiative Oluwaseun Adebayo Okafor, Program Director Chiamaka Eze, Policy Analyst",
         ["Oluwaseun Adebayo Okafor, Program Director", "Chiamaka Eze, Policy Analyst"]),
        ("København", "Kommunernes Landsforening",
         "KL Hanne Lund, kontorchef Rasmus Bach, Chefkonsulent Mette Kjær, specialkonsulent",
         ["Hanne Lund, kontorchef", "Rasmus Bach, Chefkonsulent", "Mette Kjær, specialkonsulent"]),
        ("Wien", "Stadt Wien",
         "Business Agency Anna Gruber, Program Manager Stadt Wien Lukas Berger, Head of Innovation",
         ["Anna Gruber, Program Manager", "Lukas Berger, Head of Innovation"]),
        ("Aalborg", "Møde med studerende", "Studerende fra Aalborg Universitet Sofie Nielsen Ahmed Yusuf Emil Berg",
         ["Sofie Nielsen", "Ahmed Yusuf", "Emil Berg"]),
    ],
)  # fmt: skip
def test_made_up_fields_name_their_people(
    make_document: Callable[..., PreparedDocument], destination: str, organisation: str, value: str, people: list[str]
) -> None:
    assert _only_visit(make_document, destination, organisation, value).externals == people


@pytest.mark.parametrize(
    ("destination", "organisation", "value", "people"),
    [
        # A role that ends in words of the visit's organisation reads as the label of the next person's.
        ("København", "Copenhagen Capacity", "Lars Holm, Director Copenhagen Office Pia Berg, Analyst",
         ["Lars Holm, Director Copenhagen Office", "Pia Berg, Analyst"]),
        # A given name the dictionary lacks, before a middle name it has, reads as the end of a label.
        ("Lagos", "Lagos Jobs Initiative", "Lagos Jobs Initiative Nkechi Grace Obi, Program Lead",
         ["Nkechi Grace Obi, Program Lead"]),
    ],
)  # fmt: skip
@pytest.mark.xfail(strict=True, reason="known limits of reading where a name begins")
def test_known_misreadings(
    make_document: Callable[..., PreparedDocument], destination: str, organisation: str, value: str, people: list[str]
) -> None:
    assert _only_visit(make_document, destination, organisation, value).externals == people


def test_a_field_that_does_not_split_is_kept_as_written(make_document: Callable[..., PreparedDocument]) -> None:
    value = "Medarbejdere fra forvaltningen"
    assert _only_visit(make_document, "Malmö", "Malmö stad", value).externals == [value]


@pytest.mark.parametrize(
    ("word", "given"),
    [("Kevin", True), ("Mette", True), ("Ann-Christina", True), ("Siobhán", True), ("Bakery", False),
     ("Referentin", False), ("Ann-Bakery", False)],
)  # fmt: skip
def test_given_names_come_from_the_dictionary(word: str, given: bool) -> None:
    assert is_given_name(word) is given
