"""HTML to plain text that keeps structure: headings as '#' lines, list items as '- ' lines, tables as tab rows."""

from __future__ import annotations

import logging
import re

from bs4 import BeautifulSoup, Tag

logger = logging.getLogger(__name__)

_DROPPED = ("script", "style", "noscript", "template", "head", "svg")
_BLOCKS = (
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "address",
    "hr",
    "form",
    "fieldset",
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Structure marks survive the whitespace collapse of HTML and become newlines and tabs at the end.
_NEWLINE = "\ue000"
_TAB = "\ue001"


def html_to_text(markup: str) -> str:
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(_DROPPED):
        tag.decompose()
    for table in soup.find_all("table"):
        if table.find_parent("table") is None:
            table.replace_with(_table_text(table))
    for tag in soup.find_all(_HEADINGS):
        level = int(tag.name[1])
        tag.replace_with(f"{_NEWLINE * 2}{'#' * level} {_inline(tag)}{_NEWLINE * 2}")
    for item in reversed(soup.find_all("li")):
        item.replace_with(f"{_NEWLINE}- {_inline(item)}{_NEWLINE}")
    for br in soup.find_all("br"):
        br.replace_with(_NEWLINE)
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before(_NEWLINE * 2)
        tag.insert_after(_NEWLINE * 2)
    return _finish(soup.get_text())


def _table_text(table: Tag) -> str:
    rows = []
    for row in table.find_all("tr"):
        cells = [_inline(cell) for cell in row.find_all(("td", "th"))]
        if any(cells):
            rows.append(_TAB.join(cells))
    return _NEWLINE * 2 + _NEWLINE.join(rows) + _NEWLINE * 2


def _inline(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


def _finish(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = text.replace(_NEWLINE, "\n").replace(_TAB, "\t")
    lines = [line.strip(" ") for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
