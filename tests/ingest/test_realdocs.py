"""Real files written by other people (tests/fixtures/realdocs, sources in its SOURCES.tsv): each kind ingest once
refused or misread is now read, or refused with a reason that says what to do."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ingest.config import IngestSettings
from ingest.loaders import load_document
from ingest.prepare import prepare_document
from studietur.core.errors import DocumentError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "realdocs"
SETTINGS = IngestSettings()


def _load(name: str):  # noqa: ANN202 - a LoadedDocument
    return load_document(FIXTURES / name, SETTINGS)


def _refusal(name: str) -> str:
    with pytest.raises(DocumentError) as info:
        _load(name)
    return info.value.reason


def test_every_fixture_has_its_source_and_licence() -> None:
    with (FIXTURES / "SOURCES.tsv").open(encoding="utf-8") as rows:
        sources = {row["file"]: row for row in csv.DictReader(rows, delimiter="\t")}
    files = {p.name for p in FIXTURES.iterdir() if p.name not in ("SOURCES.tsv", "README.md")}
    assert files == set(sources)
    assert all(row["licence"] and row["source_repo"] and len(row["commit"]) == 40 for row in sources.values())


def test_html_with_unclosed_head_keeps_its_body() -> None:
    loaded = _load("fake-html-with-duplicate-elements.html")
    lines = loaded.text.split("\n")
    assert lines.count("# Example heading.") == 2
    assert "This is a span. This is another span." in lines
    assert "Simple Nested HTML" not in loaded.text  # the <title> stays out, as before


def test_word_style_page_with_unclosed_head_keeps_headings_lists_and_tables(tmp_path: Path) -> None:
    markup = (
        "<html><head><meta charset='utf-8'><title>Kravspecifikation</title><style>p {margin: 0}</style>\n"
        "<body><h1>Kravspecifikation for jobcentrets sagssystem</h1><p>Systemet skal understøtte kontaktforløb.</p>"
        "<h2>Krav</h2><ul><li>Journalnotater gemmes straks.</li><li>Adgang logges.</li></ul>"
        "<table><tr><th>Krav</th><th>Prioritet</th></tr><tr><td>Krav 1</td><td>Høj</td></tr></table></body></html>"
    )
    path = tmp_path / "spec.html"
    path.write_text(markup, encoding="utf-8")
    lines = load_document(path, SETTINGS).text.split("\n")
    assert "# Kravspecifikation for jobcentrets sagssystem" in lines and "## Krav" in lines
    assert "- Journalnotater gemmes straks." in lines and "- Adgang logges." in lines
    assert "Krav 1\tHøj" in lines
    assert "margin" not in "\n".join(lines)


@pytest.mark.parametrize(
    ("name", "encoding", "phrase"),
    [
        ("fake-text-utf-16-le.txt", "utf-16-le", "This is a test document to use for unit tests."),
        ("fake-text-utf-16-be.txt", "utf-16-be", "This is a test document to use for unit tests."),
        ("testTXT_win-1252.txt", "cp1252", "These smart quotes are the trigger for CharsetRecog_sbcs"),
        ("umlauts-non-utf8.md", "cp1252", "können"),
        ("russian.cp866.txt", "cp866", "Однажды, в студеную зимнюю пору"),
    ],
)
def test_encodings_are_detected_and_recorded(name: str, encoding: str, phrase: str) -> None:
    loaded = _load(name)
    assert phrase in loaded.text
    assert loaded.encoding in (encoding, "cp1125") if encoding == "cp866" else loaded.encoding == encoding


def test_detected_encoding_reaches_the_prepared_document() -> None:
    prepared = prepare_document(FIXTURES / "fake-text-utf-16-le.txt", SETTINGS, lambda text: len(text.split()))
    assert prepared.encoding == "utf-16-le" and prepared.chunks


def test_aes_pdf_with_empty_password_is_read() -> None:
    loaded = _load("copy-protected.pdf")
    assert loaded.kind == "pdf" and len(loaded.pages) > 1
    assert "the" in loaded.text.split() and not loaded.ocr_pages


def test_pdf_with_a_user_password_is_refused_with_a_reason() -> None:
    assert "password-protected" in _refusal("testUnicodePassword.pdf")


def test_encrypted_xlsx_is_refused_as_password_protected() -> None:
    assert "XLSX is password-protected" in _refusal("password_protected.xlsx")


def test_pptx_slides_are_pages_with_their_titles_as_headings() -> None:
    loaded = _load("sample-presentation.pptx")
    assert loaded.kind == "pptx" and len(loaded.pages) == 4
    assert loaded.pages[1].split("\n")[0] == "# This is the first content slide"
    assert "- And a list of bulleted information" in loaded.pages[1]
    assert "Table\tA\tB\tC" in loaded.pages[3].split("\n")


def test_pptx_sections_are_slide_titles() -> None:
    prepared = prepare_document(FIXTURES / "sample-presentation.pptx", SETTINGS, lambda text: len(text.split()))
    assert prepared.title == "Title Slide"
    pages = {chunk.section: chunk.page for chunk in prepared.chunks}
    assert pages == {
        "This is the first content slide": 1,  # the title slide is small: it joins the next slide's chunk
        "This is the second content slide": 3,
        "This is kinda backwards, huh?": 4,
    }
    table = next(chunk for chunk in prepared.chunks if chunk.page == 4)
    assert "Table: 1 | A: A1 | B: B1 | C: C1" in table.text


def test_pptx_table_rows_become_header_value_lines() -> None:
    prepared = prepare_document(FIXTURES / "fake-power-point-table.pptx", SETTINGS, lambda text: len(text.split()))
    (chunk,) = prepared.chunks
    assert prepared.title == "A Slide with a Table" and chunk.page == 1
    assert "Column 1: Red | Column 2: Green | Column 3: Blue" in chunk.text


def test_xlsx_sheets_are_sections_and_rows_header_value_lines() -> None:
    # Sections this small are merged into a neighbour by default (chunking.min_tokens); here each stays its own.
    settings = IngestSettings.model_validate({"chunking": {"min_tokens": 0}})
    prepared = prepare_document(FIXTURES / "stanley-cups.xlsx", settings, lambda text: len(text.split()))
    by_section = {chunk.section.split(" › ")[0]: chunk.text for chunk in prepared.chunks}
    assert prepared.title == "stanley-cups"
    assert set(by_section) == {"Stanley Cups", "Stanley Cups Since 67"}
    assert "Team: Maple Leafs | Location: TOR | Stanley Cups: 13" in by_section["Stanley Cups"]
    assert "Team: Maple Leafs | Location: TOR | Stanley Cups: 0" in by_section["Stanley Cups Since 67"]
