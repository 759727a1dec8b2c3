"""Cut a passage into answer units: lines (table rows, list items) and sentences, with offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? followed by space and a capital letter; common Danish abbreviations do not end one.
_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[\"“”»(]?[A-ZÆØÅ])")
_ABBREVIATION = re.compile(
    r"\b(?:ca|fx|bl\.a|dvs|mht|jf|evt|inkl|ekskl|hhv|pga|mr|mrs|dr|st|nr|kl|adm|dir|prof|vs|etc)\.$", re.IGNORECASE
)
_MIN_CHARS = 12


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    text: str


def split_units(text: str) -> list[Unit]:
    """Sentences of every non-empty line, as exact (start, end) slices of `text`."""
    units: list[Unit] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        units.extend(_sentences(line, offset))
        offset += len(line)
    return _merge_short(units, text)


def _sentences(line: str, offset: int) -> list[Unit]:
    pieces: list[Unit] = []
    start = 0
    for match in _BOUNDARY.finditer(line):
        if _ABBREVIATION.search(line[start : match.start()]):
            continue
        pieces.append(_unit(line, offset, start, match.start()))
        start = match.end()
    pieces.append(_unit(line, offset, start, len(line)))
    return [piece for piece in pieces if piece.text]


def _unit(line: str, offset: int, start: int, end: int) -> Unit:
    raw = line[start:end]
    stripped = raw.strip()
    lead = len(raw) - len(raw.lstrip())
    return Unit(offset + start + lead, offset + start + lead + len(stripped), stripped)


def _merge_short(units: list[Unit], text: str) -> list[Unit]:
    """A fragment too short to stand alone (a heading word, a lone label) joins the next unit."""
    merged: list[Unit] = []
    pending: Unit | None = None
    for unit in units:
        if pending is not None:
            unit = Unit(pending.start, unit.end, text[pending.start : unit.end])
            pending = None
        if len(unit.text) < _MIN_CHARS:
            pending = unit
            continue
        merged.append(unit)
    if pending is not None:
        merged.append(pending)
    return merged
