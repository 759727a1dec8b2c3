"""The words of catalogue answers, in Danish and English: each function writes one part of an answer."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from studietur.catalogue.lookups import NeverVisited
from studietur.catalogue.model import Person, ProposedDestination, Trip, Visit
from studietur.core.types import Language
from studietur.text.lexicon import ENGLISH_MONTHS, ENGLISH_WEEKDAYS

SCOPE_LABEL = {
    "da": {"danmark": "Danmark", "europa": "Europa", "oversøisk": "oversøisk"},
    "en": {"danmark": "Denmark", "europa": "Europe", "oversøisk": "overseas"},
}
_SCOPE_ADJECTIVE = {
    "da": {"danmark": "danske", "europa": "europæiske", "oversøisk": "oversøiske"},
    "en": {"danmark": "Danish", "europa": "European", "oversøisk": "overseas"},
}
_NEVER = {
    "da": "Ifølge rapporterne har udvalget ikke været på studietur til {city}.",
    "en": "According to the reports, the committee has not made a study trip to {city}.",
}
_PROPOSED = {
    "da": " {city} er med i forslagene til kommende studieture (se passagerne nedenfor).",
    "en": " {city} is among the proposed destinations for future trips (see the passages below).",
}
_ISO_DATE = re.compile(r"(\d{4})-(0[1-9]|1[0-2])-(\d{2})")
_GROUP_LABEL = {
    "da": {"members": "Udvalgsmedlemmer", "officials": "Fra forvaltningen"},
    "en": {"members": "Committee members", "officials": "Officials"},
}

# The facts of a visit an answer cites, the first of which it must hold; empty when the record lacks it.
VISIT_FACTS: dict[str, Callable[[Visit], list[str]]] = {
    "address": lambda v: [v.address, v.time_text] if v.address else [],
    "contacts": lambda v: list(v.externals),
    "when": lambda v: [v.time_text or v.day_text, v.day_text] if v.day_text or v.time_text else [],
    "purpose": lambda v: [v.purpose] if v.purpose else [],
}


def visit_fact(visit: Visit, fact: str, n: int, language: Language) -> str:
    """The answer to a question about one fact of a visit, cited [n]."""
    org = visit.organisation
    da = language == "da"
    when = when_text(visit, language)
    if fact == "address":
        if da:
            said = f"Adressen på {org} er {visit.address} [{n}]."
            return said + (f" Udvalget var der {when} under {_lower_first(visit.trip_title)}." if when else "")
        said = f"The address of {org} is {visit.address} [{n}]."
        return said + (f" The committee was there on {when} ({visit.trip_title})." if when else "")
    if fact == "contacts":
        people = "\n".join(f"- {person}" for person in visit.externals)
        intro = f"Hos {org} mødte udvalget" if da else f"At {org} the committee met"
        return f"{intro} [{n}]:\n{people}"
    if fact == "when":
        if da:
            trip = f" under {_lower_first(visit.trip_title)}" if visit.trip_title else ""
            return f"Udvalget besøgte {org} {when}{trip} [{n}]."
        trip = f" ({visit.trip_title})" if visit.trip_title else ""
        return f"The committee visited {org} on {when}{trip} [{n}]."
    intro = f"Formålet med besøget hos {org}" if da else f"The purpose of the visit to {org}"
    return f"{intro}: {visit.purpose} [{n}]"


def trip_line(trip: Trip, n: int) -> str:
    when = trip.date_text or (str(trip.year) if trip.year else "")
    return f"- {trip.title}" + (f" ({when})" if when else "") + f" [{n}]"


def trips_intro(count: int, city: str | None, confirm: bool, language: Language) -> str:
    da = language == "da"
    if city:
        yes = ("Ja. " if da else "Yes. ") if confirm else ""
        if da:
            return f"{yes}Udvalget har været på studietur til {city}:"
        return f"{yes}The committee has made a study trip to {city}:"
    if da:
        return f"Kataloget kender {count} studietur{'e' if count > 1 else ''}:"
    return f"The catalogue knows {count} study trip{'s' if count > 1 else ''}:"


def visits_intro(count: int, city: str, language: Language) -> str:
    if language == "da":
        return f"Udvalget besøgte {count} sted{'er' if count > 1 else ''} i {city}:"
    return f"The committee made {count} visit{'s' if count > 1 else ''} in {city}:"


def visit_line(visit: Visit, n: int, language: Language) -> str:
    when = when_text(visit, language)
    return f"- {visit.organisation}" + (f" ({when})" if when else "") + f" [{n}]"


def trip_heading(trip: Trip) -> str:
    when = f" ({trip.date_text or trip.year})" if trip.date_text or trip.year else ""
    return f"{trip.title}{when}:"


def people_line(group: str, people: Sequence[Person], n: int, language: Language) -> str:
    return f"{_GROUP_LABEL[language][group]}: " + "; ".join(_person(p) for p in people) + f" [{n}]"


def proposal_line(proposal: ProposedDestination, n: int, scope: str | None, language: Language) -> str:
    region = SCOPE_LABEL[language].get(proposal.scope, "")
    where = f" ({region})" if region and scope is None else ""
    headline = f": {proposal.headline}" if proposal.headline else ""
    return f"- {proposal.label}{where}{headline} [{n}]"


def proposals_intro(count: int, scope: str | None, themes: Sequence[str], language: Language) -> str:
    adjective = _SCOPE_ADJECTIVE[language].get(scope or "", "")
    theme_text = " og ".join(themes) if language == "da" else " and ".join(themes)
    if language == "da":
        noun = "destination" if count == 1 else "destinationer"
        focus = f" med fokus på {theme_text}" if themes else ""
        return f"Forslagene til studieture rummer {count} {adjective + ' ' if adjective else ''}{noun}{focus}:"
    noun = "destination" if count == 1 else "destinations"
    focus = f" with a focus on {theme_text}" if themes else ""
    return f"The proposals for study trips include {count} {adjective + ' ' if adjective else ''}{noun}{focus}:"


def places_intro(proposal: ProposedDestination, language: Language) -> str:
    if language == "da":
        return f"Forslag til besøg i {proposal.label}:"
    return f"Suggested visits in {proposal.label}:"


def never_visited(found: NeverVisited, language: Language) -> str:
    said = _NEVER[language].format(city=found.city)
    return said + (_PROPOSED[language].format(city=found.city) if found.proposals else "")


def when_text(visit: Visit, language: Language) -> str:
    """'torsdag 12/10 2023 kl. 16.00 – 17.00' (or what of it the report gives); in English 'Thursday 12 October 2023,
    16.00 – 17.00' (the report's weekday, translated, and its date spelt out: "12/10" reads as December elsewhere)."""
    if language == "en":
        return _english_when(visit)
    day = _lower_first(visit.day_text)
    year = visit.date[:4] if visit.date else ""
    if year and year not in day:
        day = f"{day} {year}".strip()
    if visit.time_text:
        return f"{day} kl. {visit.time_text}".strip() if day else f"kl. {visit.time_text}"
    return day


def _english_when(visit: Visit) -> str:
    words = visit.day_text.split()
    weekday = ENGLISH_WEEKDAYS.get(words[0].casefold(), "") if words else ""
    iso = _ISO_DATE.fullmatch(visit.date)
    if iso:
        year, month, day_of_month = (int(part) for part in iso.groups())
        day = " ".join(part for part in (weekday, f"{day_of_month} {ENGLISH_MONTHS[month - 1]} {year}") if part)
    else:
        day = " ".join([weekday, *words[1:]]) if weekday else visit.day_text
    return ", ".join(part for part in (day, visit.time_text) if part)


def _person(person: Person) -> str:
    details = ", ".join(part for part in (person.party, person.role) if part)
    return f"{person.name} ({details})" if details else person.name


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
