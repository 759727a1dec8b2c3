"""The CLI's JSON contracts, run in-process over the session's sample index."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.service import Assistant
from assistant.settings import MAX_K, MIN_K
from studietur.catalogue.model import DocumentCatalogue, ProposedDestination
from studietur.catalogue.store import CatalogueStore
from ui.cli.main import main


def _run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict]:
    assert main(list(argv)) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_search_json_contract(cli_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    [out] = _run_json(capsys, "search", "Greyston Bakery", "--k", "3", "--json")
    assert out["query"] == "Greyston Bakery" and len(out["results"]) == 3
    first = out["results"][0]
    assert {"rank", "doc", "title", "section", "text", "score"} <= set(first)
    assert first["rank"] == 1 and first["doc"].endswith(".txt")


def test_ask_json_contract(cli_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    [out] = _run_json(capsys, "ask", "Hvad er Greyston Bakerys motto?", "--json")
    assert {"question", "answer", "found", "citations", "timings_ms"} <= set(out)
    assert out["found"] is True and out["citations"]
    assert {"n", "doc", "title", "section", "text", "score"} <= set(out["citations"][0])
    assert all(f"[{c['n']}]" in out["answer"] for c in out["citations"])


def test_ask_batch_keeps_ids_and_order(cli_env: None, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    batch = tmp_path / "q.jsonl"
    questions = [
        {"id": "a", "question": "Hvem deltog i studieturen i 2014?"},
        {"id": 7, "question": "What is e-Estonia?"},
    ]
    batch.write_text("\n".join(json.dumps(q) for q in questions) + "\n\n", encoding="utf-8")
    out = _run_json(capsys, "ask", "--batch", str(batch), "--json")
    assert [o["id"] for o in out] == ["a", 7]
    assert all("answer" in o and "citations" in o for o in out)


def test_bad_batch_line_names_file_and_line(cli_env: None, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    batch = tmp_path / "bad.jsonl"
    batch.write_text('{"id": 1, "question": "ok?"}\nnot json\n', encoding="utf-8")
    assert main(["ask", "--batch", str(batch), "--json"]) == 2
    assert f"{batch}:2" in capsys.readouterr().err


def test_ingest_of_a_missing_path_names_it_and_fails(
    cli_env: None, capsys: pytest.CaptureFixture[str], tmp_path: Path, sample_assistant: Assistant
) -> None:
    missing = tmp_path / "not-mounted"
    assert main(["ingest", str(missing)]) == 2
    out, err = capsys.readouterr()
    assert f"no such file or folder: {missing}" in err and out == ""
    assert len(sample_assistant.documents()) == 5


def test_eval_validate_accepts_the_project_gold(cli_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    gold = Path(__file__).resolve().parents[2] / "evals" / "gold" / "gold.jsonl"
    assert main(["eval", "validate", str(gold)]) == 0
    assert "all valid" in capsys.readouterr().out


def test_eval_validate_accepts_long_quotes_and_names_bad_lines(
    cli_env: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    report = Path(__file__).resolve().parents[2] / "data" / "reports" / "000_173bfacdbf021f88.txt"
    text = " ".join(report.read_text(encoding="utf-8").split())
    start = text.index("Greyston Bakery")
    item = {"question": "Hvad er Greyston Bakery?", "lang": "da", "type": "fact", "answer": "Et bageri."}
    lines = [
        item
        | {
            "id": f"long{n}",
            "key_facts": ["Greyston"],
            "evidence": [{"doc": report.name, "quote": text[start : start + n]}],
        }
        for n in (251, 271, 450)
    ]
    gold = tmp_path / "outside.jsonl"
    gold.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    assert main(["eval", "validate", str(gold)]) == 0
    out, err = capsys.readouterr()
    assert f"{gold}: 3 items, all valid" in out
    assert f"{gold}: warning: line 3 (long450): quote in {report.name} has 450 characters" in err
    gold.write_text(gold.read_text(encoding="utf-8") + json.dumps(lines[0]) + "\n", encoding="utf-8")
    assert main(["eval", "validate", str(gold)]) == 1
    assert f"{gold}: line 4: long251: duplicate id (also on line 1)" in capsys.readouterr().out


def test_chunks_command_shows_sections(cli_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    report = Path(__file__).resolve().parents[2] / "data" / "reports" / "000_173bfacdbf021f88.txt"
    assert main(["chunks", str(report)]) == 0
    out = capsys.readouterr().out
    assert "10. Greyston Bakery" in out and "Adresse:" in out


@pytest.mark.parametrize("command", ["search", "ask"])
@pytest.mark.parametrize("k", ["0", "-3", str(MAX_K + 1), "2.5", "fem"])
def test_k_outside_the_shared_range_is_refused(capsys: pytest.CaptureFixture[str], command: str, k: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        main([command, "Greyston Bakery", "--k", k])
    assert stopped.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert f"argument --k: k (passages) must be a whole number from {MIN_K} to {MAX_K}" in err


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[str, str]:
    assert main(list(argv)) == 0
    return capsys.readouterr()


def test_a_filter_that_matches_nothing_is_named_not_blamed_on_ingest(
    cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = _run(capsys, "visits", "--city", "Atlantis", "--year", "2019")
    assert re.match(r"Ingen besøg matcher --city Atlantis --year 2019; uden filtre viser kataloget \d+ besøg", out)
    assert "Mulige værdier for --city: Boston, New York City" in out and "ingest" not in out
    out, _ = _run(capsys, "proposals", "--theme", "AI og teknik", "--scope", "europa")
    assert out.startswith("Ingen foreslåede destinationer matcher --theme 'AI og teknik' --scope europa;")
    assert "AI og tech" in out and "ingest" not in out
    assert _run(capsys, "visits", "--city", "Boston")[0].startswith("1. ")  # a filter that matches still lists


def test_an_empty_listing_in_a_file_format_explains_itself_on_stderr(
    cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    out, err = _run(capsys, "visits", "--city", "Atlantis", "--format", "csv")
    assert len(out.splitlines()) == 1 and "Ingen besøg matcher --city Atlantis" in err  # the header row only
    out, err = _run(capsys, "proposals", "--theme", "AI og teknik", "--json")
    assert json.loads(out) == [] and "--theme 'AI og teknik'" in err


def test_an_empty_catalogue_asks_for_an_ingest(
    cli_env: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("STUDIETUR__PATHS__INDEX_DIR", str(tmp_path / "index"))
    for argv in (["trips"], ["visits", "--city", "Atlantis"], ["proposals"]):
        assert _run(capsys, *argv)[0] == "Kataloget er tomt: ingen rapporter er indlæst. Kør `studietur ingest`.\n"


def test_reports_without_such_records_are_not_sent_to_ingest(
    cli_env: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("STUDIETUR__PATHS__INDEX_DIR", str(tmp_path / "index"))
    proposal = ProposedDestination(
        "forslag.txt", "Tallinn", ["Tallinn"], "Estland", "europa", themes=["digitalisering"]
    )
    CatalogueStore.for_index(tmp_path / "index").put(
        "/corpus/forslag.txt", DocumentCatalogue("forslag.txt", proposals=[proposal])
    )
    assert _run(capsys, "visits", "--city", "Boston")[0] == "Den indlæste rapport har ingen besøg.\n"
    assert _run(capsys, "trips")[0] == "Den indlæste rapport har ingen studieture.\n"
    assert _run(capsys, "proposals")[0].startswith("Tallinn")
