"""Cut a passage into answer units: lines (table rows, list items) and sentences, with offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? followed by space and a capital letter; common Danish abbreviations do not end one.
_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[\"“”»(]?[A-ZÆØÅ])")
_ABBREVIATION = re.compile(
    r"\b(?:ca|fx|bl\.a|dvs|mht|jf|evt|inkl|ekskl|hhv|pga|mr|mrs|dr|st|nr|kl|adm|dir|prof|vs|etc)\.$", re.IGNORECASE
)
_NUMBERED = re.compile(r"^\s*\d{1,2}\.$")  # "1. Finans": a list number, not a sentence
_MIN_CHARS = 12
_LIST_MARKER = re.compile(r"^(?:\d{1,2}[.)]|[-•·*–▪])\s+")
_LIST_ITEMS = 15
_ITEM_CHARS = 160


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    text: str


def split_units(text: str) -> list[Unit]:
    """Sentences of every non-empty line with their (start, end) in `text`; a list joins its introduction."""
    units: list[Unit] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        units.extend(_sentences(line, offset))
        offset += len(line)
    return _merge_short(attach_lists(units, text), text)


def _sentences(line: str, offset: int) -> list[Unit]:
    pieces: list[Unit] = []
    start = 0
    for match in _BOUNDARY.finditer(line):
        if _ABBREVIATION.search(line[start : match.start()]) or _NUMBERED.match(line[start : match.start()]):
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


def attach_lists(units: list[Unit], text: str) -> list[Unit]:
    """A unit ending in ':' takes the list items after it ("De 8 byrådsafdelinger omfatter: Finans; …"), so a
    list question is answered by the whole list rather than by its introduction."""
    result: list[Unit] = []
    index = 0
    while index < len(units):
        unit = units[index]
        items = _items_after(units, index, text) if unit.text.endswith(":") else []
        if items:
            joined = "; ".join(_LIST_MARKER.sub("", item.text) for item in items)
            result.append(Unit(unit.start, items[-1].end, f"{unit.text} {joined}"))
            index += len(items) + 1
            continue
        result.append(unit)
        index += 1
    return result


def _items_after(units: list[Unit], index: int, text: str) -> list[Unit]:
    items: list[Unit] = []
    for unit in units[index + 1 : index + 1 + _LIST_ITEMS]:
        previous = items[-1] if items else units[index]
        gap = text[previous.end : unit.start]
        if gap.count("\n") > 2 or "\n" not in gap or not _is_item(unit, text):
            break
        items.append(unit)
    return items


def _is_item(unit: Unit, text: str) -> bool:
    line_start = text.rfind("\n", 0, unit.start) + 1
    if text[line_start : unit.start].strip():
        return False  # not the first sentence of its line
    return bool(_LIST_MARKER.match(unit.text)) or (len(unit.text) <= _ITEM_CHARS and not unit.text.endswith("."))
