"""The whole pipeline on the five sample reports."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.clean import clean_text
from ingest.config import IngestSettings
from ingest.prepare import prepare_document
from studietur.core.types import PreparedDocument

REPORTS = Path(__file__).resolve().parents[2] / "data" / "reports"
SETTINGS = IngestSettings()
_prepared: dict[str, PreparedDocument] = {}


@pytest.fixture()
def prepared(count_tokens: Callable[[str], int]) -> Callable[[str], PreparedDocument]:
    def prepare(number: str) -> PreparedDocument:
        if number not in _prepared:
            (path,) = REPORTS.glob(f"{number}_*.txt")
            _prepared[number] = prepare_document(path, SETTINGS, count_tokens)
        return _prepared[number]

    return prepare


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_every_report_chunks_cleanly(
    prepared: Callable[[str], PreparedDocument],
    chunk_checker: Callable[..., None],
    count_tokens: Callable[[str], int],
    number: str,
) -> None:
    document = prepared(number)
    assert document.doc.startswith(number) and document.doc.endswith(".txt")
    assert clean_text(document.cleaned_text) == document.cleaned_text
    chunk_checker(document.cleaned_text, document.chunks, SETTINGS.chunking.max_tokens, count_tokens)
    assert all(chunk.id.startswith(document.text_hash[:16]) for chunk in document.chunks)
    assert all(chunk.doc == document.doc and chunk.doc_title == document.title for chunk in document.chunks)
    assert (
        "<b>" not in document.cleaned_text and "**" not in document.cleaned_text and "\t" not in document.cleaned_text
    )


def test_travel_report_has_one_section_per_visit_with_its_facts(prepared: Callable[[str], PreparedDocument]) -> None:
    chunks = prepared("000").chunks
    visits = {}
    for chunk in chunks:
        top = chunk.section.split(" › ")[0]
        number = re.match(r"(\d+)\. ", top)
        if number:
            visits.setdefault(int(number.group(1)), []).append(chunk)
    assert sorted(visits) == list(range(1, 13))
    for number, visit_chunks in visits.items():
        head = next(chunk for chunk in visit_chunks if "Tidspunkt: " in chunk.text)
        assert head.section == visit_chunks[0].section, number
        assert re.search(r"^Tidspunkt: \w+dag \d+/10 kl\. ", head.text, re.M), number
        assert re.search(r"^Adresse:", head.text, re.M) and re.search(r"^Eksterne: \S", head.text, re.M), number
    first = visits[1][0]
    assert first.section == "1. Møde med danske expats i Boston"
    assert (
        'Tidspunkt: Mandag 9/10 kl. 11.00 - 12.00\nAdresse: 50 Milk Street, 16 Fl, "Hyperbole", Boston, MA 02108'
        in first.text
    )
    assert any(chunk.section == "10. Greyston Bakery › Referat" for chunk in visits[10])
    assert "OPSAMLING FRA BESØG PÅ STUDIETUREN\t2" not in prepared("000").cleaned_text
    assert (
        "CITY OF BOSTON\t7" not in prepared("000").cleaned_text
        and "3. CITY OF BOSTON 7" not in prepared("000").cleaned_text
    )


def test_proposals_report_has_no_words_split_at_line_ends(prepared: Callable[[str], PreparedDocument]) -> None:
    document = prepared("002")
    assert not re.search(r"[a-zæøå]-\n[a-zæøå]", document.cleaned_text)
    assert "Der er mulighed for at kombinere en eller flere destinationer til én studietur." in document.cleaned_text
    sections = {chunk.section for chunk in document.chunks}
    assert "Oversøisk studietur › Toronto, Canada" in sections


def test_mapping_report_sections_follow_its_numbering(prepared: Callable[[str], PreparedDocument]) -> None:
    sections = {chunk.section for chunk in prepared("003").chunks}
    assert (
        "4. Medlemskaber af internationale netværk og organisationer › 4.1 Økonomiforvaltningen › 4.1.2 C40" in sections
    )
