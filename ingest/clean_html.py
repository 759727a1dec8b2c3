"""HTML fragments left in converted text, turned into plain lines."""

from __future__ import annotations

import html
import logging
import re

logger = logging.getLogger(__name__)

_TAGS = (
    "a|abbr|address|article|aside|b|big|blockquote|body|br|caption|center|cite|code|col|colgroup|dd|del|dfn|div|dl|dt|"
    "em|figcaption|figure|font|footer|h[1-6]|head|header|hr|html|i|img|ins|kbd|label|li|link|main|mark|meta|nav|ol|p|"
    "pre|q|s|section|small|span|strike|strong|sub|sup|table|tbody|td|tfoot|th|thead|title|tr|tt|u|ul|wbr"
)
_ANY_TAG = re.compile(rf"</?(?:{_TAGS})\b[^<>]*?/?>", re.IGNORECASE)
# A script or style block goes whole; `[^<>]` keeps a search from running past the next tag (linear time).
_DROPPED_OPEN = re.compile(r"<(script|style)\b[^<>]*>", re.IGNORECASE)
_DROPPED_CLOSE = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ("script", "style")}
# "<b>Adresse</b>\t..." is a field label of a two-column table.
_LABEL = re.compile(r"^[ ]*<(b|strong)>[ ]*([^<>\n\t]{1,60}?)[ ]*:?[ ]*</\1>[ ]*(?=\t)", re.IGNORECASE | re.MULTILINE)
_HEADING = re.compile(r"<h([1-6])\b[^<>]*>([^<>\n]*)</h\1\s*>", re.IGNORECASE)
_LIST_ITEM = re.compile(r"<li\b[^<>]*>", re.IGNORECASE)
_BREAK = re.compile(
    r"<br\b[^<>]*>|</?(?:p|div|ul|ol|tr|table|section|article|blockquote|pre|h[1-6])\b[^<>]*>", re.IGNORECASE
)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_MAX_ROUNDS = 5


def html_fragments_to_text(text: str) -> str:
    """Field labels become 'Label:', <li> '- ' lines, <br> and block tags newlines; other tags go, entities are unescaped."""
    if "<" not in text and "&" not in text:
        return text
    for _ in range(_MAX_ROUNDS):
        converted = _unescape(_convert_tags(text))
        if converted == text:
            break
        text = converted
    return text


def _convert_tags(text: str) -> str:
    text = _drop_blocks(text)
    text = _LABEL.sub(lambda match: f"{match.group(2)}:", text)
    return "\n".join(_convert_line(line) for line in text.split("\n"))


def _drop_blocks(text: str) -> str:
    """Remove <script>…</script> and <style>…</style>; an opening tag without its closing tag stays as it is."""
    parts: list[str] = []
    cursor = 0
    unclosed: set[str] = set()  # once a closing tag is not found, later openings of that name cannot match
    for opening in _DROPPED_OPEN.finditer(text):
        name = opening.group(1).lower()
        if opening.start() < cursor or name in unclosed:
            continue
        closing = _DROPPED_CLOSE[name].search(text, opening.end())
        if closing is None:
            unclosed.add(name)
            continue
        parts.append(text[cursor : opening.start()])
        cursor = closing.end()
    parts.append(text[cursor:])
    return "".join(parts)


def _convert_line(line: str) -> str:
    if "<" not in line:
        return line
    # Inside a table row a newline would break the row apart, so structure becomes spaces there.
    in_row = "\t" in line
    line = _HEADING.sub(
        lambda m: " " + m.group(2) + " " if in_row else f"\n{'#' * int(m.group(1))} {m.group(2).strip()}\n", line
    )
    line = _LIST_ITEM.sub(" - " if in_row else "\n- ", line)
    line = _BREAK.sub(" " if in_row else "\n", line)
    return _ANY_TAG.sub("", line)


def _unescape(text: str) -> str:
    return _ENTITY.sub(lambda match: html.unescape(match.group(0)), text)
