"""The chat's example questions, drawn from the trip catalogue of the reports in the index: a user who brings other
reports sees questions about them, not about the sample corpus."""

from __future__ import annotations

from studietur.catalogue.model import Trip, Visit
from studietur.catalogue.store import CatalogueStore

# When the catalogue holds no trips or proposals (reports of another kind), questions that name nothing.
GENERAL = [
    "Hvilke studieture har udvalget været på?",
    "Hvilke destinationer foreslås til kommende studieture?",
]
MOST = 5


def example_questions(catalogue: CatalogueStore) -> list[str]:
    """Up to `MOST` questions the catalogue can answer: the newest trip's visits and participants, a visit's hosts,
    the proposed destinations, and one in English."""
    trips = [trip for trip in catalogue.trips() if trip.cities]
    questions: list[str] = []
    if trips:
        newest = trips[-1]
        city = newest.cities[0]
        questions.append(f"Hvilke organisationer besøgte udvalget i {city}?")
        questions.append(_participants(trips[0] if len(trips) > 1 else newest))
        visit = _hosted_visit(catalogue.visits(city=city))
        if visit is not None:
            questions.append(f"Hvem mødte udvalget hos {visit.organisation}?")
    if catalogue.proposals(scope="danmark"):
        questions.append("Hvilke destinationer foreslås for en studietur i Danmark?")
    elif catalogue.proposals():
        questions.append(GENERAL[1])
    if trips:
        questions.append(f"Which organisations did the committee visit in {trips[-1].cities[0]}?")
    return questions[:MOST] or list(GENERAL)


def _participants(trip: Trip) -> str:
    places = " og ".join(trip.cities[:2])
    return (
        f"Hvem deltog i studieturen til {places} i {trip.year}?"
        if trip.year
        else f"Hvem deltog i studieturen til {places}?"
    )


def _hosted_visit(visits: list[Visit]) -> Visit | None:
    """The visit whose hosts the report names most of (a question about it has the fullest answer)."""
    hosted = [visit for visit in visits if visit.externals and visit.organisation]
    return max(hosted, key=lambda visit: len(visit.externals)) if hosted else None
