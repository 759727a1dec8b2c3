"""Quick answers to planning questions, read from the trip catalogue instead of retrieved passages.

Recognised (Danish and English, by small patterns): the address, contacts, time or purpose of a visit
("Hvad er adressen på Greyston Bakery?"), trips to a city ("Har vi været i Boston før?"), the trips made, the
participants of a trip ("Hvem deltog i studieturen i 2014?"), proposed destinations by theme or region
("Hvilke destinationer foreslås med fokus på AI og tech?") and the places suggested at a destination.

The lookup is conservative: anything else, a question whose subject the catalogue does not know (or knows
ambiguously), or a fact no longer found in its chunk gives None, and the caller answers by normal retrieval.
Every fact in an answer is cited [n] to the chunk that holds it, with the fact highlighted.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.presupposition import never_visited
from studietur.catalogue.model import Person, Trip, Visit
from studietur.catalogue.store import CatalogueStore
from studietur.catalogue.themes import theme_spans, themes_in
from studietur.core.types import Answer, Chunk, Citation, Language, Passage

logger = logging.getLogger(__name__)

ChunkGetter = Callable[[list[str]], list[Chunk]]
MODE = "catalogue"

_F = re.IGNORECASE


def _rules(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, _F) for pattern in patterns)


_WE = r"(?:vi|udvalget|biu|delegationen|de)"
_AT = r"(?:hos|på|ved|i|med|fra)"
_ADDRESS = _rules(
    r"^(?:hvad|hvilken) (?:er|var) (?:den )?adressen? (?:på|for|til|hos) (?P<name>.+)$",
    r"^(?:hvad|hvilken) (?:er|var) (?P<name>.+?)s adresse$",
    r"^adressen? (?:på|for|til|hos) (?P<name>.+)$",
    r"^hvor (?:ligger|lå) (?P<name>.+?)(?: henne)?$",
    r"^what(?: is|'s| was) the address (?:of|for) (?P<name>.+)$",
    r"^(?:the )?address (?:of|for) (?P<name>.+)$",
    r"^where (?:is|was) (?P<name>.+?)(?: located)?$",
)
_CONTACTS = _rules(
    rf"^hvem (?:mødte|møder|mødtes|talte|snakkede|besøgte) {_WE}(?: med)? {_AT} (?P<name>.+)$",
    rf"^hvem (?:var|er) (?:vores |udvalgets )?(?:kontaktpersone?r?(?:ne)?|kontakte?r?(?:ne)?|eksterne|værte?r?(?:ne)?"
    rf"|oplægsholdere?(?:ne)?) {_AT} (?P<name>.+)$",
    r"^hvem (?:tog imod|modtog) (?:os|udvalget|delegationen) (?:hos|på|ved|i) (?P<name>.+)$",
    r"^(?:hvilke )?(?:kontaktpersoner|kontakter|eksterne|oplægsholdere) (?:hos|på|ved|fra) (?P<name>.+)$",
    r"^who did (?:we|the committee|they) (?:meet|talk to|speak (?:to|with)|see) (?:at|with|from|in) (?P<name>.+)$",
    r"^who (?:were|are|was|is) (?:the |our )?(?:contacts?|contact persons?|hosts?|speakers?) (?:at|for|from) (?P<name>.+)$",
)
_WHEN = _rules(
    rf"^hvornår (?:besøgte|mødte|var|rejste) {_WE}(?: sidst| senest)?(?: på studietur)? (?:(?:hos|på|ved|i|med|til) )?(?P<name>.+)$",
    r"^hvornår var (?:besøget|mødet) (?:hos|på|ved|i|med) (?P<name>.+)$",
    rf"^(?:hvilken dag|hvad tid|hvilket tidspunkt) (?:besøgte|mødte|var) {_WE} (?:(?:hos|på|ved|i|med) )?(?P<name>.+)$",
    r"^when did (?:we|the committee) (?:visit|meet(?: with)?|go to|see|travel to) (?P<name>.+)$",
    r"^when was (?:the |our )?(?:visit|meeting) (?:to|at|with) (?P<name>.+)$",
    r"^when were (?:we|the committee) (?:at|in) (?P<name>.+)$",
)
_PURPOSE = _rules(
    r"^hvad var (?:formålet|fokus) (?:med|for) (?:besøget|mødet) (?:hos|på|ved|i|med) (?P<name>.+)$",
    rf"^hvorfor (?:besøgte|mødte) {_WE} (?P<name>.+)$",
    r"^what was the (?:purpose|focus) of (?:the |our )?(?:visit|meeting) (?:to|at|with) (?P<name>.+)$",
    r"^why did (?:we|the committee) visit (?P<name>.+)$",
)
_TRIP_CITY = _rules(
    rf"^(?:har|var) {_WE}(?: nogensinde| nogen sinde| tidligere| før| allerede)? (?:været|rejst)(?: på studietur| på tur)? "
    r"(?:i|til) (?P<name>.+?)(?: før| tidligere| nogensinde| på studietur)?$",
    rf"^(?:har|var) {_WE}(?: nogensinde| tidligere| før)? på studietur (?:i|til) (?P<name>.+?)(?: før| tidligere)?$",
    rf"^hvilket år (?:var|rejste) {_WE} (?:på studietur )?(?:i|til) (?P<name>.+)$",
    r"^(?:have|has) (?:we|the committee)(?: ever| already| previously)? (?:been|travelled|traveled|gone)"
    r"(?: on a study trip)? (?:to|in) (?P<name>.+?)(?: before)?$",
    r"^did (?:we|the committee) (?:ever )?(?:go|travel) to (?P<name>.+?)(?: before)?$",
)
_TRIPS = _rules(
    rf"^(?:hvilke|hvor mange) studieture (?:har|havde) {_WE}(?: været på| haft| lavet| foretaget| gennemført)?$",
    rf"^hvor har {_WE} været på studieture?$",
    r"^(?:which|what|how many) (?:study )?trips (?:have|has|did) (?:we|the committee) (?:made|taken|been on|done|make|take)$",
)
_TRIP_NOUN = r"(?:studieturen|studierejsen|turen|rejsen)"
_PARTICIPANTS = _rules(
    rf"^hvem (?:deltog|var med|tog med|rejste med|var afsted|var af sted)(?: (?:i|på))? {_TRIP_NOUN}(?P<rest>.*)$",
    r"^hvilke (?:politikere|medlemmer|udvalgsmedlemmer|embedsmænd|deltagere|personer) (?:deltog|var med|rejste med)"
    rf"(?: (?:i|på))? {_TRIP_NOUN}(?P<rest>.*)$",
    rf"^hvem var deltagerne (?:i|på) {_TRIP_NOUN}(?P<rest>.*)$",
    r"^who (?:took part|participated|went|travelled|traveled|was|were)(?: in| on)? (?:the |our )?(?:study )?trip(?P<rest>.*)$",
    r"^who were the participants (?:in|on|of) (?:the |our )?(?:study )?trip(?P<rest>.*)$",
    r"^(?:which|what) (?:politicians|members|officials|people) (?:took part|participated|went)(?: in| on)? (?:the )?"
    r"(?:study )?trip(?P<rest>.*)$",
)
_ASKS_WHO = re.compile(r"^(?:hvem|hvilke|hvilken|who|which|what|list|nævn)\b", _F)
_MEMBER_WORDS = re.compile(r"\b(?:politikere|udvalgsmedlemmer|medlemmer|politicians|members|committee members)\b", _F)
_OFFICIAL_WORDS = re.compile(
    r"\b(?:embedsmænd|embedsfolk|medarbejdere|forvaltningen|administrationen|officials|staff|administration)\b", _F
)
_PARTICIPANT_WORDS = re.compile(
    rf"\b(?:deltog|deltagere|deltagerne|var med|rejste med|tog med|participants|took part|participated|went|"
    rf"travell?ed|came along)\b|{_MEMBER_WORDS.pattern}|{_OFFICIAL_WORDS.pattern}",
    _F,
)
_TRIP_WORDS = re.compile(r"\b(?:studietur\w*|turen|rejsen|delegation\w*|trip|journey|var med|came along)\b", _F)
_PLACE_NOUN = re.compile(
    r"\b(?:steder|besøgssteder|besøg|institutioner|organisationer|virksomheder|aktører|places|sites|organi[sz]ations|"
    r"institutions|companies)\b",
    _F,
)
_COULD_VISIT = re.compile(r"\b(?:kan|kunne|skal|bør) (?:vi|udvalget) besøge|\b(?:could|can|should) we visit\b", _F)
_PLACES = _rules(
    r"^(?:hvilke|hvad for nogle) (?:steder|besøg|besøgssteder|organisationer|virksomheder|institutioner) "
    r"(?:foreslås|er foreslået|kan (?:vi|udvalget) besøge|anbefales) (?:i|på|ved) (?P<name>.+)$",
    r"^hvad (?:foreslås|kan (?:vi|udvalget) besøge|anbefales) (?:der )?(?:at besøge )?(?:i|på) (?P<name>.+)$",
    r"^hvilke (?:steder|besøg) (?:i|på) (?P<name>.+?) (?:foreslås|er foreslået|anbefales)$",
    r"^(?:which|what) (?:places|visits|organi[sz]ations|sites) (?:are|were) (?:suggested|proposed|recommended) "
    r"(?:in|for) (?P<name>.+)$",
    r"^what (?:could|can|should) (?:we|the committee) visit in (?P<name>.+)$",
)
_PROPOSAL_START = re.compile(
    r"^(?:hvilke|hvad|hvor|er der|findes der|giv|vis|list|which|what|where|are there|show)\b", _F
)
_PROPOSAL_NOUN = re.compile(r"\b(?:destination\w*|studieture?\w*|rejsemål\w*|trips?|places)\b", _F)
_PROPOSAL_VERB = re.compile(r"\b(?:foresl\w*|forslag\w*|anbefal\w*|propos\w*|suggest\w*|recommend\w*)\b", _F)
_FOCUS = re.compile(
    r"fokus|inden ?for|omkring|vedr\w*|handler om|tema\w*|focus\w*|related to|about|concerning|regarding", _F
)
_SCOPE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("danmark", re.compile(r"\bdansk\w*|\bi danmark\b|\bindenlands\w*|\bdenmark\b|\bdanish\b", _F)),
    ("europa", re.compile(r"\beuropæisk\w*|\bi europa\b|\beurope\w*", _F)),
    ("oversøisk", re.compile(r"\boversøisk\w*|\buden ?for europa\b|\boutside europe\b|\boverseas\b", _F)),
)
# Capitalised words a proposals question may hold besides a theme keyword; any other is a subject we cannot filter by.
_KNOWN_CAPITALS = frozenset("ai it biu tech danmark denmark europa europe danish european".split())
_COMPOUND = re.compile(
    r"[,;]?\s\b(?:og|and) (?:hvad|hvem|hvor|hvordan|hvorfor|hvilke|hvornår|what|who|where|how|why|which|when)\b", _F
)
_QUALIFIER = re.compile(r"\s+(?:i|in|på|paa|under|during|på studieturen|on the trip)\s+.*$", _F)
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_QUOTES = str.maketrans("", "", "\"“”„«»'’")

_SCOPE_LABEL = {
    "da": {"danmark": "Danmark", "europa": "Europa", "oversøisk": "oversøisk"},
    "en": {"danmark": "Denmark", "europa": "Europe", "oversøisk": "overseas"},
}
_SCOPE_ADJECTIVE = {
    "da": {"danmark": "danske", "europa": "europæiske", "oversøisk": "oversøiske"},
    "en": {"danmark": "Danish", "europa": "European", "oversøisk": "overseas"},
}


@dataclass
class _Draft:
    text: str
    citer: _Citer


class _Citer:
    """Numbers the chunks an answer cites, in order of first use, and collects the highlighted facts."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self.chunks = {chunk.id: chunk for chunk in chunks}
        self.order: list[str] = []
        self.spans: dict[str, list[tuple[int, int]]] = {}

    def cite(self, chunk_ids: Sequence[str], facts: Sequence[str], extra: Sequence[str] = ()) -> int | None:
        """[n] of the first chunk (in `chunk_ids` order) holding facts[0]; every fact and extra keyword found in it
        is highlighted. None when no chunk holds the first fact (the catalogue is stale, or the text differs)."""
        facts = [fact for fact in facts if fact]
        if not facts:
            return None
        for chunk_id in chunk_ids:
            chunk = self.chunks.get(chunk_id)
            if chunk is None:
                continue
            first = _find(chunk.text, facts[0])
            if first is None:
                continue
            spans = [first, *(span for fact in facts[1:] if (span := _find(chunk.text, fact)))]
            # Theme keywords after the record's first fact show why it was chosen.
            tail = chunk.text[first[0] :]
            for theme in extra:
                spans += [(first[0] + s, first[0] + e) for s, e in theme_spans(tail, theme)[:2]]
            return self._add(chunk, spans)
        return None

    def citations(self) -> tuple[Citation, ...]:
        result = []
        for n, chunk_id in enumerate(self.order, start=1):
            highlights = tuple(sorted(set(self.spans[chunk_id])))
            result.append(Citation(n, Passage(self.chunks[chunk_id], score=1.0, rank=n), highlights))
        return tuple(result)

    def _add(self, chunk: Chunk, spans: list[tuple[int, int]]) -> int:
        if chunk.id not in self.spans:
            self.order.append(chunk.id)
            self.spans[chunk.id] = []
        self.spans[chunk.id].extend(spans)
        return self.order.index(chunk.id) + 1


class PlanningLookup:
    """Answers planning questions from the catalogue in milliseconds; None for anything it is not sure of."""

    def __init__(self, store: CatalogueStore, chunk_getter: ChunkGetter) -> None:
        self.store = store
        self.chunk_getter = chunk_getter

    def answer(self, question: str, language: Language) -> Answer | None:
        started = time.perf_counter()
        text = _normalise(question)
        if not text:
            return None
        draft = None if _COMPOUND.search(text) else self._draft(text, language)
        if draft is None:
            return self._never_visited(question, language)
        citations = draft.citer.citations()
        if not citations:
            return None
        elapsed = round((time.perf_counter() - started) * 1000, 2)
        logger.debug("catalogue answered %r in %.2f ms", question, elapsed)
        return Answer(
            question=question,
            text=draft.text,
            found=True,
            citations=citations,
            language=language,
            timings_ms={"catalogue": elapsed},
            mode=MODE,
        )

    def _never_visited(self, question: str, language: Language) -> Answer | None:
        found = never_visited(question, self.store)
        if found is None:
            return None
        chunk_ids = list(dict.fromkeys(cid for p in found.proposals for cid in p.chunk_ids))
        chunks = self.chunk_getter(chunk_ids) if chunk_ids else []
        related = tuple(Passage(chunk, 0.0, rank) for rank, chunk in enumerate(chunks, start=1))
        return Answer(question, found.text(language), False, (), language, related, mode=MODE)

    # --- dispatch ----------------------------------------------------------------------------------------------

    def _draft(self, text: str, language: Language) -> _Draft | None:
        if match := _first_match(_PLACES, text):
            return self._places(match.group("name"), language)
        if _is_proposals_question(text):
            return self._proposals(text, language)
        if match := _first_match(_PARTICIPANTS, text):
            return self._participants(match.group("rest"), language)
        if _first_match(_TRIPS, text):
            return self._trips(self.store.trips(), None, language)
        if match := _first_match(_ADDRESS, text):
            return self._visit_fact(match.group("name"), "address", language)
        if match := _first_match(_CONTACTS, text):
            return self._visit_fact(match.group("name"), "contacts", language)
        if match := _first_match(_PURPOSE, text):
            return self._visit_fact(match.group("name"), "purpose", language)
        if match := _first_match(_WHEN, text):
            name = match.group("name")
            return self._visit_fact(name, "when", language) or self._trips_to(name, language, confirm=False)
        if match := _first_match(_TRIP_CITY, text):
            return self._trips_to(match.group("name"), language, confirm=True)
        return self._participants_loose(text, language) or self._places_loose(text, language)

    def _citer(self, chunk_ids: Sequence[str]) -> _Citer:
        ids = list(dict.fromkeys(chunk_ids))
        return _Citer(self.chunk_getter(ids) if ids else [])

    # --- visits ------------------------------------------------------------------------------------------------

    def _find_visit(self, name: str) -> Visit | None:
        name = _clean_name(name)
        visit = self.store.find_visit(name)
        if visit is None:
            shorter = _QUALIFIER.sub("", name)
            if shorter and shorter != name:
                visit = self.store.find_visit(shorter)
        return visit

    def _visit_fact(self, name: str, fact: str, language: Language) -> _Draft | None:
        visit = self._find_visit(name)
        if visit is None:
            return None
        citer = self._citer(visit.chunk_ids)
        org = visit.organisation
        da = language == "da"
        if fact == "address" and visit.address:
            n = citer.cite(visit.chunk_ids, [visit.address, visit.time_text])
            if n is None:
                return None
            when = _when_text(visit, language)
            if da:
                text = f"Adressen på {org} er {visit.address} [{n}]."
                text += f" Udvalget var der {when} under {_lower_first(visit.trip_title)}." if when else ""
            else:
                text = f"The address of {org} is {visit.address} [{n}]."
                text += f" The committee was there on {when} ({visit.trip_title})." if when else ""
            return _Draft(text, citer)
        if fact == "contacts" and visit.externals:
            n = citer.cite(visit.chunk_ids, visit.externals)
            if n is None:
                return None
            people = "\n".join(f"- {person}" for person in visit.externals)
            intro = f"Hos {org} mødte udvalget" if da else f"At {org} the committee met"
            return _Draft(f"{intro} [{n}]:\n{people}", citer)
        if fact == "when" and (visit.day_text or visit.time_text):
            n = citer.cite(visit.chunk_ids, [visit.time_text or visit.day_text, visit.day_text])
            if n is None:
                return None
            when = _when_text(visit, language)
            if da:
                trip = f" under {_lower_first(visit.trip_title)}" if visit.trip_title else ""
                return _Draft(f"Udvalget besøgte {org} {when}{trip} [{n}].", citer)
            trip = f" ({visit.trip_title})" if visit.trip_title else ""
            return _Draft(f"The committee visited {org} on {when}{trip} [{n}].", citer)
        if fact == "purpose" and visit.purpose:
            n = citer.cite(visit.chunk_ids, [visit.purpose])
            if n is None:
                return None
            intro = f"Formålet med besøget hos {org}" if da else f"The purpose of the visit to {org}"
            return _Draft(f"{intro}: {visit.purpose} [{n}]", citer)
        return None

    # --- trips -------------------------------------------------------------------------------------------------

    def _trips_to(self, city: str, language: Language, confirm: bool) -> _Draft | None:
        """Trips to a city; `confirm` answers a yes/no question ("Har vi været i Boston før?") with "Ja"."""
        city = _clean_name(city)
        trips = self.store.trips_to(city)
        if not trips:
            return None
        return self._trips(trips, city, language, confirm)

    def _trips(
        self, trips: Sequence[Trip], city: str | None, language: Language, confirm: bool = False
    ) -> _Draft | None:
        citer = self._citer([cid for trip in trips for cid in trip.chunk_ids])
        lines = []
        for trip in trips:
            facts = [
                trip.date_text,
                *(trip.cities if city is None else [c for c in trip.cities if city.casefold() in c.casefold()]),
            ]
            n = citer.cite(trip.chunk_ids, facts)
            if n is None:
                continue
            when = trip.date_text or (str(trip.year) if trip.year else "")
            lines.append(f"- {trip.title}" + (f" ({when})" if when else "") + f" [{n}]")
        if not lines:
            return None
        da = language == "da"
        if city:
            yes = ("Ja. " if da else "Yes. ") if confirm else ""
            intro = yes + (
                f"Udvalget har været på studietur til {city}:"
                if da
                else f"The committee has made a study trip to {city}:"
            )
        else:
            count = len(lines)
            intro = (
                f"Kataloget kender {count} studietur{'e' if count > 1 else ''}:"
                if da
                else f"The catalogue knows {count} study trip{'s' if count > 1 else ''}:"
            )
        return _Draft(intro + "\n" + "\n".join(lines), citer)

    def _participants(self, rest: str, language: Language) -> _Draft | None:
        wanted = _trip_filter(rest)
        if wanted is None:
            return None
        year, city = wanted
        trips = [
            trip
            for trip in self.store.trips()
            if (year is None or trip.year == year) and (city is None or trip in self.store.trips_to(city))
        ]
        return self._participants_of(trips, language, members=True, officials=True)

    def _participants_loose(self, text: str, language: Language) -> _Draft | None:
        """Participant questions the rules above do not word ("Hvilke politikere fra udvalget var med, da vi var i
        New York i 2014?"): a participant word, and a year or city that singles out trips."""
        if not (_ASKS_WHO.match(text) and _PARTICIPANT_WORDS.search(text)):
            return None
        year_match = _YEAR.search(text)
        folded = text.casefold()
        trips = self.store.trips()
        by_city = [trip for trip in trips if any(city.casefold() in folded for city in trip.cities)]
        if (year_match is None and not by_city) or not (by_city or _TRIP_WORDS.search(text)):
            return None
        chosen = [trip for trip in (by_city or trips) if year_match is None or trip.year == int(year_match.group(1))]
        members = not _OFFICIAL_WORDS.search(text) or bool(_MEMBER_WORDS.search(text))
        officials = not _MEMBER_WORDS.search(text) or bool(_OFFICIAL_WORDS.search(text))
        return self._participants_of(chosen, language, members=members, officials=officials)

    def _participants_of(
        self, trips: Sequence[Trip], language: Language, members: bool, officials: bool
    ) -> _Draft | None:
        trips = [trip for trip in trips if (members and trip.members) or (officials and trip.officials)]
        if not trips:
            return None
        citer = self._citer([cid for trip in trips for cid in trip.chunk_ids])
        da = language == "da"
        blocks = []
        for trip in trips:
            groups = [
                ("Udvalgsmedlemmer" if da else "Committee members", trip.members if members else []),
                ("Fra forvaltningen" if da else "Officials", trip.officials if officials else []),
            ]
            parts = []
            for label, people in groups:
                n = citer.cite(trip.chunk_ids, [p.name for p in people]) if people else None
                if n is not None:
                    parts.append(f"{label}: " + "; ".join(_person(p) for p in people) + f" [{n}]")
            if parts:
                when = f" ({trip.date_text or trip.year})" if trip.date_text or trip.year else ""
                blocks.append(f"{trip.title}{when}:\n" + "\n".join(parts))
        if not blocks:
            return None
        return _Draft("\n\n".join(blocks), citer)

    # --- proposals ---------------------------------------------------------------------------------------------

    def _proposals(self, text: str, language: Language) -> _Draft | None:
        scopes = [scope for scope, pattern in _SCOPE_WORDS if pattern.search(text)]
        if len(scopes) > 1:
            return None
        scope = scopes[0] if scopes else None
        themes = themes_in(text)
        if _FOCUS.search(text) and not themes:
            return None
        proposals = [p for p in self.store.proposals(scope=scope) if all(t in p.themes for t in themes)]
        if not proposals:
            return None
        citer = self._citer([cid for p in proposals for cid in p.chunk_ids])
        lines = []
        for proposal in proposals:
            n = citer.cite(proposal.chunk_ids, [proposal.name, proposal.headline], extra=themes)
            if n is None:
                continue
            region = _SCOPE_LABEL[language].get(proposal.scope, "")
            where = f" ({region})" if region and scope is None else ""
            headline = f": {proposal.headline}" if proposal.headline else ""
            lines.append(f"- {proposal.label}{where}{headline} [{n}]")
        if not lines:
            return None
        return _Draft(_proposals_intro(len(lines), scope, themes, language) + "\n" + "\n".join(lines), citer)

    def _places_loose(self, text: str, language: Language) -> _Draft | None:
        """Place questions worded otherwise ("Hvis vi vælger Nordjylland, hvilke steder foreslås vi så at besøge?"):
        a place noun, a proposing verb, and exactly one proposed destination named."""
        if not (_PLACE_NOUN.search(text) and (_PROPOSAL_VERB.search(text) or _COULD_VISIT.search(text))):
            return None
        named = [
            p
            for p in self.store.proposals()
            if any(_names(text, n) for n in [p.name, p.name.split(" (")[0], *p.cities] if n)
        ]
        if len(named) != 1:
            return None
        return self._places(named[0].name, language)

    def _places(self, name: str, language: Language) -> _Draft | None:
        proposal = self.store.find_proposal(_clean_name(name))
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
        intro = (
            f"Forslag til besøg i {proposal.label}:" if language == "da" else f"Suggested visits in {proposal.label}:"
        )
        return _Draft(intro + "\n" + "\n".join(lines), citer)


def _names(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, _F) is not None


def _first_match(patterns: Sequence[re.Pattern[str]], text: str) -> re.Match[str] | None:
    return next((m for m in (p.match(text) for p in patterns) if m), None)


def _normalise(question: str) -> str:
    text = " ".join(question.translate(_QUOTES).split())
    return text.rstrip("?!. ").strip()


def _clean_name(name: str) -> str:
    name = re.sub(r"^(?:the|den|det)\s+", "", name.strip(), flags=_F)
    return re.sub(r"\s+(?:henne|før|igen|before|again)$", "", name, flags=_F).strip(" ,")


def _is_proposals_question(text: str) -> bool:
    if not (_PROPOSAL_START.match(text) and _PROPOSAL_NOUN.search(text) and _PROPOSAL_VERB.search(text)):
        return False
    # A capitalised word we cannot filter by ("… foreslås i Asien") makes the list an answer to another question.
    words = re.findall(r"\b[^\W\d_][\w-]*", text)[1:]
    return all(not word[0].isupper() or word.casefold() in _KNOWN_CAPITALS or themes_in(word) for word in words)


def _trip_filter(rest: str) -> tuple[int | None, str | None] | None:
    """(year, city) from what follows 'studieturen': ' i 2014', ' til Boston', ' to New York in 2014'; None when
    something else follows (the question asks more than who took part)."""
    year_match = _YEAR.search(rest)
    year = int(year_match.group(1)) if year_match else None
    rest = re.sub(r"\b(?:året|the year)\b|[(),]", " ", _YEAR.sub(" ", rest), flags=_F)
    rest = re.sub(r"(?:^|\s)(?:i|in|fra|from)$", "", " ".join(rest.split()), flags=_F).strip()
    if not rest:
        return year, None
    city = re.match(r"^(?:til|to|i|in)\s+(?P<city>[A-ZÆØÅ][\w .-]*)$", rest)
    if not city:
        return None
    return year, city.group("city").strip()


def _proposals_intro(count: int, scope: str | None, themes: Sequence[str], language: Language) -> str:
    adjective = _SCOPE_ADJECTIVE[language].get(scope or "", "")
    theme_text = " og ".join(themes) if language == "da" else " and ".join(themes)
    if language == "da":
        noun = "destination" if count == 1 else "destinationer"
        focus = f" med fokus på {theme_text}" if themes else ""
        return f"Forslagene til studieture rummer {count} {adjective + ' ' if adjective else ''}{noun}{focus}:"
    noun = "destination" if count == 1 else "destinations"
    focus = f" with a focus on {theme_text}" if themes else ""
    return f"The proposals for study trips include {count} {adjective + ' ' if adjective else ''}{noun}{focus}:"


def _when_text(visit: Visit, language: Language) -> str:
    """'torsdag 12/10 2023 kl. 16.00 – 17.00' (or what of it the report gives)."""
    day = _lower_first(visit.day_text) if language == "da" else visit.day_text
    year = visit.date[:4] if visit.date else ""
    if year and year not in day:
        day = f"{day} {year}".strip()
    if visit.time_text:
        clock = f"kl. {visit.time_text}" if language == "da" else visit.time_text
        return f"{day} {clock}".strip() if day else clock
    return day


def _person(person: Person) -> str:
    details = ", ".join(part for part in (person.party, person.role) if part)
    return f"{person.name} ({details})" if details else person.name


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _find(text: str, fact: str) -> tuple[int, int] | None:
    """Where `fact` is in `text`, exactly or with any whitespace between its words."""
    at = text.find(fact)
    if at >= 0:
        return at, at + len(fact)
    words = fact.split()
    if not words:
        return None
    match = re.search(r"\s+".join(map(re.escape, words)), text)
    return match.span() if match else None
