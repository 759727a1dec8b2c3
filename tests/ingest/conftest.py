"""Fixtures of the ingest tests: a deterministic token counter, writers of real PDF and DOCX files, chunk checks."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, StreamObject

from ingest.chunk import PREFIX_TOKENS
from ingest.structure import find_headings
from studietur.core.types import Chunk

REPORTS = Path(__file__).resolve().parents[2] / "data" / "reports"


def count_words(text: str) -> int:
    """Stand-in for the model tokenizer: about 4/3 tokens per word."""
    return len(text.split()) * 4 // 3


@pytest.fixture()
def count_tokens() -> Callable[[str], int]:
    return count_words


def pdf_bytes(pages: Sequence[Sequence[str]], password: str | None = None) -> bytes:
    """A real PDF with a text layer: one line of Helvetica text per string, WinAnsi encoded (æøå work)."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    font_ref = writer._add_object(font)
    for lines in pages:
        page = writer.add_blank_page(595, 842)
        ops = [b"BT /F1 11 Tf 14 TL 56 780 Td"]
        ops += [b"(" + _pdf_string(line) + b") Tj T*" for line in lines]
        ops.append(b"ET")
        stream = StreamObject()
        stream.set_data(b"\n".join(ops))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref})}
        )
    if password:
        writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _pdf_string(line: str) -> bytes:
    data = line.encode("cp1252")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


@pytest.fixture()
def write_pdf(tmp_path: Path) -> Callable[..., Path]:
    def write(name: str, pages: Sequence[Sequence[str]], password: str | None = None) -> Path:
        path = tmp_path / name
        path.write_bytes(pdf_bytes(pages, password))
        return path

    return write


@pytest.fixture()
def write_docx(tmp_path: Path) -> Callable[[str], Path]:
    """A report in Word: title, two heading levels, paragraphs, a bullet and a table."""

    def write(name: str) -> Path:
        document = Document()
        document.add_heading("Rejserapport fra studieturen til Tallinn", level=0)
        document.add_heading("Program", level=1)
        document.add_paragraph("Udvalget besøgte e-Estonia Briefing Centre og drøftede digital beskæftigelse.")
        document.add_heading("Deltagere", level=2)
        document.add_paragraph("Borgmesteren og seks medlemmer af udvalget.", style="List Bullet")
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "Tidspunkt"
        table.cell(0, 1).text = "Mandag 9/10 kl. 11.00 - 12.00"
        table.cell(1, 0).text = "Adresse"
        table.cell(1, 1).text = "Lõõtsa 2a, Tallinn"
        path = Path(tmp_path) / name
        document.save(str(path))
        return path

    return write


@pytest.fixture()
def report_text() -> Callable[[str], str]:
    """The raw text of a sample report by its number ('000' ... '004')."""

    def read(number: str) -> str:
        (path,) = REPORTS.glob(f"{number}_*.txt")
        return path.read_text(encoding="utf-8")

    return read


# --- checks every chunk list must pass


def heading_spans(text: str) -> list[tuple[int, int]]:
    lines = text.split("\n")
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return [(starts[i], starts[i] + len(lines[i])) for i in find_headings(lines)]


def is_heading_only(chunk: Chunk, headings: Sequence[tuple[int, int]]) -> bool:
    offset = chunk.char_start
    for line in chunk.text.split("\n"):
        start = offset + len(line) - len(line.lstrip())
        offset += len(line) + 1
        if line.strip() and not any(h_start <= start < h_end for h_start, h_end in headings):
            return False
    return True


def check_chunks(
    text: str,
    chunks: Sequence[Chunk],
    max_tokens: int,
    count_tokens: Callable[[str], int],
    *,
    headings_alone_ok: bool = False,
) -> None:
    """Exact slices in order, within the limit, no heading-only chunk, every non-blank character in some chunk."""
    assert chunks, "a document with text has chunks"
    covered = bytearray(len(text))
    headings = heading_spans(text)
    whole = Chunk("", "", "", "", text, 0, 0, len(text), "")
    only_headings = headings_alone_ok or is_heading_only(whole, headings)
    for position, chunk in enumerate(chunks):
        assert chunk.position == position
        assert text[chunk.char_start : chunk.char_end] == chunk.text
        assert chunk.text == chunk.text.strip() and chunk.text
        assert count_tokens(chunk.embed_text()) + PREFIX_TOKENS <= max_tokens, chunk
        assert only_headings or not is_heading_only(chunk, headings), chunk
        covered[chunk.char_start : chunk.char_end] = b"\1" * (chunk.char_end - chunk.char_start)
    lost = [i for i, ch in enumerate(text) if not ch.isspace() and not covered[i]]
    assert not lost, f"characters not in any chunk: {text[lost[0] : lost[0] + 40]!r}"


@pytest.fixture()
def chunk_checker() -> Callable[..., None]:
    return check_chunks


@pytest.fixture()
def heading_only() -> Callable[[Chunk, Sequence[tuple[int, int]]], bool]:
    return is_heading_only


@pytest.fixture()
def headings_of() -> Callable[[str], list[tuple[int, int]]]:
    return heading_spans
