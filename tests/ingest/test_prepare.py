"""prepare_document on generated PDF and DOCX files: pages, page furniture, metadata and errors."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.config import ChunkSettings, IngestSettings
from ingest.prepare import prepare_document
from studietur.core.errors import DocumentError

SETTINGS = IngestSettings()


def test_pdf_pages_are_cleaned_and_mapped(write_pdf: Callable[..., Path], count_tokens: Callable[[str], int]) -> None:
    pages = [
        [
            "Københavns Kommune – Notat",
            "Rejserapport fra studieturen til Tallinn",
            "Udvalget besøgte e-Estonia og drøftede be-",
            "skæftigelse i en digital stat.",
            "1",
        ],
        [
            "Københavns Kommune – Notat",
            "Referat",
            "Estland har en gennemdigitaliseret offentlig sektor, og EU-",
            "Støtte har hjulpet mange startups.",
            "2",
        ],
        [
            "Københavns Kommune – Notat",
            "Opfølgning",
            "Forvaltningen følger op med et notat til udvalget i marts 2024.",
            "3",
        ],
    ]
    per_section = IngestSettings(chunking=ChunkSettings(min_tokens=0))
    document = prepare_document(write_pdf("tallinn.pdf", pages), per_section, count_tokens)
    text = document.cleaned_text
    assert document.doc == "tallinn.pdf"
    assert document.title == "Rejserapport fra studieturen til Tallinn"
    assert document.doc_type == "rejserapport"
    assert document.text_hash == hashlib.sha256(text.encode()).hexdigest()
    assert "Københavns Kommune – Notat" not in text, "a header on every page is furniture"
    assert "drøftede beskæftigelse i en digital stat." in text and "EU-Støtte" in text
    assert not any(line.strip() in {"1", "2", "3"} for line in text.split("\n"))
    assert [(chunk.section, chunk.page) for chunk in document.chunks] == [("", 1), ("Referat", 2), ("Opfølgning", 3)]
    for chunk in document.chunks:
        assert text[chunk.char_start : chunk.char_end] == chunk.text


def test_docx_is_prepared_with_its_headings(
    write_docx: Callable[[str], Path], count_tokens: Callable[[str], int]
) -> None:
    document = prepare_document(write_docx("tallinn.docx"), SETTINGS, count_tokens)
    assert document.title == "Rejserapport fra studieturen til Tallinn"
    assert "Tidspunkt: Mandag 9/10 kl. 11.00 - 12.00" in document.cleaned_text
    assert all(chunk.page is None for chunk in document.chunks)
    assert any(chunk.section.startswith("Program") for chunk in document.chunks)


def test_bad_files_raise_document_error(tmp_path: Path, count_tokens: Callable[[str], int]) -> None:
    (tmp_path / "numbers.txt").write_text("1\n\n2\n\n3\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="no text is left"):
        prepare_document(tmp_path / "numbers.txt", SETTINGS, count_tokens)
    (tmp_path / "slides.ppt").write_bytes(b"PK")
    with pytest.raises(DocumentError, match="not supported"):
        prepare_document(tmp_path / "slides.ppt", SETTINGS, count_tokens)
    (tmp_path / "slides.pptx").write_bytes(b"PK")
    with pytest.raises(DocumentError, match="not a valid PPTX"):
        prepare_document(tmp_path / "slides.pptx", SETTINGS, count_tokens)
