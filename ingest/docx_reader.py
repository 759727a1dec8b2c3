"""DOCX to plain text: headings become '#' lines by level, tables become tab-separated rows."""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.opc.exceptions import OpcError
from docx.table import Table
from docx.text.paragraph import Paragraph

logger = logging.getLogger(__name__)

_HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "titel"}
_LIST_STYLE = re.compile(r"^(?:list|liste)", re.IGNORECASE)


class InvalidDocx(ValueError):
    """The file is not a readable Word document."""


def docx_to_text(path: Path) -> str:
    try:
        document = Document(str(path))
    except (OpcError, zipfile.BadZipFile, KeyError, SyntaxError) as exc:
        raise InvalidDocx(str(exc)) from exc
    parts: list[str] = []
    for block in document.iter_inner_content():
        text = _table_text(block) if isinstance(block, Table) else _paragraph_text(block)
        if text:
            parts.append(text)
    return "\n\n".join(parts)


def _paragraph_text(paragraph: Paragraph) -> str:
    text = " ".join(paragraph.text.split())
    if not text:
        return ""
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.lower() in _TITLE_STYLES:
        return f"# {text}"
    heading = _HEADING_STYLE.match(style)
    if heading:
        return f"{'#' * min(int(heading.group(1)), 6)} {text}"
    if _LIST_STYLE.match(style):
        return f"- {text}"
    return text


def _table_text(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # A merged cell comes back once per grid column it spans; keep one copy.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append("\t".join(cells))
    return "\n".join(rows)
