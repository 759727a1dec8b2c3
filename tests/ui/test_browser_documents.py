"""The Dokumenter tab in a real browser: upload a DOCX, ask about it, delete it (on its own index); the table and
Gradio's own texts (in Danish) over the sample index."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
import pytest
from helpers import make_settings, run_ingest
from playwright.sync_api import expect

from assistant.service import Assistant
from vectorstore.embedder import Embedder

pytestmark = pytest.mark.browser

SMALL_REPORT = "002_4b34b2f1d849fae7.txt"  # 17 chunks: a real neighbour for the upload, cheap to embed
TITLE = "Testrapport fra studieturen til Ærøskøbing 2031"
STORED_NAME = "Ærøskøbing_rapport.docx"


def _make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading(TITLE, level=1)
    document.add_paragraph("Udvalget besøgte den lille by på Ærø for at se på ny teknologi i lokale virksomheder.")
    document.add_heading("Kvantelaboratoriet", level=2)
    document.add_paragraph(
        "Testbyen Ærøskøbing har et kvantelaboratorium, hvor tolv lokale borgere arbejder med kvantecomputere. "
        "Laboratoriet blev åbnet i 2030 af borgmesteren."
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def test_upload_ask_and_delete(tab: Any, serve_app: Any, tmp_path: Path, corpus_copy: Path, embedder: Embedder) -> None:
    bot = Assistant.open(make_settings(tmp_path, corpus=corpus_copy), embedder=embedder)
    run_ingest(bot, [corpus_copy / SMALL_REPORT])
    upload = _make_docx(tmp_path / "upload" / "Ærøskøbing rapport.docx")
    page = tab.page
    with serve_app(bot) as url:
        page.goto(url)
        page.get_by_role("tab", name="Dokumenter").click()
        table = page.locator("#documents-table")
        expect(table).to_contain_text(SMALL_REPORT)
        tab.shot("documents")

        page.locator("#upload input[type=file]").set_input_files(str(upload))
        expect(page.locator("#documents-status")).to_contain_text(f"{STORED_NAME}: tilføjet")
        expect(table).to_contain_text(STORED_NAME)
        expect(table).to_contain_text(TITLE)
        assert (corpus_copy / STORED_NAME).is_file()
        tab.shot("uploaded")

        page.get_by_role("tab", name="Chat").click()
        page.locator("#question textarea").fill("Hvilket laboratorium har Testbyen Ærøskøbing?")
        page.locator("#question textarea").press("Enter")
        expect(page.locator("#chat .msg-answer")).to_contain_text("kvantelaboratorium")
        expect(page.locator("#sources .source-card .source-title", has_text=TITLE).first).to_be_visible()
        tab.shot("answer-from-upload")

        page.get_by_role("tab", name="Dokumenter").click()
        page.locator("#delete-choice input").click()
        page.get_by_role("option", name=STORED_NAME, exact=False).click()
        page.once("dialog", lambda dialog: dialog.accept())
        page.locator("#delete").click()
        expect(page.locator("#documents-status")).to_contain_text(f"{STORED_NAME} er slettet")
        expect(table).not_to_contain_text(STORED_NAME)
        expect(table).to_contain_text(SMALL_REPORT)
        tab.shot("deleted")

    assert not (corpus_copy / STORED_NAME).exists()
    assert [r.doc for r in bot.documents()] == [SMALL_REPORT]
    assert all(p.chunk.doc == SMALL_REPORT for p in bot.search("kvantelaboratorium Ærøskøbing", k=5))
    assert tab.errors == []


COLUMNS = ["Titel", "Fil", "År", "Type", "Passager", "Indlæst"]
TABLE_LAYOUT = """(table) => {
  const cells = [...table.querySelectorAll('th, td')];
  return {
    right: Math.max(...cells.map((cell) => cell.getBoundingClientRect().right)),
    clipped: cells.filter((cell) => cell.scrollWidth > cell.clientWidth).map((cell) => cell.textContent),
    fonts: [...new Set(cells.map((cell) => getComputedStyle(cell).fontFamily))],
    page: document.documentElement.scrollWidth,
  };
}"""


def test_documents_table_fits_a_1400_pixel_window(tab: Any, sample_url: str, sample_assistant: Assistant) -> None:
    page = tab.page
    assert page.viewport_size == {"width": 1400, "height": 1000}
    page.goto(sample_url)
    page.get_by_role("tab", name="Dokumenter").click()
    table = page.locator("#documents-table table")
    expect(table.locator("thead th")).to_have_text(COLUMNS)
    expect(table.locator("tbody tr")).to_have_count(5)
    layout = table.evaluate(TABLE_LAYOUT)
    assert layout["right"] <= 1400 and layout["page"] <= 1400, layout
    assert layout["clipped"] == [], layout
    assert not [font for font in layout["fonts"] if "mono" in font.lower()], layout
    records = sorted(sample_assistant.documents(), key=lambda r: r.doc)
    rows = [row.locator("td").all_inner_texts() for row in table.locator("tbody tr").all()]
    assert [row[1] for row in rows] == [r.doc for r in records]
    assert [row[2] for row in rows] == [str(r.year or "–") for r in records]
    assert [row[4] for row in rows] == [str(len(r.chunk_ids)) for r in records]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", row[5]) for row in rows)
    tab.shot("documents-table")
    assert tab.errors == []


@pytest.mark.parametrize("locale", ["en-US", "da-DK", "de-DE"])
def test_gradio_speaks_danish_whatever_the_browser_language(browser: Any, sample_url: str, locale: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale=locale)
    page.set_default_timeout(60_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(sample_url)
    page.get_by_role("tab", name="Dokumenter").click()
    upload = page.locator("#upload")
    expect(upload).to_contain_text("Træk filer hertil")
    expect(upload).to_contain_text("- eller -")
    expect(upload).to_contain_text("Klik for at vælge filer")
    expect(upload).not_to_contain_text("Drop File Here")
    assert page.evaluate("document.documentElement.lang") == "da"

    page.get_by_role("tab", name="Chat").click()
    page.locator("#question textarea").fill("Hvad er Greyston Bakerys motto?")
    page.locator("#question textarea").press("Enter")
    expect(page.locator("#chat .msg-answer")).to_be_visible()
    expect(page.locator('#chat button[aria-label="Kopiér beskeden"]').first).to_be_visible()
    expect(page.locator('#chat button[aria-label="Godt svar"]').first).to_be_visible()
    assert page.locator('#chat [aria-label="Copy message"], #chat [aria-label="Like"]').count() == 0
    page.close()
    assert errors == []
