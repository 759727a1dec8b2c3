"""A travel report's trip: its destinations from the title or a sentence ("… studietur til Boston og New York City"),
its dates ("d. 8.-13./10 2023", "den 3.-10. oktober 2014") and its participants."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from studietur.catalogue.extract.document import MONTH, YEAR_GROUP, Line, SourceDocument, guarded, iso_date, place_names
from studietur.catalogue.extract.people import participants
from studietur.catalogue.model import Trip
from studietur.text.lexicon import MONTHS

logger = logging.getLogger(__name__)


# "3.-10. oktober 2014", "8.-13./10 2023", "30. september - 4. oktober 2019"
_DATE_RANGES = (
    re.compile(rf"\b(\d{{1,2}})\.?\s*[-–]\s*(\d{{1,2}})\.?\s*{MONTH}(?:\s+{YEAR_GROUP})?", re.IGNORECASE),
    re.compile(rf"\b(\d{{1,2}})\.?\s*[-–]\s*(\d{{1,2}})\.?\s*/\s*(\d{{1,2}})\.?(?:\s+{YEAR_GROUP})?"),
    re.compile(rf"\b(\d{{1,2}})\.\s*{MONTH}\s*[-–]\s*(\d{{1,2}})\.\s*{MONTH}(?:\s+{YEAR_GROUP})?", re.IGNORECASE),
)

_TRIP_WORDS = re.compile(r"studietur|rejse|foregik|tid og sted|study trip|\btrip\b", re.IGNORECASE)

_TRIP_REPORT = re.compile(r"rejserapport|erfaringsopsamling|studietur\w*\s+til|study trip to", re.IGNORECASE)

_TRIP_PLACES = re.compile(
    r"(?:studietur\w*|rejse\w*|study trip|trip)\s+(?:til|to)\s+"
    r"(?P<places>[A-ZÆØÅ][^\n.;:]*?)(?=\s+(?:den|d\.|fra|i|in|on|from|\d)\b|[.;:](?:\s|$)|\s*$)"
)

_HEAD_CHARS = 6000

_NO_YEAR = "2000"  # stands in for a year the date does not give (a leap year, so 29/2 parses)


def extract_trips(doc: SourceDocument, has_visits: bool) -> list[Trip]:
    prepared = doc.prepared
    if not has_visits and not (prepared.doc_type == "rejserapport" or _TRIP_REPORT.search(prepared.title)):
        return []
    if prepared.doc_type == "forslag":
        return []
    head = [line for line in doc.lines if line.text and line.start < _HEAD_CHARS]
    cities, place_span = _trip_places(head, prepared.title)
    date = _trip_date(head)
    members, officials, people_spans = guarded("participants", prepared.doc, lambda: participants(doc), ([], [], []))
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


def _trip_places(head: Sequence[Line], title: str) -> tuple[list[str], tuple[int, int] | None]:
    for line in head:
        match = _TRIP_PLACES.search(line.text)
        if match:
            span = (line.at + match.start("places"), line.at + match.end("places"))
            return place_names(match.group("places")), span
    match = _TRIP_PLACES.search(title)
    return (place_names(match.group("places")), None) if match else ([], None)


def _trip_date(head: Sequence[Line]) -> tuple[str, str, str, tuple[int, int], bool] | None:
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
        m1, m2 = MONTHS[month1.lower()], MONTHS[month2.lower()]
    elif numeric:
        day1, day2, month, year = groups
        m1 = m2 = int(month)
    else:
        day1, day2, month, year = groups
        m1 = m2 = MONTHS[month.lower()]
    start = iso_date(int(year or _NO_YEAR), m1, int(day1))
    end = iso_date(int(year or _NO_YEAR), m2, int(day2))
    if not start or not end:
        return None
    return start, end, year is not None


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
