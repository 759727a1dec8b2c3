"""Questions that take a visit for granted ("Hvad fik udvalget ud af sit studiebesøg i Toronto?") about a city the
committee never travelled to: the catalogue knows every trip, so the assistant can say so instead of quoting
whatever passage mentions the city."""

from __future__ import annotations

import re
from dataclasses import dataclass

from studietur.catalogue.model import ProposedDestination
from studietur.catalogue.store import CatalogueStore
from studietur.core.types import Language

_F = re.IGNORECASE
_VISITED = re.compile(r"\b(?:besøgte|mødte|visited|met)\b", _F)
_VISIT_NOUN = r"(?:studiebesøg\w*|studietur\w*|besøget|turen|visit|trip|meet)"
_PAST = r"(?:fik|lærte|var|blev|så|hørte|did|was|were|learn\w*|got|saw|heard)"
_PAST_VISIT = re.compile(rf"\b{_VISIT_NOUN}\b.*\b{_PAST}\b|\b{_PAST}\b.*\b{_VISIT_NOUN}\b", _F)
_FUTURE = re.compile(r"\b(?:foresl\w*|forslag\w*|kommende|næste|kan vi|could|should|propos\w*|suggest\w*|next)\b", _F)

NEVER = {
    "da": "Ifølge rapporterne har udvalget ikke været på studietur til {city}.",
    "en": "According to the reports, the committee has not made a study trip to {city}.",
}
PROPOSED = {
    "da": " {city} er med i forslagene til kommende studieture (se passagerne nedenfor).",
    "en": " {city} is among the proposed destinations for future trips (see the passages below).",
}


@dataclass(frozen=True)
class NeverVisited:
    city: str
    proposals: tuple[ProposedDestination, ...]

    def text(self, language: Language) -> str:
        text = NEVER[language].format(city=self.city)
        return text + (PROPOSED[language].format(city=self.city) if self.proposals else "")


def never_visited(question: str, store: CatalogueStore) -> NeverVisited | None:
    """The city a past-tense visit question names, when no trip of the catalogue went there."""
    if not (_VISITED.search(question) or _PAST_VISIT.search(question)) or _FUTURE.search(question):
        return None
    trips = store.trips()
    if not trips:
        return None
    visited = {city.casefold() for trip in trips for city in trip.cities}
    if any(_mentions(question, city) for city in visited):
        return None
    for proposal in store.proposals():
        for city in [*proposal.cities, proposal.name]:
            if city and city.casefold() not in visited and _mentions(question, city):
                same = tuple(p for p in store.proposals() if city in (*p.cities, p.name))
                return NeverVisited(city, same)
    return None


def _mentions(question: str, city: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(city)}(?!\w)", question, _F) is not None
