"""Turn the bytes of a plain-text file into text without mangling Danish letters."""

from __future__ import annotations

import codecs
import logging

logger = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Share of control characters above which decoded bytes are taken for a binary file, not text.
_MAX_CONTROL_SHARE = 0.01


class UndecodableText(ValueError):
    """The bytes are not text in any encoding we accept."""


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16/32 with BOM; fall back to cp1252 (Danish Windows text)."""
    encoding = _bom_encoding(data)
    if encoding is not None:
        return _strict(data, encoding)
    if b"\x00" in data:
        raise UndecodableText("the file contains NUL bytes (binary, or UTF-16 without a byte order mark)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _strict(data, "cp1252")
        logger.info("not valid UTF-8; read as Windows-1252")
    if _looks_binary(text):
        raise UndecodableText("the file looks binary (many control characters)")
    return text


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UndecodableText(f"the bytes are not valid {encoding}") from exc


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls / len(text) > _MAX_CONTROL_SHARE
