"""HTML to plain text that keeps structure: headings as '#' lines, list items as '- ' lines, tables as tab rows.

The markup is parsed by lxml (libxml2), whose parser closes an unclosed <head> at <body> as browsers do; Python's
html.parser nested the whole body inside such a head, and the page was dropped with it. Measured on the HTML of
../shared/realdocs and a Word-style page (`python -m benchmarks.html_readers`): lxml keeps 0.999 of the words against
html.parser's 0.998 (which lost two pages whole) and html5lib's 1.000, at html.parser's speed, where html5lib takes
twice as long on real pages and 30 s on markup nested 10,000 deep; the HTML-to-text libraries (inscriptis,
html-text, trafilatura) give no heading lines, or drop text they take for boilerplate, so our walker stays.
"""

from __future__ import annotations

import logging
import re
import warnings

from bs4 import BeautifulSoup, CData, NavigableString, PageElement, Tag, XMLParsedAsHTMLWarning

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
# String types that are text (comments, doctypes and processing instructions are not).
_TEXT_TYPES = (NavigableString, CData)


def html_to_text(markup: str, parser: str = "lxml") -> str:
    """One pass over the parsed tree without recursion, so deep or wide markup costs linear time."""
    with warnings.catch_warnings():
        # XHTML is HTML too; the warning says to parse it as XML, which a page with an HTML entity would fail.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(markup, parser)
    return soup_to_text(soup)


def soup_to_text(soup: BeautifulSoup) -> str:
    out: list[str] = []
    _walk(soup, out, "block")
    return _finish("".join(out))


def _walk(root: Tag, out: list[str], mode: str) -> None:
    """Text of root's children into `out` with structure marks.

    Modes mirror what survives where: in "block" mode blocks, breaks, headings, items and tables all leave marks;
    inside a heading ("heading") only tables do; inside a list item ("item") nested items, headings and tables do.
    Strings inside headings and items are spaced apart, as `Tag.get_text(" ")` does.
    """
    stack: list[tuple[PageElement | str, str]] = [(child, mode) for child in reversed(root.contents)]
    while stack:
        node, mode = stack.pop()
        if isinstance(node, str) and not isinstance(node, PageElement):
            out.append(node)  # a structure mark queued behind a tag's children
        elif isinstance(node, Tag):
            stack.extend(reversed(_open(node, mode, out)))
        elif type(node) in _TEXT_TYPES:
            out.append(node if mode == "block" else f" {node} ")


def _open(tag: Tag, mode: str, out: list[str]) -> list[tuple[PageElement | str, str]]:
    """Write the marks that open `tag` and return what goes on the stack in document order: children, closing mark."""
    name = tag.name
    if name in _DROPPED:
        return []
    if name == "table":
        out.append(_table_text(tag))
        return []
    if name in _HEADINGS and mode != "heading":
        out.append(f"{_NEWLINE * 2}{'#' * int(name[1])} ")
        return [*((child, "heading") for child in tag.contents), (_NEWLINE * 2, "")]
    if name == "li" and mode != "heading":
        out.append(f"{_NEWLINE}- ")
        return [*((child, "item") for child in tag.contents), (_NEWLINE, "")]
    if mode != "block":
        return [(child, mode) for child in tag.contents]
    if name == "br":
        out.append(_NEWLINE)
        return []
    if name in _BLOCKS:
        out.append(_NEWLINE * 2)
        return [*((child, mode) for child in tag.contents), (_NEWLINE * 2, "")]
    return [(child, mode) for child in tag.contents]


def _table_text(table: Tag) -> str:
    """Rows of the table as tab-separated cells; a table inside a cell reads as that cell's text."""
    rows: list[list[list[str]]] = []
    stack: list[tuple[PageElement, int, list[str] | None]] = [(child, 0, None) for child in reversed(table.contents)]
    while stack:
        node, depth, cell = stack.pop()
        if isinstance(node, Tag):
            if node.name in _DROPPED:
                continue
            if depth == 0 and node.name == "tr":
                rows.append([])
            elif depth == 0 and node.name in ("td", "th") and rows:
                cell = []
                rows[-1].append(cell)
            inner = depth + (node.name == "table")
            stack.extend((child, inner, cell) for child in reversed(node.contents))
        elif type(node) in _TEXT_TYPES and cell is not None:
            cell.append(node)
    lines = []
    for row in rows:
        cells = [" ".join(" ".join(parts).split()) for parts in row]
        if any(cells):
            lines.append(_TAB.join(cells))
    return _NEWLINE * 2 + _NEWLINE.join(lines) + _NEWLINE * 2


def _finish(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = text.replace(_NEWLINE, "\n").replace(_TAB, "\t")
    lines = [line.strip(" ") for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
