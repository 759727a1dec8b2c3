"""Exports of the trip catalogue for a planning memo: Markdown and CSV over the sample reports' real catalogue."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from assistant.service import Assistant
from studietur.catalogue.export import (
    PROPOSAL_HEADER,
    VISIT_HEADER,
    md,
    proposal_markdown,
    proposals_csv,
    proposals_markdown,
    visits_csv,
    visits_markdown,
)
from studietur.catalogue.model import ProposedDestination, Visit
from ui.cli.main import main

GREYSTON_ADDRESS = "104 Alexander Street, Yonkers, NY 10701"


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_boston_trip_visits_as_markdown(sample_assistant: Assistant) -> None:
    visits = sample_assistant.catalogue.visits(year=2023)
    assert len(visits) == 12
    text = visits_markdown(visits, "Besøg 2023")
    assert text.startswith("# Besøg 2023\n")
    assert text.count("\n## ") == 1 and "## Studietur til Boston og New York City" in text
    assert text.count("\n### ") == 12
    assert "### 10. Greyston Bakery" in text
    assert f"- **Adresse:** {GREYSTON_ADDRESS}" in text
    assert "  - Kevin McGahren, General Manager" in text
    assert "Torsdag 12/10 (2023-10-12) kl. 16.00 – 17.00" in text


def test_boston_trip_visits_as_csv(sample_assistant: Assistant) -> None:
    rows = _rows(visits_csv(sample_assistant.catalogue.visits(year=2023)))
    assert tuple(rows[0]) == VISIT_HEADER
    assert len(rows) == 13 and all(len(row) == len(VISIT_HEADER) for row in rows)
    greyston = next(dict(zip(VISIT_HEADER, row, strict=True)) for row in rows[1:] if row[2] == "Greyston Bakery")
    assert greyston["nr"] == "10" and greyston["adresse"] == GREYSTON_ADDRESS
    assert greyston["by"] == "New York City" and greyston["dato"] == "2023-10-12"
    assert greyston["eksterne"] == "Kevin McGahren, General Manager; Christian Gomez, bager"
    assert greyston["formål"].startswith("Formålet med besøget")


def test_proposals_as_markdown_and_csv(sample_assistant: Assistant) -> None:
    proposals = sample_assistant.catalogue.proposals()
    tallinn = sample_assistant.catalogue.find_proposal("Tallinn")
    assert tallinn is not None
    text = proposal_markdown(tallinn)
    assert text.startswith("## Tallinn, Estland\n")
    assert "- **Område:** Europa" in text and "AI og tech" in text
    assert "### Forslag til besøg" in text and text.count("\n- **", text.index("### Forslag")) == len(tallinn.places)
    every = proposals_markdown(proposals)
    assert every.count("\n## ") == len(proposals) == 12

    rows = _rows(proposals_csv(proposals))
    assert tuple(rows[0]) == PROPOSAL_HEADER and len(rows) == 1 + len(proposals)
    by_name = {row[0]: dict(zip(PROPOSAL_HEADER, row, strict=True)) for row in rows[1:]}
    assert by_name["Tallinn, Estland"]["område"] == "Europa"
    assert by_name["Singapore"]["område"] == "Oversøisk"
    assert tallinn.places[0][0] in by_name["Tallinn, Estland"]["forslag til besøg"]


def test_markdown_is_escaped_and_csv_cells_are_not_formulas() -> None:
    visit = Visit(
        doc="r.txt",
        trip_title="Tur *med* [link](http://x)",
        number=1,
        organisation='=HYPERLINK("http://x")',
        address="Gade 1\nBy | 2",
        externals=["@admin", "-2+3"],
        purpose="<script>alert(1)</script> # ikke en overskrift",
    )
    text = visits_markdown([visit])
    assert "## Tur \\*med\\* \\[link\\](http://x)" in text
    assert "Gade 1 By \\| 2" in text and "\\<script\\>" in text and "<script>" not in text
    [header, row] = _rows(visits_csv([visit]))
    assert row[header.index("organisation")] == '\'=HYPERLINK("http://x")'
    assert row[header.index("eksterne")] == "'@admin; -2+3"
    assert row[header.index("adresse")] == "Gade 1 By | 2"
    assert md("002_4b34.txt") == "002_4b34.txt" and md("_x_ og *y*") == "\\_x\\_ og \\*y\\*"
    empty = ProposedDestination(doc="p.txt", name="Et sted")
    assert proposal_markdown(empty) == "## Et sted\n\n- **Kilde:** p.txt\n"
    assert visits_markdown([]).endswith("Ingen besøg.\n")


def test_cli_formats(
    sample_assistant: Assistant, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = sample_assistant.settings.paths
    monkeypatch.setenv("STUDIETUR_SETTINGS", str(tmp_path / "absent.yaml"))
    monkeypatch.setenv("STUDIETUR__PATHS__INDEX_DIR", str(paths.index_dir))
    monkeypatch.setenv("STUDIETUR__PATHS__MODELS_DIR", str(paths.models_dir))
    monkeypatch.setenv("STUDIETUR__PATHS__CORPUS_DIR", str(paths.corpus_dir))

    assert main(["visits", "--city", "New York", "--format", "csv"]) == 0
    rows = _rows(capsys.readouterr().out)
    assert tuple(rows[0]) == VISIT_HEADER and len(rows) == 1 + 5
    assert main(["visits", "--year", "2023", "--format", "md"]) == 0
    assert GREYSTON_ADDRESS in capsys.readouterr().out
    assert main(["proposals", "--scope", "oversøisk", "--format", "md"]) == 0
    assert capsys.readouterr().out.count("\n## ") == 3
    assert main(["proposals", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 12
