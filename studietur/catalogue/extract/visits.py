"""A trip's visits: a heading ("10. GREYSTON BAKERY") followed by fields ("Tidspunkt:", "Adresse:", "Eksterne:") and
a "Fokus/formål" part."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from studietur.catalogue.extract.document import (
    BULLET_LINE,
    MONTH,
    NUMBERED_LINE,
    YEAR_GROUP,
    SourceDocument,
    guarded,
    iso_date,
)
from studietur.catalogue.extract.externals import externals
from studietur.catalogue.model import Trip, Visit
from studietur.text.casing import learn_case
from studietur.text.headings import display_title
from studietur.text.lexicon import MONTHS, YEAR
from studietur.text.sentences import sentence_spans

logger = logging.getLogger(__name__)


_FIELD = re.compile(r"^(?P<label>[^\W\d_][\w /.-]{0,28}?)\s*:\s*(?P<value>.*)$")

_TIME_LABELS = {"tidspunkt", "tid", "dato", "dag", "time", "date", "when"}

_ADDRESS_LABELS = {"adresse", "sted", "mødested", "address", "location", "venue"}

_EXTERNAL_LABELS = {"eksterne", "eksterne deltagere", "oplægsholdere", "kontaktpersoner", "værter", "hosts", "speakers"}

_PURPOSE_LABELS = {"formål", "fokus", "fokus/formål", "purpose", "focus"}

_VISIT_LABELS = _TIME_LABELS | _ADDRESS_LABELS | _EXTERNAL_LABELS


_PURPOSE_HEADING = re.compile(r"^(?:#{1,6}\s*)?(?:fokus\s*/\s*formål|formål|fokus|purpose|focus)\b[^\n]{0,30}$", re.I)

_CLOCK = re.compile(r"\bkl\.?\s*", re.IGNORECASE)

_TIME = re.compile(r"\d{1,2}[.:]\d{2}(?:\s*[-–]\s*\d{1,2}[.:]\d{2})?")

_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\s*/\s*(\d{{1,2}})(?:/((?:19|20)?\d{{2}})|\s+({YEAR}))?\b")

_DAY_MONTH_NAME = re.compile(rf"\b(\d{{1,2}})\.\s*{MONTH}(?:\s+{YEAR_GROUP})?", re.IGNORECASE)

_MAX_HEADING_CHARS = 120

_PURPOSE_CHARS = 320


def visit_headings(doc: SourceDocument) -> list[int]:
    return [index for index in range(len(doc.lines)) if _is_visit_heading(doc, index)]


def extract_visits(doc: SourceDocument, headings: Sequence[int], trip: Trip | None) -> list[Visit]:
    case = learn_case(line.text for line in doc.lines)
    visits: list[Visit] = []
    for position, index in enumerate(headings):
        end_line = headings[position + 1] if position + 1 < len(headings) else len(doc.lines)
        end = doc.lines[end_line].start if end_line < len(doc.lines) else len(doc.text)
        visit = guarded(
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


def _is_visit_heading(doc: SourceDocument, index: int) -> bool:
    """A short line, not itself a field, followed at once by a field such as 'Tidspunkt:' or 'Adresse:'."""
    line = doc.lines[index].text
    if not line or len(line) > _MAX_HEADING_CHARS or _field(line) or BULLET_LINE.match(line):
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


def _visit(doc: SourceDocument, index: int, end: int, case: dict[str, str], trip: Trip | None) -> Visit:
    heading = doc.lines[index]
    title = display_title(heading.text.replace("*", ""), case)
    number_match = NUMBERED_LINE.match(title)
    number = int(number_match.group(1)) if number_match else None
    organisation = title[number_match.end() :].strip() if number_match else title
    fields: dict[str, str] = {}
    j = doc.next_content(index)
    while j is not None and j < len(doc.lines) and doc.lines[j].start < end:
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
        date=iso_date(year, month, day) if day and month and year else "",
        time_text=time_text,
        address=_first(fields, _ADDRESS_LABELS),
        externals=externals(_first(fields, _EXTERNAL_LABELS), organisation, trip.cities if trip else ()),
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
        return day_text, time_text.strip(), int(named.group(1)), MONTHS[named.group(2).lower()], year_number
    return day_text, time_text.strip(), 0, 0, 0


def _purpose(doc: SourceDocument, index: int, end: int) -> str:
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


def _section(doc: SourceDocument, offset: int, title: str) -> str:
    """The section path of the visit heading, cut after the heading itself."""
    chunk = doc.chunk_at(offset)
    if chunk is None:
        return title
    parts = chunk.section.split(" › ")
    for i, part in enumerate(parts):
        if part.casefold() == title.casefold():
            return " › ".join(parts[: i + 1])
    return title


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
