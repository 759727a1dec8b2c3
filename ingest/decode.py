"""Turn the bytes of a plain-text file into text without mangling Danish letters, and say which encoding it was.

Measured against charset-normalizer alone (`python -m benchmarks.decoders`): the library reads Danish and other
Western Windows text as cp1250 or a Mac code page (æ, ø, å become ć, ř, ĺ), takes six bytes of cp1252 for UTF-16,
and decodes strings of invalid bytes as some code page. So a byte-order mark and valid UTF-8 decide first, UTF-16/32
without a byte-order mark is looked for only in bytes holding NULs, and cp1252 (which reads Latin-1 too) is kept
whenever it reads no worse than the library's best guess; the library decides the rest (Cyrillic, Arabic, Greek,
Hebrew, EBCDIC code pages, and which UTF-16/32 it is). Central European text in cp1250 (Czech, Hungarian) reads as
well in cp1252 to the library too, and is read as cp1252, as before.
"""

from __future__ import annotations

import codecs
import logging
from dataclasses import dataclass

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

logger = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WIDE = ["utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"]
# Share of control characters above which decoded bytes are taken for a binary file, not text.
_MAX_CONTROL_SHARE = 0.01
# Share of bytes cp1252 does not define (0x81, 0x8D, 0x8F, 0x90, 0x9D) that a Windows text may hold, stray.
_MAX_UNDEFINED_SHARE = 0.001
# How much messier than the library's best guess cp1252 may read and still be preferred (charset-normalizer's
# mess ratio: 0 reads clean; Cyrillic or Arabic bytes read as cp1252 score 0.16 and more on the real files).
_CP1252_MARGIN = 0.05
# How well another code page's text must read as some language (charset-normalizer's coherence) to be taken: the
# UDHR's first article in 18 languages, each in its Windows code page, scores 0.43 to 0.81, the real files 0.48 to
# 0.80; strings of invalid bytes that some code page happens to decode score 0.15 to 0.33.
_MIN_COHERENCE = 0.4
_MESS_SAMPLE = 100_000  # characters read for the mess ratio: enough to judge, quick on a 3 MB file
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


class UndecodableText(ValueError):
    """The bytes are not text in any encoding we accept."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python's codec name: "utf-8", "utf-16-le", "cp1252", "cp1251", ...


def decode_text(data: bytes) -> str:
    return decode_bytes(data).text


def decode_bytes(data: bytes) -> Decoded:
    """The text and its encoding: BOM, then UTF-8, then UTF-16/32 without BOM, then a code page."""
    bom = _bom_encoding(data)
    if bom is not None:
        decoded = Decoded(_strict(data, bom), bom)
    elif b"\x00" in data:
        decoded = _wide(data)
    else:
        try:
            decoded = Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            decoded = _code_page(data)
    if _looks_binary(decoded.text):
        raise UndecodableText("the file looks binary (many control characters)")
    return decoded


def _wide(data: bytes) -> Decoded:
    """UTF-16 or UTF-32 without a byte-order mark; a NUL in any 8-bit text means binary."""
    best = from_bytes(data, cp_isolation=_WIDE).best()
    if best is None:
        raise UndecodableText("the file contains NUL bytes and is not UTF-16 or UTF-32 text (binary?)")
    encoding = codecs.lookup(best.encoding).name
    logger.info("no byte-order mark; read as %s", encoding)
    return Decoded(str(best), encoding)


def _code_page(data: bytes) -> Decoded:
    """Not UTF-8: cp1252 (Danish Windows text, and Latin-1) unless another code page clearly reads better."""
    windows = data.decode("cp1252", errors="replace")
    best = from_bytes(data).best()
    if best is not None and codecs.lookup(best.encoding).name != "cp1252" and best.coherence >= _MIN_COHERENCE:
        if mess_ratio(windows[:_MESS_SAMPLE]) > best.chaos + _CP1252_MARGIN:
            encoding = codecs.lookup(best.encoding).name
            logger.info("not valid UTF-8; read as %s", encoding)
            return Decoded(str(best), encoding)
    undefined = sum(data.count(byte) for byte in _CP1252_UNDEFINED)
    if undefined > max(1, len(data) * _MAX_UNDEFINED_SHARE):
        raise UndecodableText(f"{undefined} bytes are neither UTF-8 nor Windows-1252 nor another code page")
    logger.info("not valid UTF-8; read as Windows-1252")
    return Decoded(windows, "cp1252")


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
    controls = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f") or 0x7F <= ord(ch) < 0xA0)
    return controls / len(text) > _MAX_CONTROL_SHARE
