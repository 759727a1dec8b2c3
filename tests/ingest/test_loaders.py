"""Loading real files of every supported type, and every way a file can be refused."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.config import IngestSettings
from ingest.loaders import load_document
from studietur.core.errors import DocumentError

DANISH = "Beskæftigelses- og Integrationsudvalget drøftede økonomi på Rådhuspladsen. ÆØÅ æøå."
SETTINGS = IngestSettings()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("plain.txt", DANISH.encode("utf-8")),
        ("bom.txt", b"\xef\xbb\xbf" + DANISH.encode("utf-8")),
        ("utf16.txt", DANISH.encode("utf-16")),
        ("utf16be.txt", b"\xfe\xff" + DANISH.encode("utf-16-be")),
        ("windows.txt", DANISH.encode("cp1252")),
        ("latin1.txt", DANISH.encode("latin-1")),
        ("utf16-no-bom.txt", DANISH.encode("utf-16-le")),
        ("utf16be-no-bom.txt", DANISH.encode("utf-16-be")),
        ("utf32-no-bom.txt", DANISH.encode("utf-32-le")),
        ("notes.md", DANISH.encode("utf-8")),
    ],
)
def test_text_encodings_keep_danish_letters(tmp_path: Path, name: str, data: bytes) -> None:
    loaded = load_document(_write(tmp_path, name, data), SETTINGS)
    assert loaded.text == DANISH
    assert loaded.pages == ()
    assert loaded.kind == ("md" if name.endswith(".md") else "txt")


def test_html_keeps_headings_lists_and_tables(tmp_path: Path) -> None:
    markup = """<html><head><title>x</title><style>p {color: red}</style></head><body>
    <h1>Studietur til  Boston</h1><script>alert('x')</script>
    <p>Udvalget mødte <b>City of Boston</b> &amp; MIT.<br>Ny linje.</p>
    <ul><li>Digital omstilling</li><li>Inklusion</li></ul>
    <h2>Program</h2>
    <table><tr><th>Tidspunkt</th><td>Mandag 9/10 kl. 11.00</td></tr><tr><th>Adresse</th><td>50 Milk Street</td></tr></table>
    </body></html>"""
    loaded = load_document(_write(tmp_path, "page.htm", markup.encode("utf-8")), SETTINGS)
    lines = loaded.text.split("\n")
    assert loaded.kind == "html"
    assert "# Studietur til Boston" in lines
    assert "## Program" in lines
    assert "Udvalget mødte City of Boston & MIT." in lines and "Ny linje." in lines
    assert "- Digital omstilling" in lines and "- Inklusion" in lines
    assert "Tidspunkt\tMandag 9/10 kl. 11.00" in lines
    assert "alert" not in loaded.text and "color" not in loaded.text


def test_docx_headings_become_markdown_and_tables_tab_rows(write_docx: Callable[[str], Path]) -> None:
    loaded = load_document(write_docx("rapport.docx"), SETTINGS)
    lines = loaded.text.split("\n")
    assert loaded.kind == "docx"
    assert lines[0] == "# Rejserapport fra studieturen til Tallinn"
    assert "# Program" in lines and "## Deltagere" in lines
    assert "- Borgmesteren og seks medlemmer af udvalget." in lines
    assert "Tidspunkt\tMandag 9/10 kl. 11.00 - 12.00" in lines
    assert "Adresse\tLõõtsa 2a, Tallinn" in lines


def test_pdf_reads_text_page_by_page(write_pdf: Callable[..., Path]) -> None:
    pages = [["Studietur til Tallinn", "Første side om be-", "skæftigelse."], ["Anden side", "Økonomi og æøå."]]
    path = write_pdf("rapport.pdf", pages)
    loaded = load_document(path, SETTINGS)
    assert loaded.kind == "pdf"
    assert len(loaded.pages) == 2
    assert "Første side om be-\nskæftigelse." in loaded.pages[0]
    assert "Økonomi og æøå." in loaded.pages[1]
    assert loaded.pages[0].strip() in loaded.text and loaded.pages[1].strip() in loaded.text


def _refused(path: Path, settings: IngestSettings = SETTINGS) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        load_document(path, settings)
    assert info.value.path == str(path)
    assert str(path) in str(info.value)
    return info.value


def test_unsupported_type_says_what_to_convert_to(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, "budget.xls", b"\xd0\xcf\x11\xe0 not really"))
    assert ".xls is not supported" in error.reason and "PDF, DOCX, PPTX, XLSX, TXT, MD or HTML" in error.reason


def test_type_left_out_of_the_settings_is_refused(tmp_path: Path) -> None:
    settings = IngestSettings(extensions=[".pdf"])
    assert "not supported" in _refused(_write(tmp_path, "notes.txt", DANISH.encode()), settings).reason


def test_empty_and_whitespace_only_files(tmp_path: Path) -> None:
    assert "empty" in _refused(_write(tmp_path, "empty.txt", b"")).reason
    assert "whitespace" in _refused(_write(tmp_path, "blank.md", b" \n\t\r\n  \n")).reason
    assert (
        "no text"
        in _refused(_write(tmp_path, "blank.html", b"<html><body><p> </p><script>x()</script></body></html>")).reason
    )


def test_binary_file_is_not_decoded(tmp_path: Path) -> None:
    error = _refused(_write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8))
    assert "save it as UTF-8" in error.reason


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    settings = IngestSettings(max_file_mb=0.001)
    error = _refused(_write(tmp_path, "big.txt", DANISH.encode() * 40), settings)
    assert "over the 0.001 MB limit" in error.reason


def test_missing_file(tmp_path: Path) -> None:
    assert "cannot read" in _refused(tmp_path / "gone.pdf").reason


def test_encrypted_pdf(write_pdf: Callable[..., Path]) -> None:
    path = write_pdf("locked.pdf", [["Fortroligt referat"]], password="hemmelig")
    assert "password-protected" in _refused(path).reason


def test_truncated_pdf(tmp_path: Path, write_pdf: Callable[..., Path]) -> None:
    whole = write_pdf("whole.pdf", [["Referat af mødet", "med udvalget"]] * 3).read_bytes()
    error = _refused(_write(tmp_path, "cut.pdf", whole[: len(whole) // 2]))
    assert "damaged or truncated" in error.reason or "no text layer" in error.reason


def test_pdf_without_text_layer(write_pdf: Callable[..., Path]) -> None:
    # Blank pages: OCR (when Tesseract is there) finds nothing on them either.
    assert "no text layer" in _refused(write_pdf("scan.pdf", [[], []])).reason


def test_docx_zip_bomb_is_refused_before_parsing(write_docx: Callable[[str], Path]) -> None:
    path = write_docx("bomb.docx")
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", b"\0" * (30 * 2**20))
    assert path.stat().st_size < 2**20
    error = _refused(path, IngestSettings(max_file_mb=1))
    assert "zip bomb" in error.reason


@pytest.mark.parametrize("name", ["fake.pptx", "fake.xlsx"])
def test_office_file_that_is_another_format_renamed(tmp_path: Path, name: str) -> None:
    kind = name.rsplit(".", 1)[1].upper()
    assert f"not a valid {kind}" in _refused(_write(tmp_path, name, b"PK\x03\x04 not really")).reason
    assert f"not a valid {kind}" in _refused(_write(tmp_path, "plain-" + name, DANISH.encode())).reason


def test_docx_that_is_not_a_word_file(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hej")
    assert "not a valid DOCX" in _refused(path).reason
    assert "not a valid DOCX" in _refused(_write(tmp_path, "plain.docx", DANISH.encode())).reason


def test_pptx_speaker_notes_and_untitled_slides(tmp_path: Path) -> None:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    titled = deck.slides.add_slide(deck.slide_layouts[1])
    titled.shapes.title.text = "Studietur til Malmö"
    titled.placeholders[1].text_frame.text = "Besøg hos jobcentret"
    titled.notes_slide.notes_text_frame.text = "Husk at nævne  budgettet."
    blank = deck.slides.add_slide(deck.slide_layouts[6])
    blank.shapes.add_textbox(Inches(1), Inches(1), Inches(4), Inches(1)).text_frame.text = "Tekst uden titel"
    path = tmp_path / "dias.pptx"
    deck.save(str(path))
    loaded = load_document(path, SETTINGS)
    assert loaded.pages == (
        "# Studietur til Malmö\n\n- Besøg hos jobcentret\n\nNoter: Husk at nævne budgettet.",
        "# Dias 2\n\nTekst uden titel",
    )
