"""Cut a passage into answer units: lines (table rows, list items) and sentences, with offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from studietur.text.lexicon import LIST_MARKER
from studietur.text.sentences import sentence_spans

_MIN_CHARS = 12
_SHORT_UNIT = 30  # a shorter unit says too little to be quoted alone
_NUMBERED_HEADING = re.compile(r"^\d+(?:\.\d+)+\.?\s")  # "9.5 Beskæftigelses- og Integrationsudvalget"
_LIST_ITEMS = 15
_ITEM_CHARS = 160
_TITLE_CHARS = 100
_TITLE_END = (".", "!", "?", ":", ";", ",")


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    text: str


def split_units(text: str) -> list[Unit]:
    """Sentences of every non-empty line with their (start, end) in `text`; a list joins its introduction.

    The sentences come from studietur.text.sentences, the one splitter, which chunking uses too."""
    units: list[Unit] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        units.extend(
            Unit(start, end, text[start:end]) for start, end in sentence_spans(text, offset, offset + len(line))
        )
        offset += len(line)
    return _merge_short(attach_lists(units, text), text)


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
            joined = "; ".join(LIST_MARKER.sub("", item.text) for item in items)
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
    return bool(LIST_MARKER.match(unit.text)) or (len(unit.text) <= _ITEM_CHARS and not unit.text.endswith("."))


def titles(units: list[Unit], text: str) -> list[Unit | None]:
    """For each unit, the unit its paragraph directly follows when that ends in a title line: a short line without
    closing punctuation ("9.5 Beskæftigelses- og Integrationsudvalget", "• Job- og integrationshuset i Odense").
    The paragraph is about it."""
    found: list[Unit | None] = []
    current: Unit | None = None
    for index, unit in enumerate(units):
        if _starts_line(unit, text):
            previous = units[index - 1] if index else None
            titled = previous is not None and _title_line(previous, text) and not _titleish(_line_of(unit, text))
            current = previous if titled else None
        found.append(current)
    return found


def _line_of(unit: Unit, text: str) -> str:
    end = text.find("\n", unit.start)
    return text[text.rfind("\n", 0, unit.start) + 1 : len(text) if end < 0 else end]


def _starts_line(unit: Unit, text: str) -> bool:
    return not text[text.rfind("\n", 0, unit.start) + 1 : unit.start].strip()


def _title_line(unit: Unit, text: str) -> bool:
    """The unit ends a title line, and that line is not the last item of a list."""
    line_start = text.rfind("\n", 0, unit.end) + 1
    own_line = line_start > unit.start or _starts_line(unit, text)  # a list joined to its introduction ends on one
    if not (own_line and _titleish(text[line_start : unit.end])):
        return False
    before = text[:line_start].rstrip().rsplit("\n", 1)[-1]
    return not (_titleish(before) or LIST_MARKER.match(before.strip()))


def _titleish(line: str) -> bool:
    """Short, unpunctuated, no markdown heading (the section shows those) and no "label: value" field."""
    line = LIST_MARKER.sub("", line.strip())
    if not line or line.startswith("#") or ": " in line or "\t" in line or len(line) > _TITLE_CHARS:
        return False
    return not line.endswith(_TITLE_END) and any(char.isalpha() for char in line)


def paragraph(text: str, start: int, end: int) -> str:
    """The line of `text` around [start, end): in these reports a line is a paragraph or a table row."""
    return text[text.rfind("\n", 0, start) + 1 : len(text) if (stop := text.find("\n", end)) < 0 else stop]


def readable(unit: Unit, section: str) -> bool:
    """Long enough to say something, and not a heading (`section`, the heading path of its chunk, shows those)."""
    if unit.text.startswith("#") or len(unit.text) < _SHORT_UNIT:
        return False
    closed = unit.text.endswith((".", ":", ")", "!", "?"))
    return closed or not (unit.text in section or _NUMBERED_HEADING.match(unit.text))
