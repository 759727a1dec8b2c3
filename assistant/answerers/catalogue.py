"""Quick answers to planning questions, read from the trip catalogue instead of retrieved passages.

The question is read once against the table of planning intents (`studietur.questions.intents`): the address,
contacts, time or purpose of a visit ("Hvad er adressen på Greyston Bakery?"), trips to a city ("Har vi været i
Boston før?"), the trips made, the participants of a trip ("Hvem deltog i studieturen i 2014?"), proposed
destinations by theme or region ("Hvilke destinationer foreslås med fokus på AI og tech?"), the places suggested at
a destination and the visits made in a city ("Hvilke organisationer besøgte udvalget i Boston?"). The first intent
the catalogue can answer gives the answer.

The lookup is conservative: anything else, a question whose subject the catalogue does not know (or knows
ambiguously), or a fact no longer found in its chunk gives None, and the caller answers by normal retrieval.
Every fact in an answer is cited [n] to the chunk that holds it, with the fact highlighted. A question that takes
for granted a trip the catalogue does not know ("Hvad lærte udvalget i Toronto?") is answered "not found", saying so.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.answerers import catalogue_text as words
from assistant.answerers.citer import Citer
from studietur.catalogue import lookups
from studietur.catalogue.model import ProposedDestination, Trip
from studietur.catalogue.store import CatalogueStore
from studietur.core.types import Answer, Chunk, Language, Passage
from studietur.questions.analysis import Question
from studietur.questions.intents import IntentMatch

logger = logging.getLogger(__name__)

ChunkGetter = Callable[[list[str]], list[Chunk]]
MODE = "catalogue"


@dataclass
class Draft:
    """An answer's text and the citer that numbered its facts."""

    text: str
    citer: Citer


class CatalogueAnswerer:
    """Answers planning questions from the catalogue in milliseconds; None for anything it is not sure of."""

    def __init__(self, store: CatalogueStore, chunk_getter: ChunkGetter) -> None:
        self.store = store
        self.chunk_getter = chunk_getter

    def answer(self, question: Question) -> Answer | None:
        started = time.perf_counter()
        language = question.language
        draft = match = None
        for match in question.intents:
            draft = self._draft(match, language)
            if draft is not None:
                break
        if draft is None or match is None:
            return self._never_visited(question)
        citations = draft.citer.citations()
        if not citations:
            return None
        elapsed = round((time.perf_counter() - started) * 1000, 2)
        logger.debug("catalogue answered %r (%s) in %.2f ms", question.text, match.intent, elapsed)
        return Answer(
            question=question.text,
            text=draft.text,
            found=True,
            citations=citations,
            language=language,
            timings_ms={"catalogue": elapsed},
            mode=MODE,
            why={"route": MODE, "intent": match.intent},
        )

    def _never_visited(self, question: Question) -> Answer | None:
        found = lookups.never_visited(self.store, question.text) if question.presumes_visit else None
        if found is None:
            return None
        chunk_ids = list(dict.fromkeys(cid for p in found.proposals for cid in p.chunk_ids))
        chunks = self.chunk_getter(chunk_ids) if chunk_ids else []
        related = tuple(Passage(chunk, 0.0, rank) for rank, chunk in enumerate(chunks, start=1))
        why: dict[str, str | float] = {"route": MODE, "refused": "never_visited", "city": found.city}
        return Answer(
            question.text,
            words.never_visited(found, question.language),
            False,
            (),
            question.language,
            related,
            mode=MODE,
            why=why,
        )

    def _draft(self, match: IntentMatch, language: Language) -> Draft | None:
        intent = match.intent
        if intent == "places":
            return self._places(self.store.find_proposal(match.name), language)
        if intent == "places.loose":
            return self._places(lookups.named_proposal(self.store, match.text), language)
        if intent == "proposals":
            return self._proposals(match, language)
        if intent == "participants":
            trips = lookups.trips_by_filter(self.store, match.rest)
            return None if trips is None else self._participants(trips, language, members=True, officials=True)
        if intent == "participants.loose":
            trips = lookups.trips_mentioned(self.store, match.text, match.year, match.mentions_trip)
            return None if trips is None else self._participants(trips, language, match.members, match.officials)
        if intent == "trips":
            return self._trips(self.store.trips(), None, language)
        if intent.startswith("visit."):
            fact = intent.removeprefix("visit.")
            found = self._visit_fact(match.name, fact, language)
            return found or (self._trips_to(match.name, language, confirm=False) if fact == "when" else None)
        if intent == "trip.city":
            return self._trips_to(match.name, language, confirm=True)
        if intent == "visits":
            return self._visits(match.name, match.year, language)
        raise ValueError(f"no catalogue answer for intent {intent!r}")

    def _citer(self, chunk_ids: Sequence[str]) -> Citer:
        ids = list(dict.fromkeys(chunk_ids))
        return Citer(self.chunk_getter(ids) if ids else [])

    def _visit_fact(self, name: str, fact: str, language: Language) -> Draft | None:
        visit = lookups.find_visit(self.store, name)
        if visit is None:
            return None
        citer = self._citer(visit.chunk_ids)
        facts = words.VISIT_FACTS[fact](visit)
        n = citer.cite(visit.chunk_ids, facts) if facts else None
        return None if n is None else Draft(words.visit_fact(visit, fact, n, language), citer)

    def _trips_to(self, city: str, language: Language, confirm: bool) -> Draft | None:
        """Trips to a city; `confirm` answers a yes/no question ("Har vi været i Boston før?") with "Ja"."""
        trips = self.store.trips_to(city)
        return self._trips(trips, city, language, confirm) if trips else None

    def _trips(
        self, trips: Sequence[Trip], city: str | None, language: Language, confirm: bool = False
    ) -> Draft | None:
        citer = self._citer([cid for trip in trips for cid in trip.chunk_ids])
        lines = []
        for trip in trips:
            cities = trip.cities if city is None else [c for c in trip.cities if city.casefold() in c.casefold()]
            n = citer.cite(trip.chunk_ids, [trip.date_text, *cities])
            if n is not None:
                lines.append(words.trip_line(trip, n))
        if not lines:
            return None
        return Draft(words.trips_intro(len(lines), city, confirm, language) + "\n" + "\n".join(lines), citer)

    def _visits(self, city: str, year: int | None, language: Language) -> Draft | None:
        """The visits made in a city (in a year), in programme order, each cited where its record stands."""
        visits = self.store.visits(city=city, year=year) if city else []
        citer = self._citer([cid for visit in visits for cid in visit.chunk_ids])
        lines = []
        for visit in visits:
            # A report's heading may set the name otherwise ("## 2. INNOVATION CENTER DENMARK BOSTON"): the visit's
            # time and address lines are what its record was read from.
            n = citer.cite(visit.chunk_ids, [visit.day_text, visit.time_text, visit.address]) or citer.cite(
                visit.chunk_ids, [visit.organisation]
            )
            if n is not None:
                lines.append(words.visit_line(visit, n, language))
        if not lines:
            return None
        return Draft(words.visits_intro(len(lines), city, language) + "\n" + "\n".join(lines), citer)

    def _participants(self, trips: Sequence[Trip], language: Language, members: bool, officials: bool) -> Draft | None:
        trips = [trip for trip in trips if (members and trip.members) or (officials and trip.officials)]
        if not trips:
            return None
        citer = self._citer([cid for trip in trips for cid in trip.chunk_ids])
        blocks = []
        for trip in trips:
            groups = [("members", trip.members if members else []), ("officials", trip.officials if officials else [])]
            parts = []
            for group, people in groups:
                n = citer.cite(trip.chunk_ids, [p.name for p in people]) if people else None
                if n is not None:
                    parts.append(words.people_line(group, people, n, language))
            if parts:
                blocks.append(words.trip_heading(trip) + "\n" + "\n".join(parts))
        return Draft("\n\n".join(blocks), citer) if blocks else None

    def _proposals(self, match: IntentMatch, language: Language) -> Draft | None:
        proposals = lookups.proposals_for(self.store, match.scope, match.themes)
        if not proposals:
            return None
        citer = self._citer([cid for p in proposals for cid in p.chunk_ids])
        lines = []
        for proposal in proposals:
            n = citer.cite(proposal.chunk_ids, [proposal.name, proposal.headline], extra=match.themes)
            if n is not None:
                lines.append(words.proposal_line(proposal, n, match.scope, language))
        if not lines:
            return None
        intro = words.proposals_intro(len(lines), match.scope, match.themes, language)
        return Draft(intro + "\n" + "\n".join(lines), citer)

    def _places(self, proposal: ProposedDestination | None, language: Language) -> Draft | None:
        if proposal is None or not proposal.places:
            return None
        citer = self._citer(proposal.chunk_ids)
        lines = []
        for place, description in proposal.places:
            n = citer.cite(proposal.chunk_ids, [place])
            if n is not None:
                lines.append(f"- {place}" + (f": {description}" if description else "") + f" [{n}]")
        if not lines:
            return None
        return Draft(words.places_intro(proposal, language) + "\n" + "\n".join(lines), citer)
