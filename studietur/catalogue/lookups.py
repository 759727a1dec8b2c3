"""Catalogue records by what a question names: a visit by its organisation, trips by city or year, proposals by
region and theme, the one destination a text names, and a destination the committee never travelled to.

Conservative by design: a name that matches several organisations, or none, finds nothing, and the caller answers
by retrieval instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from studietur.catalogue.model import ProposedDestination, Trip, Visit
from studietur.catalogue.store import CatalogueStore
from studietur.text.lexicon import YEAR_PATTERN

_F = re.IGNORECASE
_QUALIFIER = re.compile(r"\s+(?:i|in|på|paa|under|during|på studieturen|on the trip)\s+.*$", _F)


def find_visit(store: CatalogueStore, name: str) -> Visit | None:
    """The one visit `name` means; failing that, the one its name without a qualifier means ("Greyston Bakery i
    New York" -> "Greyston Bakery")."""
    visit = store.find_visit(name)
    if visit is None:
        shorter = _QUALIFIER.sub("", name)
        if shorter and shorter != name:
            visit = store.find_visit(shorter)
    return visit


def trips_by_filter(store: CatalogueStore, rest: str) -> list[Trip] | None:
    """The trips what follows 'studieturen' names: ' i 2014', ' til Boston', ' to New York in 2014' (all trips when
    nothing follows); None when something else follows (the question asks more than who took part)."""
    wanted = _trip_filter(rest)
    if wanted is None:
        return None
    year, city = wanted
    to_city = store.trips_to(city) if city is not None else []
    return [trip for trip in store.trips() if (year is None or trip.year == year) and (city is None or trip in to_city)]


def trips_mentioned(store: CatalogueStore, text: str, year: int | None, mentions_trip: bool) -> list[Trip] | None:
    """The trips a freely worded participants question means: those to a city it names, else all, of its year;
    None when neither a city nor a year singles out trips, or nothing says it is about a trip."""
    folded = text.casefold()
    trips = store.trips()
    by_city = [trip for trip in trips if any(city.casefold() in folded for city in trip.cities)]
    if (year is None and not by_city) or not (by_city or mentions_trip):
        return None
    return [trip for trip in (by_city or trips) if year is None or trip.year == year]


def proposals_for(store: CatalogueStore, scope: str | None, themes: Sequence[str]) -> list[ProposedDestination]:
    """Proposed destinations of a region (all when None) that carry every theme."""
    return [p for p in store.proposals(scope=scope) if all(theme in p.themes for theme in themes)]


def named_proposal(store: CatalogueStore, text: str) -> ProposedDestination | None:
    """The one proposed destination `text` names (by its name, its name before a parenthesis, or a city)."""
    named = [
        p for p in store.proposals() if any(_names(text, n) for n in [p.name, p.name.split(" (")[0], *p.cities] if n)
    ]
    return named[0] if len(named) == 1 else None


@dataclass(frozen=True)
class NeverVisited:
    """A place a question names that no trip of the catalogue went to, and the proposals that include it."""

    city: str
    proposals: tuple[ProposedDestination, ...]


def never_visited(store: CatalogueStore, question: str) -> NeverVisited | None:
    """The proposed destination the question names, when the question names no city a trip went to and no trip
    went there; None when the catalogue knows no trips (it cannot tell)."""
    trips = store.trips()
    if not trips:
        return None
    visited = {city.casefold() for trip in trips for city in trip.cities}
    if any(_names(question, city) for city in visited):
        return None
    for proposal in store.proposals():
        for city in [*proposal.cities, proposal.name]:
            if city and city.casefold() not in visited and _names(question, city):
                same = tuple(p for p in store.proposals() if city in (*p.cities, p.name))
                return NeverVisited(city, same)
    return None


def _names(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, _F) is not None


def _trip_filter(rest: str) -> tuple[int | None, str | None] | None:
    year_match = YEAR_PATTERN.search(rest)
    year = int(year_match.group(1)) if year_match else None
    rest = re.sub(r"\b(?:året|the year)\b|[(),]", " ", YEAR_PATTERN.sub(" ", rest), flags=_F)
    rest = re.sub(r"(?:^|\s)(?:i|in|fra|from)$", "", " ".join(rest.split()), flags=_F).strip()
    if not rest:
        return year, None
    city = re.match(r"^(?:til|to|i|in)\s+(?P<city>[A-ZÆØÅ][\w .-]*)$", rest)
    if not city:
        return None
    return year, city.group("city").strip()
