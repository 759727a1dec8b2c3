"""OCR of PDF pages without a text layer by the real Tesseract (Danish model), one page per test (the scanned
pages are made by tests/scans.py, so the test knows every word they hold)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytesseract
import pytest
from scans import scanned_pdf

from ingest.config import IngestSettings, OcrSettings
from ingest.events import PageRecognised
from ingest.loaders import load_document, load_steps
from ingest.prepare import prepare_document
from studietur.core.errors import DocumentError

pytestmark = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="Tesseract is not installed (scripts/install-ocr.sh)"
)

SCANNED = [
    "Beskæftigelsesudvalget mødtes på Rådhuspladsen.",
    "Udvalget drøftede økonomien for næste år.",
    "Jobcentret i Ørestad får større ansvar.",
]
TYPED = "Første side har et tekstlag om studieturen til Aarhus."


@pytest.fixture(scope="module")
def scan_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scan") / "brev.pdf"
    path.write_bytes(scanned_pdf(SCANNED, typed_first=TYPED))
    return path


def test_page_without_text_layer_is_read_with_danish_letters(scan_path: Path) -> None:
    steps = load_steps(scan_path, IngestSettings())
    events = []
    while True:
        try:
            events.append(next(steps))
        except StopIteration as stop:
            loaded = stop.value
            break
    assert events == [PageRecognised(str(scan_path), page=2, done=1, total=1)]
    assert loaded.ocr_pages == (2,)
    assert TYPED in loaded.pages[0]
    words = set(loaded.pages[1].split())
    for word in ("Beskæftigelsesudvalget", "Rådhuspladsen.", "drøftede", "økonomien", "næste", "Ørestad"):
        assert word in words, loaded.pages[1]


def test_chunks_of_the_read_page_carry_the_ocr_flag(scan_path: Path) -> None:
    settings = IngestSettings.model_validate({"chunking": {"min_tokens": 0, "max_tokens": 40}})
    prepared = prepare_document(scan_path, settings, lambda text: len(text.split()) * 2)
    assert prepared.ocr_pages == (2,)
    flags = {chunk.page: chunk.ocr for chunk in prepared.chunks}
    assert flags == {1: False, 2: True}
    assert all(chunk.metadata()["ocr"] == chunk.ocr for chunk in prepared.chunks)


def test_ocr_turned_off_refuses_a_scan_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf(SCANNED[:1]))
    settings = IngestSettings(ocr=OcrSettings(enabled=False))
    with pytest.raises(DocumentError, match=r"OCR is off \(ingest.ocr.enabled\)"):
        load_document(path, settings)


def test_missing_tesseract_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf(SCANNED[:1]))
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-tesseract"))
    with pytest.raises(DocumentError, match=r"apt-get install tesseract-ocr tesseract-ocr-dan"):
        load_document(path, IngestSettings())


def test_missing_language_model_names_its_package(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf(SCANNED[:1]))
    settings = IngestSettings(ocr=OcrSettings(languages="dan+zzz"))
    with pytest.raises(DocumentError, match=r"no model for zzz.*tesseract-ocr-zzz"):
        load_document(path, settings)


def test_text_pages_are_kept_when_ocr_cannot_run(scan_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    loaded = load_document(scan_path, IngestSettings())
    assert TYPED in loaded.text and loaded.ocr_pages == ()


def test_real_scanned_pdf_is_read() -> None:
    path = Path(__file__).resolve().parents[1] / "fixtures" / "realdocs" / "testOCR.pdf"
    loaded = load_document(path, IngestSettings())
    assert loaded.ocr_pages == (1,)
    assert "Happy New Year 2003!" in loaded.text
