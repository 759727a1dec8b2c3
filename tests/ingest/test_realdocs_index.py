"""Scans, slides and spreadsheets in a real index: their words are found by search, with the OCR flag on scanned
pages and the slide or sheet as the section."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import make_settings
from scans import scanned_pdf

from assistant.service import Assistant
from ingest.events import IngestSummary, PageRecognised
from ui.cli.main import main
from vectorstore.embedder import Embedder

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "realdocs"
LETTER = [
    "Kære borger. Kommunen har modtaget din ansøgning om",
    "støtte til kørekort. Sagsbehandleren vender tilbage",
    "inden fjorten dage. Med venlig hilsen Jobcenter Amager",
]


@pytest.fixture(scope="module")
def office_bot(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Assistant:
    tmp = tmp_path_factory.mktemp("office")
    corpus = tmp / "corpus"
    corpus.mkdir()
    for name in ("sample-presentation.pptx", "stanley-cups.xlsx"):
        shutil.copy(FIXTURES / name, corpus / name)
    if shutil.which("tesseract"):
        (corpus / "brev.pdf").write_bytes(scanned_pdf(LETTER))
    bot = Assistant.open(make_settings(tmp, corpus=corpus), embedder=embedder)
    events = list(bot.ingest())
    summary = events[-1]
    assert isinstance(summary, IngestSummary) and summary.skipped == [], summary
    pages = [e for e in events if isinstance(e, PageRecognised)]
    assert pages == ([PageRecognised(str(corpus / "brev.pdf"), 1, 1, 1)] if shutil.which("tesseract") else [])
    return bot


def _top(bot: Assistant, query: str, doc: str):  # noqa: ANN202 - a Chunk
    return next(p.chunk for p in bot.search(query, k=5) if p.chunk.doc == doc)


def test_slide_content_is_found_with_its_slide_as_section(office_bot: Assistant) -> None:
    chunk = _top(office_bot, "sub-sub-bullet", "sample-presentation.pptx")
    assert chunk.section == "This is the first content slide" and not chunk.ocr


def test_sheet_rows_are_found_with_their_sheet_as_section(office_bot: Assistant) -> None:
    chunk = _top(office_bot, "Maple Leafs TOR Stanley Cups", "stanley-cups.xlsx")
    assert chunk.section.split(" › ")[0] in ("Stanley Cups", "Stanley Cups Since 67")
    assert "Team: Maple Leafs | Location: TOR" in chunk.text


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed (scripts/install-ocr.sh)")
def test_words_of_a_scanned_letter_are_found_by_studietur_search(
    office_bot: Assistant, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = office_bot.settings.paths
    monkeypatch.setenv("STUDIETUR_SETTINGS", str(tmp_path / "absent.yaml"))
    monkeypatch.setenv("STUDIETUR__PATHS__INDEX_DIR", str(paths.index_dir))
    monkeypatch.setenv("STUDIETUR__PATHS__MODELS_DIR", str(paths.models_dir))
    monkeypatch.setenv("STUDIETUR__PATHS__CORPUS_DIR", str(paths.corpus_dir))
    capsys.readouterr()
    assert main(["search", "kørekort sagsbehandleren", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    top = results[0]
    assert top["doc"] == "brev.pdf" and top["ocr"] is True and top["page"] == 1
    assert "kørekort" in top["text"] and "Jobcenter Amager" in top["text"]
    record = next(r for r in office_bot.documents() if r.doc == "brev.pdf")
    assert record.ocr_pages == [1]


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed (scripts/install-ocr.sh)")
def test_a_scan_is_shown_from_its_stored_chunks_not_read_again(
    office_bot: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(office_bot.settings.ingest.ocr, "enabled", False)  # reading the file again would fail
    chunks = [p.chunk for p in office_bot.search("kørekort", k=5) if p.chunk.doc == "brev.pdf"]
    text = office_bot.document_text("brev.pdf")
    assert chunks and all(text[c.char_start : c.char_end] == c.text for c in chunks)
    assert "Jobcenter Amager" in text
