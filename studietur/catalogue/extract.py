"""A trip catalogue read from a prepared document by fixed rules (no model): trips, visits, proposed destinations.

The rules follow how BIU's reports are written:

- a travel report names its trip in the title ("… studietur til Boston og New York City"), gives the dates in a
  sentence ("d. 8.-13./10 2023", "den 3.-10. oktober 2014"), lists the committee members with party letters
  ("Andreas Keil (A)") and the officials with their titles, one per line or in one sentence;
- each visit is a heading ("10. GREYSTON BAKERY") followed by "Tidspunkt:", "Adresse:" and "Eksterne:" fields
  and a "Fokus/formål" part;
- a proposals document groups destinations under "STUDIETUR I DANMARK", "EUROPÆISK STUDIETUR" and "OVERSØISK
  STUDIETUR"; a destination line reads "Tallinn, Estland: headline" or "Toronto, Canada", and its suggested places
  are bullets ("• Jobcenter Silkeborg") followed by a one-line description.

Everything is read from the cleaned text, and each record keeps the ids of the chunks overlapping its source text.
A document written differently gives partial records or none: each record is parsed on its own and a failure is
logged at debug level and skipped, never raised.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from studietur.catalogue.model import DocumentCatalogue, Person, ProposedDestination, Trip, Visit
from studietur.catalogue.themes import themes_in
from studietur.core.types import Chunk, PreparedDocument
from studietur.text.casing import learn_case
from studietur.text.headings import display_title
from studietur.text.sentences import sentence_spans

logger = logging.getLogger(__name__)

T = TypeVar("T")

# --- shared patterns -------------------------------------------------------------------------------------------

_MONTHS = {
    "januar": 1, "january": 1, "jan": 1, "februar": 2, "february": 2, "feb": 2, "marts": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "maj": 5, "may": 5, "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
_YEAR = r"((?:19|20)\d{2})"
# "3.-10. oktober 2014", "8.-13./10 2023", "30. september - 4. oktober 2019"
_DATE_RANGES = (
    re.compile(rf"\b(\d{{1,2}})\.?\s*[-–]\s*(\d{{1,2}})\.?\s*{_MONTH}(?:\s+{_YEAR})?", re.IGNORECASE),
    re.compile(rf"\b(\d{{1,2}})\.?\s*[-–]\s*(\d{{1,2}})\.?\s*/\s*(\d{{1,2}})\.?(?:\s+{_YEAR})?"),
    re.compile(rf"\b(\d{{1,2}})\.\s*{_MONTH}\s*[-–]\s*(\d{{1,2}})\.\s*{_MONTH}(?:\s+{_YEAR})?", re.IGNORECASE),
)
_TRIP_WORDS = re.compile(r"studietur|rejse|foregik|tid og sted|study trip|\btrip\b", re.IGNORECASE)
_TRIP_REPORT = re.compile(r"rejserapport|erfaringsopsamling|studietur\w*\s+til|study trip to", re.IGNORECASE)
_TRIP_PLACES = re.compile(
    r"(?:studietur\w*|rejse\w*|study trip|trip)\s+(?:til|to)\s+"
    r"(?P<places>[A-ZÆØÅ][^\n.;:]*?)(?=\s+(?:den|d\.|fra|i|in|on|from|\d)\b|[.;:](?:\s|$)|\s*$)"
)
_PLACE_SPLIT = re.compile(r"\s*,\s*|\s+og\s+|\s+and\s+|\s*/\s*|\s*&\s*")
_HEAD_CHARS = 6000
_PARTICIPANTS_CHARS = 12000
_NO_YEAR = "2000"  # stands in for a year the date does not give (a leap year, so 29/2 parses)
_NAME_TOKEN = re.compile(r"^(?:[A-ZÆØÅÀ-Þ][\w'’.-]*|[A-ZÆØÅ]\.)$")
_PARTY = re.compile(r"\(([ABCDFIKMOVÅÆØ])\)")
# Words in front of a member's name that are a title, not part of the name ("Borgmester Anna Mee Allerslev (B)").
_MEMBER_TITLES = {"borgmester", "næstformand", "formand", "udvalgsformand", "rådmand", "overborgmester", "mayor"}
_BULLET = re.compile(r"^[•·▪◦●\-–*]\s*(?P<text>\S.*)$")
_MARKDOWN = re.compile(r"^#{1,6}\s*")

# --- visits ------------------------------------------------------------------------------------------------------

_FIELD = re.compile(r"^(?P<label>[^\W\d_][\w /.-]{0,28}?)\s*:\s*(?P<value>.*)$")
_TIME_LABELS = {"tidspunkt", "tid", "dato", "dag", "time", "date", "when"}
_ADDRESS_LABELS = {"adresse", "sted", "mødested", "address", "location", "venue"}
_EXTERNAL_LABELS = {"eksterne", "eksterne deltagere", "oplægsholdere", "kontaktpersoner", "værter", "hosts", "speakers"}
_PURPOSE_LABELS = {"formål", "fokus", "fokus/formål", "purpose", "focus"}
_VISIT_LABELS = _TIME_LABELS | _ADDRESS_LABELS | _EXTERNAL_LABELS
_VISIT_NUMBER = re.compile(r"^(\d{1,2})\.\s*(?=\S)")
_PURPOSE_HEADING = re.compile(r"^(?:#{1,6}\s*)?(?:fokus\s*/\s*formål|formål|fokus|purpose|focus)\b[^\n]{0,30}$", re.I)
_CLOCK = re.compile(r"\bkl\.?\s*", re.IGNORECASE)
_TIME = re.compile(r"\d{1,2}[.:]\d{2}(?:\s*[-–]\s*\d{1,2}[.:]\d{2})?")
_DAY_MONTH = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})(?:/((?:19|20)?\d{2})|\s+((?:19|20)\d{2}))?\b")
_DAY_MONTH_NAME = re.compile(rf"\b(\d{{1,2}})\.\s*{_MONTH}(?:\s+{_YEAR})?", re.IGNORECASE)
_MAX_HEADING_CHARS = 120
_PURPOSE_CHARS = 320
# Words that belong to a role or an organisation, never to a person's name, in "Eksterne:" fields such as
# "Greyston Bakery Kevin McGahren, General Manager Christian Gomez, bager".
_ROLE_WORDS = frozenset(
    """director manager advisor adviser officer consul executive professor assistant administration business school
    chair committee affairs liaison specialist advancement services technology innovation general head trade deputy
    culture diplomacy vice attaché scholar university council center centre institute bakery america north invest
    development economic opportunity inclusion protocol global human research policy community relations information
    chief regional senior junior lead partner founder president secretary coordinator consultant analyst fellow
    foundation department office city state ministry agency program programme lab performance denmark boston york
    businesses collaborative robotics small museum expats""".split()
)

# --- proposals ---------------------------------------------------------------------------------------------------

_SCOPE_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("danmark", re.compile(r"studietur\w*\s+i\s+danmark|danske\s+(?:destinationer|studieture)", re.I)),
    ("europa", re.compile(r"europæisk\w*\s+studietur|studietur\w*\s+i\s+europa|europæiske\s+destinationer", re.I)),
    ("oversøisk", re.compile(r"oversøisk\w*|uden\s*for\s+europa", re.I)),
)
_PROPOSALS_DOC = re.compile(r"forslag|destination", re.IGNORECASE)
_DESTINATION = re.compile(r"^(?P<place>[A-ZÆØÅ][^:]{1,70}?)\s*:\s*(?P<headline>\S.*)$")
_DESTINATION_COUNTRY = re.compile(r"^(?P<place>[A-ZÆØÅ][\w .'’/&-]{1,40}),\s*(?P<country>[A-ZÆØÅ][\w .'’-]{1,30})$")
_CONNECTORS = {"og", "/", "&", "–", "-", "i", "and", "am", "an", "der", "de", "la", "del", "upon"}
_PAREN = re.compile(r"\s*\(([^)]*)\)")
_ADMIN_SUFFIX = re.compile(r"\s+(?:Kommune|Kommuner|Region|Municipality)$")
_EUROPE = frozenset(
    """danmark sverige norge finland island estland letland litauen tyskland holland nederlandene belgien frankrig
    spanien portugal italien østrig schweiz polen tjekkiet ungarn irland england storbritannien skotland grækenland
    luxembourg""".split()
)
_MIN_PARAGRAPH = 60
_MAX_PLACE_CHARS = 90


@dataclass(frozen=True)
class _Line:
    """A stripped line: `start` is where it begins in the text, `at` where `text` (without '#' marks) begins."""

    start: int
    end: int
    text: str
    at: int


class _Document:
    """The cleaned text as stripped lines with offsets, and the chunks that cover a span."""

    def __init__(self, prepared: PreparedDocument) -> None:
        self.prepared = prepared
        self.text = prepared.cleaned_text
        self.lines = _lines(self.text)
        self.chunks = sorted(prepared.chunks, key=lambda chunk: chunk.char_start)

    def chunk_ids(self, *spans: tuple[int, int]) -> list[str]:
        ids: list[str] = []
        for start, end in spans:
            for chunk in self.chunks:
                if chunk.char_start < max(end, start + 1) and start < chunk.char_end and chunk.id not in ids:
                    ids.append(chunk.id)
        return ids

    def chunk_at(self, offset: int) -> Chunk | None:
        return next((c for c in self.chunks if c.char_start <= offset < c.char_end), None)

    def next_content(self, index: int) -> int | None:
        """Index of the next non-blank line after `index`."""
        for j in range(index + 1, len(self.lines)):
            if self.lines[j].text:
                return j
        return None


def extract_catalogue(prepared: PreparedDocument) -> DocumentCatalogue:
    """Trips, visits and proposed destinations of one document; empty lists where it has none."""
    doc = _Document(prepared)
    headings = _guarded("visit headings", prepared.doc, lambda: _visit_headings(doc), [])
    trips = _guarded("trip", prepared.doc, lambda: _extract_trips(doc, has_visits=bool(headings)), [])
    trip = trips[0] if trips else None
    visits = _guarded("visits", prepared.doc, lambda: _extract_visits(doc, headings, trip), [])
    proposals = _guarded("proposals", prepared.doc, lambda: _extract_proposals(doc), [])
    logger.debug("%s: %d trips, %d visits, %d proposals", prepared.doc, len(trips), len(visits), len(proposals))
    return DocumentCatalogue(prepared.doc, trips, visits, proposals)


def _guarded(what: str, doc: str, extract: Callable[[], T], default: T) -> T:
    try:
        return extract()
    except Exception:  # a report written differently must not stop ingest; the record is only left out
        logger.debug("%s: could not read the %s; left out of the catalogue", doc, what, exc_info=True)
        return default


# --- trips -------------------------------------------------------------------------------------------------------


def _extract_trips(doc: _Document, has_visits: bool) -> list[Trip]:
    prepared = doc.prepared
    if not has_visits and not (prepared.doc_type == "rejserapport" or _TRIP_REPORT.search(prepared.title)):
        return []
    if prepared.doc_type == "forslag":
        return []
    head = [line for line in doc.lines if line.text and line.start < _HEAD_CHARS]
    cities, place_span = _trip_places(head, prepared.title)
    date = _trip_date(head)
    members, officials, people_spans = _guarded("participants", prepared.doc, lambda: _participants(doc), ([], [], []))
    if not (cities or date or members or has_visits):
        logger.debug("%s: a travel report without places, dates or participants; no trip recorded", prepared.doc)
        return []
    date_text, start, end, date_span, has_year = date or ("", "", "", None, False)
    if start and not has_year:
        # "d. 8.-13. oktober": the year is the document's, when it has one.
        year_text = f"{prepared.year:04d}" if prepared.year else ""
        start, end = (year_text + start[4:], year_text + end[4:]) if year_text else ("", "")
    year = int(start[:4]) if start else prepared.year
    spans = [span for span in (place_span, date_span) if span] + people_spans
    title = f"Studietur til {_join(cities)}" if cities else prepared.title
    trip = Trip(
        doc=prepared.doc,
        title=title,
        cities=cities,
        date_text=date_text,
        start_date=start,
        end_date=end,
        year=year,
        members=members,
        officials=officials,
        chunk_ids=doc.chunk_ids(*spans),
    )
    return [trip]


def _trip_places(head: Sequence[_Line], title: str) -> tuple[list[str], tuple[int, int] | None]:
    for line in head:
        match = _TRIP_PLACES.search(line.text)
        if match:
            span = (line.at + match.start("places"), line.at + match.end("places"))
            return _place_names(match.group("places")), span
    match = _TRIP_PLACES.search(title)
    return (_place_names(match.group("places")), None) if match else ([], None)


def _place_names(text: str) -> list[str]:
    names = [part.strip(" -–") for part in _PLACE_SPLIT.split(text)]
    return [name for name in names if name and name[0].isupper() and len(name.split()) <= 4]


def _trip_date(head: Sequence[_Line]) -> tuple[str, str, str, tuple[int, int], bool] | None:
    """The first date range in a line about the trip, preferring one that gives its year."""
    found: list[tuple[str, str, str, tuple[int, int], bool]] = []
    after_heading = False
    for line in head:
        if _TRIP_WORDS.search(line.text) or after_heading:
            for pattern in _DATE_RANGES:
                for match in pattern.finditer(line.text):
                    parsed = _range_dates(match, pattern is _DATE_RANGES[1], pattern is _DATE_RANGES[2])
                    if parsed:
                        start, end, has_year = parsed
                        span = (line.at + match.start(), line.at + match.end())
                        found.append((match.group(0).strip(), start, end, span, has_year))
        after_heading = bool(re.search(r"tid og sted|^dato|^periode", line.text, re.IGNORECASE))
    if not found:
        return None
    with_year = [item for item in found if item[4]]
    return (with_year or found)[0]


def _range_dates(match: re.Match[str], numeric: bool, two_months: bool) -> tuple[str, str, bool] | None:
    """(start ISO, end ISO, year given) of a matched range; a missing year is written as _NO_YEAR (a leap year)."""
    groups = match.groups()
    if two_months:
        day1, month1, day2, month2, year = groups
        m1, m2 = _MONTHS[month1.lower()], _MONTHS[month2.lower()]
    elif numeric:
        day1, day2, month, year = groups
        m1 = m2 = int(month)
    else:
        day1, day2, month, year = groups
        m1 = m2 = _MONTHS[month.lower()]
    start = _iso(int(year or _NO_YEAR), m1, int(day1))
    end = _iso(int(year or _NO_YEAR), m2, int(day2))
    if not start or not end:
        return None
    return start, end, year is not None


def _iso(year: int, month: int, day: int) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


def _participants(doc: _Document) -> tuple[list[Person], list[Person], list[tuple[int, int]]]:
    """Committee members (with party letters) and officials, from lines or from one sentence each, near the top."""
    lines = [line for line in doc.lines if line.text and line.start < _PARTICIPANTS_CHARS]
    for index, line in enumerate(lines):
        marks = len(_PARTY.findall(line.text))
        if marks >= 2:
            return _participants_in_sentences(lines, index)
        if marks == 1 and index + 1 < len(lines) and _PARTY.search(lines[index + 1].text):
            return _participants_in_lines(lines, index)
    return [], [], []


def _participants_in_lines(
    lines: Sequence[_Line], first: int
) -> tuple[list[Person], list[Person], list[tuple[int, int]]]:
    members: list[Person] = []
    spans: list[tuple[int, int]] = []
    index = first
    while index < len(lines) and _PARTY.search(lines[index].text):
        person = _member(lines[index].text)
        if person:
            members.append(person)
            spans.append((lines[index].start, lines[index].end))
        index += 1
    officials: list[Person] = []
    skipped = 0
    while index < len(lines) and skipped <= 2:
        person = _official_line(lines[index].text)
        if person:
            officials.append(person)
            spans.append((lines[index].start, lines[index].end))
        elif officials:
            break
        else:
            skipped += 1
        index += 1
    return members, officials, spans


def _participants_in_sentences(
    lines: Sequence[_Line], index: int
) -> tuple[list[Person], list[Person], list[tuple[int, int]]]:
    line = lines[index]
    body_start = _after_colon(line.text)
    items = re.split(r"(?<=\))\s*(?:,|\bog\b|\band\b)\s*", line.text[body_start:].rstrip(". "))
    members = [person for person in map(_member, items) if person]
    spans = [(line.start, line.end)]
    officials: list[Person] = []
    for other in lines[index + 1 : index + 3]:
        if re.search(r"embedsm|embedsfolk|forvaltning|administration|officials|staff", other.text, re.IGNORECASE):
            start = _after_colon(other.text)
            if start:
                parts = re.split(r"\s*,\s*|\s+og\s+|\s+and\s+", other.text[start:].rstrip(". "))
                officials = [person for person in map(_official_item, parts) if person]
                spans.append((other.start, other.end))
                break
    return members, officials, spans


def _after_colon(text: str) -> int:
    party = _PARTY.search(text)
    limit = party.start() if party else len(text)
    colon = text.rfind(":", 0, limit)
    return colon + 1 if colon >= 0 else 0


def _member(item: str) -> Person | None:
    """'Borgmester Anna Mee Allerslev (B)' or 'Jens-Kristian Lütken (V), borgmester'."""
    match = _PARTY.search(item)
    if not match:
        return None
    before = item[: match.start()].split()
    name: list[str] = []
    for token in reversed(before):
        if not _NAME_TOKEN.match(token) or token.casefold() in _MEMBER_TITLES or len(name) == 4:
            break
        name.insert(0, token)
    if len(name) < 2:
        return None
    prefix = " ".join(before[: len(before) - len(name)]).strip(" ,")
    suffix = item[match.end() :].strip(" ,.")
    role = ", ".join(part for part in (prefix, suffix) if part)
    return Person(" ".join(name), match.group(1), role[:1].lower() + role[1:] if role else "")


def _official_line(text: str) -> Person | None:
    """'Henrik Lund, administrerende direktør'."""
    name, _, role = text.partition(",")
    tokens = name.split()
    if not role.strip() or not 2 <= len(tokens) <= 4 or not all(_NAME_TOKEN.match(t) for t in tokens):
        return None
    if _PARTY.search(text) or len(role) > 80:
        return None
    return Person(" ".join(tokens), "", role.strip(" ."))


def _official_item(item: str) -> Person | None:
    """'ressourcedirektør Jacob Eberholst', 'Adm. dir. Birgitte Hansen'."""
    tokens = item.split()
    name: list[str] = []
    for token in reversed(tokens):
        if not _NAME_TOKEN.match(token) or token.endswith(".") or len(name) == 4:
            break
        name.insert(0, token)
    if len(name) < 2:
        return None
    role = " ".join(tokens[: len(tokens) - len(name)])
    return Person(" ".join(name), "", role)


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


# --- visits ------------------------------------------------------------------------------------------------------


def _visit_headings(doc: _Document) -> list[int]:
    return [index for index in range(len(doc.lines)) if _is_visit_heading(doc, index)]


def _extract_visits(doc: _Document, headings: Sequence[int], trip: Trip | None) -> list[Visit]:
    case = learn_case(line.text for line in doc.lines)
    visits: list[Visit] = []
    for position, index in enumerate(headings):
        end_line = headings[position + 1] if position + 1 < len(headings) else len(doc.lines)
        end = doc.lines[end_line].start if end_line < len(doc.lines) else len(doc.text)
        visit = _guarded(
            f"visit at line {index + 1}",
            doc.prepared.doc,
            lambda i=index, e=end: _visit(doc, i, e, case, trip),
            None,
        )
        if visit is not None:
            visits.append(visit)
    if trip is not None:
        _assign_cities(visits, trip.cities)
    return visits


def _is_visit_heading(doc: _Document, index: int) -> bool:
    """A short line, not itself a field, followed at once by a field such as 'Tidspunkt:' or 'Adresse:'."""
    line = doc.lines[index].text
    if not line or len(line) > _MAX_HEADING_CHARS or _field(line) or _BULLET.match(line):
        return False
    following = doc.next_content(index)
    if following is None or following - index > 2:
        return False
    field = _field(doc.lines[following].text)
    return field is not None and field[0] in _VISIT_LABELS


def _field(line: str) -> tuple[str, str] | None:
    match = _FIELD.match(line)
    if not match:
        return None
    return match.group("label").strip().casefold(), match.group("value").strip()


def _visit(doc: _Document, index: int, end: int, case: dict[str, str], trip: Trip | None) -> Visit:
    heading = doc.lines[index]
    title = display_title(heading.text.replace("*", ""), case)
    number_match = _VISIT_NUMBER.match(title)
    number = int(number_match.group(1)) if number_match else None
    organisation = title[number_match.end() :].strip() if number_match else title
    fields: dict[str, str] = {}
    j = doc.next_content(index)
    while j is not None and doc.lines[j].start < end:
        parsed = _field(doc.lines[j].text)
        if parsed is None:
            break
        fields.setdefault(*parsed)
        if j + 1 < len(doc.lines) and not doc.lines[j + 1].text:
            break
        j += 1
    time_value = _first(fields, _TIME_LABELS)
    day_text, time_text, day, month, year = _when(time_value)
    year = year or (trip.year if trip and trip.year else 0)
    return Visit(
        doc=doc.prepared.doc,
        trip_title=trip.title if trip else "",
        number=number,
        organisation=organisation,
        day_text=day_text,
        date=_iso(year, month, day) if day and month and year else "",
        time_text=time_text,
        address=_first(fields, _ADDRESS_LABELS),
        externals=_people(_first(fields, _EXTERNAL_LABELS), organisation),
        purpose=_first(fields, _PURPOSE_LABELS) or _purpose(doc, index, end),
        section=_section(doc, heading.start, title),
        chunk_ids=doc.chunk_ids((heading.start, end)),
    )


def _first(fields: dict[str, str], labels: set[str]) -> str:
    return next((value for label, value in fields.items() if label in labels and value), "")


def _when(value: str) -> tuple[str, str, int, int, int]:
    """'Torsdag 12/10 kl. 16.00 – 17.00' -> ('Torsdag 12/10', '16.00 – 17.00', 12, 10, 0)."""
    if not value:
        return "", "", 0, 0, 0
    clock = _CLOCK.search(value)
    if clock:
        day_text, time_text = value[: clock.start()], value[clock.end() :]
    else:
        time = _TIME.search(value)
        day_text, time_text = (value[: time.start()], time.group(0)) if time else (value, "")
    day_text = day_text.strip(" ,-–")
    numeric = _DAY_MONTH.search(day_text)
    if numeric:
        year = numeric.group(3) or numeric.group(4) or ""
        year_number = int(year) + (2000 if len(year) == 2 else 0) if year else 0
        return day_text, time_text.strip(), int(numeric.group(1)), int(numeric.group(2)), year_number
    named = _DAY_MONTH_NAME.search(day_text)
    if named:
        year_number = int(named.group(3)) if named.group(3) else 0
        return day_text, time_text.strip(), int(named.group(1)), _MONTHS[named.group(2).lower()], year_number
    return day_text, time_text.strip(), 0, 0, 0


def _purpose(doc: _Document, index: int, end: int) -> str:
    """The first one or two sentences after a 'Fokus/formål' heading inside the visit."""
    j = index + 1
    while j < len(doc.lines) and doc.lines[j].start < end:
        if _PURPOSE_HEADING.match(doc.lines[j].text):
            k = doc.next_content(j)
            if k is None or doc.lines[k].start >= end:
                return ""
            line = doc.lines[k]
            sentences = sentence_spans(doc.text, line.at, line.end)[:2]
            text = " ".join(doc.text[s:e] for s, e in sentences)
            if len(text) > _PURPOSE_CHARS and sentences:
                text = doc.text[sentences[0][0] : sentences[0][1]]
            return text
        j += 1
    return ""


def _section(doc: _Document, offset: int, title: str) -> str:
    """The section path of the visit heading, cut after the heading itself."""
    chunk = doc.chunk_at(offset)
    if chunk is None:
        return title
    parts = chunk.section.split(" › ")
    for i, part in enumerate(parts):
        if part.casefold() == title.casefold():
            return " › ".join(parts[: i + 1])
    return title


def _people(value: str, organisation: str = "") -> list[str]:
    """'Greyston Bakery Kevin McGahren, General Manager Christian Gomez, bager' ->
    ['Kevin McGahren, General Manager', 'Christian Gomez, bager']; the value as one item when it does not split.

    Each comma-separated segment is the end of one person's role followed by the next person's name (the last
    two or three capitalised words that are no role or organisation word); a segment without a name continues
    the role ('Head of Trade, Deputy Consul General Thomas Jørgensen'). A leading word of the visit's own title
    is a group label, not a first name ('Generalkonsulatet Jens-Jacob Simonsen, …').
    """
    if not value:
        return []
    segments = [segment.strip() for segment in value.split(",")]
    people: list[list[str]] = []  # [name, role parts...]
    for position, segment in enumerate(segments):
        before, name = _trailing_name(segment) if position < len(segments) - 1 else (segment, "")
        if position == 0 and name.count(" ") == 2 and name.split()[0].casefold() in organisation.casefold().split():
            first, _, name = name.partition(" ")
            before = f"{before} {first}".strip()
        if people and before:
            people[-1].append(before)
        if name:
            people.append([name])
        elif not people:
            return [value]
    if not people or any(len(person) < 2 for person in people):
        return [value]
    return [f"{person[0]}, {', '.join(person[1:])}" for person in people]


def _trailing_name(segment: str) -> tuple[str, str]:
    """Split 'Commercial Advisor Patrick Risager Mikkelsen' into ('Commercial Advisor', 'Patrick Risager Mikkelsen')."""
    tokens = segment.split()
    name: list[str] = []
    for token in reversed(tokens):
        plain = token.strip("()").casefold()
        if len(name) == 3 or not _NAME_TOKEN.match(token) or plain in _ROLE_WORDS or token.isupper() and len(token) > 2:
            break
        name.insert(0, token)
    if len(name) < 2:
        return segment, ""
    return " ".join(tokens[: len(tokens) - len(name)]), " ".join(name)


def _assign_cities(visits: list[Visit], cities: Sequence[str]) -> None:
    """Each visit's trip city: named in its address or title, else the city of the visit before."""
    city = ""
    for visit in visits:
        found = _city_in(cities, visit.address) or _city_in(cities, visit.organisation)
        city = found or city
        visit.city = city


def _city_in(cities: Sequence[str], text: str) -> str:
    folded = text.casefold()
    for city in cities:
        short = re.sub(r"\s+(?:city|dc|d\.c\.)$", "", city, flags=re.IGNORECASE)
        if re.search(rf"\b{re.escape(short.casefold())}\b", folded):
            return city
    return ""


# --- proposals ---------------------------------------------------------------------------------------------------


@dataclass
class _Destination:
    line: int
    name: str
    country: str
    headline: str
    scope: str


def _extract_proposals(doc: _Document) -> list[ProposedDestination]:
    scopes = {i: scope for i, line in enumerate(doc.lines) if (scope := _scope_heading(line.text))}
    if not scopes and not (doc.prepared.doc_type == "forslag" or _PROPOSALS_DOC.search(doc.prepared.title)):
        return []
    if doc.prepared.doc_type == "rejserapport":
        return []
    first = min(scopes) if scopes else 0
    destinations: list[_Destination] = []
    scope = ""
    for index in range(first, len(doc.lines)):
        scope = scopes.get(index, scope)
        if index in scopes:
            continue
        found = _destination(doc, index, scope)
        if found:
            destinations.append(found)
    boundaries = sorted({d.line for d in destinations} | set(scopes) | {len(doc.lines)})
    proposals: list[ProposedDestination] = []
    for destination in destinations:
        stop = next(b for b in boundaries if b > destination.line)
        proposal = _guarded(
            f"destination {destination.name!r}",
            doc.prepared.doc,
            lambda d=destination, s=stop: _proposal(doc, d, s),
            None,
        )
        if proposal is not None:
            proposals.append(proposal)
    return proposals


def _scope_heading(line: str) -> str:
    if not line or len(line) > 60 or line.endswith((".", ":")):
        return ""
    for scope, pattern in _SCOPE_HEADINGS:
        if pattern.search(line):
            return scope
    return ""


def _destination(doc: _Document, index: int, scope: str) -> _Destination | None:
    """'Tallinn, Estland: headline' or 'Toronto, Canada', followed by a paragraph describing it."""
    text = doc.lines[index].text
    if not text or len(text) > 200 or _BULLET.match(text) or _VISIT_NUMBER.match(text):
        return None
    match = _DESTINATION.match(text) or _DESTINATION_COUNTRY.match(text)
    if not match or not _looks_like_place(match.group("place")):
        return None
    following = doc.next_content(index)
    if following is None:
        return None
    paragraph = doc.lines[following].text
    if len(paragraph) < _MIN_PARAGRAPH or _BULLET.match(paragraph):
        return None
    groups = match.groupdict()
    place = groups["place"].strip()
    country = (groups.get("country") or "").strip()
    outside = _PAREN.sub("", place)
    if not country and "," in outside:
        head, _, tail = place.rpartition(",")
        place, country = head.strip(), tail.strip()
    if not scope:
        scope = _scope_of(country)
    if scope == "danmark" and not country:
        country = "Danmark"
    return _Destination(index, place, country, (groups.get("headline") or "").strip(), scope)


def _looks_like_place(place: str) -> bool:
    words = _PAREN.sub("", place).replace(",", " ").split()
    if not words or len(words) > 8 or re.search(r"[.!?]\s", place):
        return False
    return all(word[0].isupper() or word.casefold() in _CONNECTORS for word in words)


def _scope_of(country: str) -> str:
    if not country:
        return ""
    return "europa" if country.casefold() in _EUROPE else "oversøisk"


def _proposal(doc: _Document, destination: _Destination, stop: int) -> ProposedDestination:
    lines = doc.lines
    description_line = doc.next_content(destination.line)
    description = lines[description_line].text if description_line is not None else ""
    headline = (destination.headline or _first_sentence(description)).rstrip(". ")
    places = _places(doc, destination.line + 1, stop)
    theme_text = " ".join([destination.headline, description, *(f"{p} {d}" for p, d in places)])
    end = lines[stop].start if stop < len(lines) else len(doc.text)
    name = destination.name
    inside = _PAREN.search(name)
    cities = _place_names(inside.group(1)) if inside else _place_names(_ADMIN_SUFFIX.sub("", name))
    return ProposedDestination(
        doc=doc.prepared.doc,
        name=name,
        cities=cities,
        country=destination.country,
        scope=destination.scope,
        headline=headline,
        themes=themes_in(theme_text),
        places=places,
        chunk_ids=doc.chunk_ids((lines[destination.line].start, end)),
    )


def _places(doc: _Document, start: int, stop: int) -> list[tuple[str, str]]:
    """Bullets with a short name followed by a description line: ('Jobcenter Silkeborg', 'Kendt for …')."""
    places: list[tuple[str, str]] = []
    index = start
    while index < stop:
        bullet = _BULLET.match(doc.lines[index].text)
        if not bullet:
            index += 1
            continue
        name = bullet.group("text").strip()
        following = doc.next_content(index)
        if name.count("(") > name.count(")") and following is not None and following < stop:
            name = f"{name} {doc.lines[following].text}"
            index, following = following, doc.next_content(following)
        index += 1
        if len(name) > _MAX_PLACE_CHARS or name.endswith((".", ":")) or following is None or following >= stop:
            continue
        description = doc.lines[following].text
        if _BULLET.match(description) or description.endswith(":") or len(description) < 15:
            continue
        places.append((name, _first_sentence(_continued(doc, following, stop))))
    return places


def _continued(doc: _Document, index: int, stop: int) -> str:
    """A line with the lines that finish its broken-off sentence ('… i blandt andet' + 'Islington-området.')."""
    text = doc.lines[index].text
    for _ in range(2):
        following = doc.next_content(index)
        if text.endswith((".", "!", "?")) or following is None or following >= stop:
            break
        line = doc.lines[following].text
        if _BULLET.match(line) or _destination(doc, following, "") or len(line) > 400:
            break
        text, index = f"{text} {line}", following
    return text


def _first_sentence(text: str) -> str:
    spans = sentence_spans(text)
    return text[spans[0][0] : spans[0][1]] if spans else text


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        cleaned = _MARKDOWN.sub("", stripped) if stripped.startswith("#") else stripped
        start = offset + lead
        lines.append(_Line(start, start + len(stripped), cleaned, start + len(stripped) - len(cleaned)))
        offset += len(raw) + 1
    return lines
