"""Planning intents: the questions the trip catalogue answers, read by one table of Danish and English patterns.

Each row of INTENTS has an id, the patterns that recognise it (anchored on the question as `normalise` leaves it;
a named group is a slot: `name` the organisation, city or destination asked about, `rest` what follows a trip noun)
and the kind of fact it asks for. A question matches the rows in table order; the caller tries them in that order
and takes the first the catalogue can answer. A question asking two things ("… og hvem …") matches none.

Three readings are not single patterns: a proposals question (a proposing verb, a destination noun, perhaps a
theme or region), a participants question worded freely (a participant word and a year or a trip word), and a
place question worded freely (a place noun and a proposing verb). They are rows too, with a reader function.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from studietur.catalogue.themes import themes_in
from studietur.questions.kinds import Kind
from studietur.text.lexicon import YEAR_PATTERN

logger = logging.getLogger(__name__)

_F = re.IGNORECASE


def _rules(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, _F) for pattern in patterns)


_WE = r"(?:vi|udvalget|biu|delegationen|de)"
_AT = r"(?:hos|på|ved|i|med|fra)"
_TRIP_NOUN = r"(?:studieturen|studierejsen|turen|rejsen)"
_ADDRESS = _rules(
    r"^(?:hvad|hvilken) (?:er|var) (?:den )?adressen? (?:på|for|til|hos) (?P<name>.+)$",
    r"^(?:hvad|hvilken) (?:er|var) (?P<name>.+?)s adresse$",
    r"^adressen? (?:på|for|til|hos) (?P<name>.+)$",
    r"^hvor (?:ligger|lå) (?P<name>.+?)(?: henne)?$",
    r"^hvor (?:holder|holdt) (?P<name>.+?) til$",
    rf"^(?:hvad|hvilken) (?:er|var) adressen,? (?:da|når) {_WE} (?:besøgte|mødte|var hos|var på besøg hos) "
    r"(?P<name>.+)$",
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
_PLACES = _rules(
    r"^(?:hvilke|hvad for nogle) (?:steder|besøg|besøgssteder|organisationer|virksomheder|institutioner) "
    r"(?:foreslås|er foreslået|kan (?:vi|udvalget) besøge|anbefales) (?:i|på|ved) (?P<name>.+)$",
    r"^hvad (?:foreslås|kan (?:vi|udvalget) besøge|anbefales) (?:der )?(?:at besøge )?(?:i|på) (?P<name>.+)$",
    r"^hvilke (?:steder|besøg) (?:i|på) (?P<name>.+?) (?:foreslås|er foreslået|anbefales)$",
    r"^(?:which|what) (?:places|visits|organi[sz]ations|sites) (?:are|were) (?:suggested|proposed|recommended) "
    r"(?:in|for) (?P<name>.+)$",
    r"^what (?:could|can|should) (?:we|the committee) visit in (?P<name>.+)$",
)
# The visits of the trips made to a city ("Hvilke organisationer besøgte udvalget i Boston?").
_VISITED_PLACES = (
    r"(?:organisationer|virksomheder|institutioner|steder|aktører|organi[sz]ations|companies|institutions|places)"
)
_ON_TRIP = r"(?: på (?:studieturen|turen|rejsen))?"
_VISITS = _rules(
    rf"^(?:hvilke|hvad for nogle) {_VISITED_PLACES} (?:besøgte|mødte|så) {_WE}{_ON_TRIP} (?:i|på|til) (?P<name>.+)$",
    rf"^(?:hvad|hvem) (?:besøgte|så) {_WE}{_ON_TRIP} (?:i|på|til) (?P<name>.+)$",
    rf"^hvem mødte {_WE}{_ON_TRIP} (?:i|til) (?P<name>.+)$",
    rf"^hvor var {_WE} på besøg i (?P<name>.+)$",
    rf"^(?:which|what) {_VISITED_PLACES} did (?:we|the committee|the delegation) (?:visit|see|meet(?: with)?) "
    r"(?:in|on the trip to) (?P<name>.+)$",
    r"^(?:what|who) did (?:we|the committee|the delegation) (?:visit|see) in (?P<name>.+)$",
)
# "… i Boston i 2023", "… to Boston in 2023": the year narrows the visits.
_IN_YEAR = re.compile(r"^(?P<name>.+?)\s+(?:i|in)\s+(?P<year>(?:19|20)\d{2})$", _F)
_TRIP_TO = re.compile(r"^(?:turen|studieturen|rejsen|the trip|the study trip) (?:til|to) ", _F)
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
_QUOTES = str.maketrans("", "", "\"“”„«»'’")
# A question that takes a past visit for granted ("Hvad fik udvalget ud af sit studiebesøg i Toronto?").
_VISITED = re.compile(r"\b(?:besøgte|mødte|visited|met)\b", _F)
_VISIT_NOUN = r"(?:studiebesøg\w*|studietur\w*|besøget|turen|visit|trip|meet)"
_PAST = r"(?:fik|lærte|var|blev|så|hørte|did|was|were|learn\w*|got|saw|heard)"
_PAST_VISIT = re.compile(rf"\b{_VISIT_NOUN}\b.*\b{_PAST}\b|\b{_PAST}\b.*\b{_VISIT_NOUN}\b", _F)
_FUTURE = re.compile(r"\b(?:foresl\w*|forslag\w*|kommende|næste|kan vi|could|should|propos\w*|suggest\w*|next)\b", _F)


@dataclass(frozen=True)
class IntentMatch:
    """A question read as a planning intent, with the slots its reading filled."""

    intent: str
    text: str  # the question as `normalise` leaves it
    name: str = ""  # the organisation, city or destination asked about
    rest: str = ""  # what follows the trip noun of a participants question (" i 2014", " til Boston")
    year: int | None = None
    scope: str | None = None  # danmark, europa or oversøisk, for proposals
    themes: tuple[str, ...] = ()
    members: bool = True  # a participants question asks for the committee members …
    officials: bool = True  # … and the officials
    mentions_trip: bool = False  # a trip word ("studieturen", "delegationen", "trip") is in the question


Reader = Callable[[str], IntentMatch | None]


@dataclass(frozen=True)
class Intent:
    """One row of the table: an id, how questions word it, and the kind of fact it asks for."""

    id: str
    patterns: tuple[re.Pattern[str], ...] = ()
    kind: Kind | None = None
    reader: Reader | None = None  # for a reading that no single pattern makes

    def read(self, text: str) -> IntentMatch | None:
        if self.reader is not None:
            return self.reader(text)
        match = next((m for m in (p.match(text) for p in self.patterns) if m), None)
        if match is None:
            return None
        slots = match.groupdict()
        return IntentMatch(self.id, text, name=clean_name(slots.get("name") or ""), rest=slots.get("rest") or "")


def _read_proposals(text: str) -> IntentMatch | None:
    """'Hvilke destinationer foreslås med fokus på AI og tech?': a region and themes the proposals can be filtered
    by; a focus word without a known theme, two regions or an unknown capitalised subject ("… i Asien") is another
    question."""
    if not (_PROPOSAL_START.match(text) and _PROPOSAL_NOUN.search(text) and _PROPOSAL_VERB.search(text)):
        return None
    words = re.findall(r"\b[^\W\d_][\w-]*", text)[1:]
    if any(word[0].isupper() and word.casefold() not in _KNOWN_CAPITALS and not themes_in(word) for word in words):
        return None
    scopes = [scope for scope, pattern in _SCOPE_WORDS if pattern.search(text)]
    themes = tuple(themes_in(text))
    if len(scopes) > 1 or (_FOCUS.search(text) and not themes):
        return None
    return IntentMatch("proposals", text, scope=scopes[0] if scopes else None, themes=themes)


def _read_participants(text: str) -> IntentMatch | None:
    """'Hvilke politikere fra udvalget var med, da vi var i New York i 2014?': a participant word; the catalogue
    decides whether a year, a city or a trip word singles out trips."""
    if not (_ASKS_WHO.match(text) and _PARTICIPANT_WORDS.search(text)):
        return None
    year = YEAR_PATTERN.search(text)
    members = not _OFFICIAL_WORDS.search(text) or bool(_MEMBER_WORDS.search(text))
    officials = not _MEMBER_WORDS.search(text) or bool(_OFFICIAL_WORDS.search(text))
    return IntentMatch(
        "participants.loose",
        text,
        year=int(year.group(1)) if year else None,
        members=members,
        officials=officials,
        mentions_trip=bool(_TRIP_WORDS.search(text)),
    )


def _read_visits(text: str) -> IntentMatch | None:
    """'Hvilke organisationer besøgte udvalget i Boston (i 2023)?': the visits made in a city, in a year if given."""
    match = next((m for m in (p.match(text) for p in _VISITS) if m), None)
    if match is None:
        return None
    name = _TRIP_TO.sub("", match.group("name"))
    dated = _IN_YEAR.match(name)
    year = int(dated.group("year")) if dated else None
    return IntentMatch("visits", text, name=clean_name(dated.group("name") if dated else name), year=year)


def _read_places(text: str) -> IntentMatch | None:
    """'Hvis vi vælger Nordjylland, hvilke steder foreslås vi så at besøge?': a place noun and a proposing verb; the
    catalogue looks for the one destination named."""
    if _PLACE_NOUN.search(text) and (_PROPOSAL_VERB.search(text) or _COULD_VISIT.search(text)):
        return IntentMatch("places.loose", text)
    return None


INTENTS: tuple[Intent, ...] = (
    Intent("places", _PLACES),
    Intent("proposals", reader=_read_proposals),
    Intent("participants", _PARTICIPANTS),
    Intent("trips", _TRIPS),
    Intent("visit.address", _ADDRESS, Kind.ADDRESS),
    Intent("visit.contacts", _CONTACTS, Kind.PERSON),
    Intent("visit.purpose", _PURPOSE),
    Intent("visit.when", _WHEN, Kind.DATE),
    Intent("trip.city", _TRIP_CITY),
    Intent("visits", reader=_read_visits),
    Intent("participants.loose", reader=_read_participants),
    Intent("places.loose", reader=_read_places),
)


def read_intents(question: str) -> list[IntentMatch]:
    """Every intent the question matches, in table order; none for a question asking two things."""
    text = normalise(question)
    if not text or _COMPOUND.search(text):
        return []
    return [match for intent in INTENTS if (match := intent.read(text)) is not None]


def presumes_past_visit(question: str) -> bool:
    """The question takes a visit for granted ("Hvad lærte udvalget i Toronto?", "Who did we meet in Oslo?")."""
    return bool(_VISITED.search(question) or _PAST_VISIT.search(question)) and not _FUTURE.search(question)


def normalise(question: str) -> str:
    """Quotes dropped, whitespace collapsed, closing punctuation stripped."""
    text = " ".join(question.translate(_QUOTES).split())
    return text.rstrip("?!. ").strip()


def clean_name(name: str) -> str:
    """A slot's name without a leading article or a trailing 'henne', 'før', 'igen'."""
    name = re.sub(r"^(?:the|den|det)\s+", "", name.strip(), flags=_F)
    return re.sub(r"\s+(?:henne|før|igen|before|again)$", "", name, flags=_F).strip(" ,")
