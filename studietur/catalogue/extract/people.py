"""People in a report: committee members with party letters ("Andreas Keil (A)") and officials with their titles.
The external people of a visit are read in `externals`."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from studietur.catalogue.extract.document import Line, SourceDocument
from studietur.catalogue.model import Person

logger = logging.getLogger(__name__)


_PARTICIPANTS_CHARS = 12000

NAME_TOKEN = re.compile(r"^(?:[A-ZÆØÅÀ-Þ][\w'’.-]*|[A-ZÆØÅ]\.)$")

_PARTY = re.compile(r"\(([ABCDFIKMOVÅÆØ])\)")

# Words in front of a member's name that are a title, not part of the name ("Borgmester Anna Mee Allerslev (B)").
_MEMBER_TITLES = {"borgmester", "næstformand", "formand", "udvalgsformand", "rådmand", "overborgmester", "mayor"}


def participants(doc: SourceDocument) -> tuple[list[Person], list[Person], list[tuple[int, int]]]:
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
    lines: Sequence[Line], first: int
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
    lines: Sequence[Line], index: int
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
        if not NAME_TOKEN.match(token) or token.casefold() in _MEMBER_TITLES or len(name) == 4:
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
    if not role.strip() or not 2 <= len(tokens) <= 4 or not all(NAME_TOKEN.match(t) for t in tokens):
        return None
    if _PARTY.search(text) or len(role) > 80:
        return None
    return Person(" ".join(tokens), "", role.strip(" ."))


def _official_item(item: str) -> Person | None:
    """'ressourcedirektør Jacob Eberholst', 'Adm. dir. Birgitte Hansen'."""
    tokens = item.split()
    name: list[str] = []
    for token in reversed(tokens):
        if not NAME_TOKEN.match(token) or token.endswith(".") or len(name) == 4:
            break
        name.insert(0, token)
    if len(name) < 2:
        return None
    role = " ".join(tokens[: len(tokens) - len(name)])
    return Person(" ".join(name), "", role)
