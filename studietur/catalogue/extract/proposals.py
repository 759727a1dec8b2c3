"""Proposed destinations: grouped under "STUDIETUR I DANMARK", "EUROPÆISK STUDIETUR" and "OVERSØISK STUDIETUR"; a
destination line reads "Tallinn, Estland: headline" or "Toronto, Canada", and its suggested places are bullets
("• Jobcenter Silkeborg") followed by a one-line description."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from studietur.catalogue.extract.document import (
    BULLET_LINE,
    NUMBERED_LINE,
    SourceDocument,
    first_sentence,
    guarded,
    place_names,
)
from studietur.catalogue.model import ProposedDestination
from studietur.catalogue.themes import themes_in

logger = logging.getLogger(__name__)


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


@dataclass
class _Destination:
    line: int
    name: str
    country: str
    headline: str
    scope: str


def extract_proposals(doc: SourceDocument) -> list[ProposedDestination]:
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
        proposal = guarded(
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


def _destination(doc: SourceDocument, index: int, scope: str) -> _Destination | None:
    """'Tallinn, Estland: headline' or 'Toronto, Canada', followed by a paragraph describing it."""
    text = doc.lines[index].text
    if not text or len(text) > 200 or BULLET_LINE.match(text) or NUMBERED_LINE.match(text):
        return None
    match = _DESTINATION.match(text) or _DESTINATION_COUNTRY.match(text)
    if not match or not _looks_like_place(match.group("place")):
        return None
    following = doc.next_content(index)
    if following is None:
        return None
    paragraph = doc.lines[following].text
    if len(paragraph) < _MIN_PARAGRAPH or BULLET_LINE.match(paragraph):
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


def _proposal(doc: SourceDocument, destination: _Destination, stop: int) -> ProposedDestination:
    lines = doc.lines
    description_line = doc.next_content(destination.line)
    description = lines[description_line].text if description_line is not None else ""
    headline = (destination.headline or first_sentence(description)).rstrip(". ")
    places = _places(doc, destination.line + 1, stop)
    theme_text = " ".join([destination.headline, description, *(f"{p} {d}" for p, d in places)])
    end = lines[stop].start if stop < len(lines) else len(doc.text)
    name = destination.name
    inside = _PAREN.search(name)
    cities = place_names(inside.group(1)) if inside else place_names(_ADMIN_SUFFIX.sub("", name))
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


def _places(doc: SourceDocument, start: int, stop: int) -> list[tuple[str, str]]:
    """Bullets with a short name followed by a description line: ('Jobcenter Silkeborg', 'Kendt for …')."""
    places: list[tuple[str, str]] = []
    index = start
    while index < stop:
        bullet = BULLET_LINE.match(doc.lines[index].text)
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
        if BULLET_LINE.match(description) or description.endswith(":") or len(description) < 15:
            continue
        places.append((name, first_sentence(_continued(doc, following, stop))))
    return places


def _continued(doc: SourceDocument, index: int, stop: int) -> str:
    """A line with the lines that finish its broken-off sentence ('… i blandt andet' + 'Islington-området.')."""
    text = doc.lines[index].text
    for _ in range(2):
        following = doc.next_content(index)
        if text.endswith((".", "!", "?")) or following is None or following >= stop:
            break
        line = doc.lines[following].text
        if BULLET_LINE.match(line) or _destination(doc, following, "") or len(line) > 400:
            break
        text, index = f"{text} {line}", following
    return text
