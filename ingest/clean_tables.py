"""Tab-separated tables turned into readable lines that stay together."""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

# Column headers do not repeat in multi-column rows; a row label is set off from its cells by a dash.
_LABEL_SEPARATOR = " — "
_CELL_SEPARATOR = " | "


def tables_to_text(text: str) -> str:
    """Label/value rows become 'Label: value'; rows of wider tables become 'header: value | header: value'."""
    if "\t" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        if "\t" not in lines[index]:
            out.append(lines[index])
            index += 1
            continue
        end = index
        while end < len(lines) and "\t" in lines[end]:
            end += 1
        out.extend(table_lines([_cells(line) for line in lines[index:end]]))
        index = end
    return "\n".join(out)


def table_lines(rows: list[list[str]]) -> list[str]:
    rows = [row for row in rows if any(row)]
    if not rows:
        return []
    width = max(len(row) for row in rows)
    if width <= 2:
        return [_label_value(row) for row in rows]
    if len(rows) == 1:
        return [_CELL_SEPARATOR.join(cell for cell in rows[0] if cell)]
    header, body = rows[0], rows[1:]
    return [line for line in (_wide_row(header, row) for row in body) if line]


def _cells(line: str) -> list[str]:
    cells = [" ".join(cell.split()) for cell in line.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _label_value(row: list[str]) -> str:
    cells = [cell for cell in row if cell]
    if len(cells) == 1:
        return cells[0]
    label, value = cells
    return f"{label.rstrip(':').rstrip()}: {value}"


def _wide_row(header: list[str], row: list[str]) -> str:
    labelled = not header[0]
    cells = row[1:] if labelled else row
    names = header[1:] if labelled else header
    pairs = [_pair(names[i] if i < len(names) else "", cell) for i, cell in enumerate(cells) if cell]
    joined = _CELL_SEPARATOR.join(pairs)
    if labelled and row[0]:
        return f"{row[0]}{_LABEL_SEPARATOR}{joined}" if joined else row[0]
    return joined


def _pair(name: str, value: str) -> str:
    return f"{re.sub(r':$', '', name)}: {value}" if name else value
