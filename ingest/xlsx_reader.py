"""Excel to text: the workbook's title (or the file's name) as the '#' title, each sheet a '##' section, its rows
tab-separated (cleaning makes them 'Header: value' lines, as for every table), formulas read as the values Excel
last saved."""

from __future__ import annotations

import logging
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import load_workbook

logger = logging.getLogger(__name__)

# A sheet can declare a million empty rows; reading stops after this many rows without a value.
_EMPTY_RUN = 1_000


def xlsx_to_text(path: Path) -> str:
    workbook = load_workbook(str(path), read_only=True, data_only=True)
    try:
        title = " ".join((workbook.properties.title or "").split()) or path.stem
        sheets = [_sheet_text(sheet.title, sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets]
    finally:
        workbook.close()
    sheets = [sheet for sheet in sheets if sheet]
    return "\n\n".join([f"# {title}", *sheets]) if sheets else ""


def _sheet_text(title: str, rows: object) -> str:
    lines: list[str] = []
    empty = 0
    for row in rows:  # type: ignore[attr-defined]
        cells = [_cell(value) for value in row]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            empty += 1
            if empty >= _EMPTY_RUN:
                break
            # A blank row ends a table: the rows after it are another table, with its own header.
            if lines and lines[-1]:
                lines.append("")
            continue
        empty = 0
        lines.append("\t".join(cells))
    body = "\n".join(_without_margin(lines)).strip("\n")
    return f"## {title}\n\n{body}" if body else ""


def _without_margin(lines: list[str]) -> list[str]:
    """Empty columns left of every row (a sheet laid out from column B) go; a row of one cell is a plain line."""
    rows = [line.split("\t") for line in lines]
    margin = min((next(i for i, cell in enumerate(row) if cell) for row in rows if any(row)), default=0)
    kept = [row[margin:] if any(row) else [] for row in rows]
    return [row[0] if len(row) == 1 else "\t".join(row) for row in (r or [""] for r in kept)]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())
