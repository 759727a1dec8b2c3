"""The project's gold set is well-formed, and the gold checks catch typical mistakes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.gold import TYPES, GoldFileError, check_gold_file, load_gold, validate_gold

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "evals" / "gold" / "gold.jsonl"
CORPUS = ROOT / "data" / "reports"

REPORT = "Studieturen gik til Boston og New York City.\nVi mødte be-\nskæftigelsesforvaltningen i Yonkers.\n"


def _item(item_id: str, quote: str, **extra: object) -> dict:
    item = {
        "id": item_id,
        "question": "Hvor gik turen hen?",
        "lang": "da",
        "type": "fact",
        "answer": "Til Boston og New York City.",
        "key_facts": ["Boston"],
        "evidence": [{"doc": "r.txt", "quote": quote}],
    }
    return item | extra


def _write(tmp_path: Path, rows: list[dict]) -> tuple[Path, Path]:
    corpus = tmp_path / "reports"
    corpus.mkdir()
    (corpus / "r.txt").write_text(REPORT, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return gold, corpus


@pytest.fixture(scope="module")
def items():
    return load_gold(GOLD)


@pytest.mark.parametrize("path", sorted(GOLD.parent.glob("*.jsonl")), ids=lambda path: path.name)
def test_project_gold_files_validate(path):
    assert validate_gold(load_gold(path), CORPUS) == []


def test_project_gold_coverage(items):
    assert len(items) >= 60
    assert {item.type for item in items} == set(TYPES)
    assert sum(item.lang == "en" for item in items) >= 10
    assert sum(item.type == "unanswerable" for item in items) >= 6
    covered = {ev.doc for item in items for ev in item.evidence}
    assert covered == {path.name for path in CORPUS.glob("*.txt")}


def test_quote_spanning_line_breaks_is_accepted(tmp_path):
    gold, corpus = _write(tmp_path, [_item("ok", "Boston og New York City. Vi mødte be- skæftigelsesforvaltningen")])
    assert validate_gold(load_gold(gold), corpus) == []


def test_made_up_quote_and_duplicate_id_are_reported(tmp_path):
    rows = [
        _item("dup", "Studieturen gik til Boston og New York City."),
        _item("dup", "Studieturen gik til Boston og New York City."),
        _item("invented", "Studieturen gik til Chicago og Washington DC."),
    ]
    gold, corpus = _write(tmp_path, rows)
    problems = validate_gold(load_gold(gold), corpus)
    assert any(p.startswith("dup: duplicate id") for p in problems)
    assert any(p.startswith("invented: quote not found in r.txt") for p in problems)
    assert len(problems) == 2


def test_shape_lang_type_doc_and_key_fact_problems_are_reported(tmp_path):
    rows = [
        _item("na", "Studieturen gik til Boston og New York City.", type="unanswerable"),
        _item("lang", "Studieturen gik til Boston og New York City.", lang="de", type="trivia"),
        _item("doc", "Studieturen gik til Boston og New York City.", evidence=[{"doc": "x.txt", "quote": "q" * 40}]),
        _item("fact", "Studieturen gik til Boston og New York City.", key_facts=["Chicago"]),
        _item("bare", "Studieturen gik til Boston og New York City.", key_facts=[], evidence=[]),
    ]
    gold, corpus = _write(tmp_path, rows)
    problems = "\n".join(validate_gold(load_gold(gold), corpus))
    assert "na: unanswerable item must have no key_facts and no evidence" in problems
    assert "lang: lang 'de'" in problems and "lang: type 'trivia'" in problems
    assert "doc: unknown doc 'x.txt'" in problems
    assert "fact: key fact not in any evidence document: 'Chicago'" in problems
    assert "bare: answerable item has no evidence" in problems
    assert "bare: answerable item has no key_facts" in problems


def test_bad_json_names_file_and_line(tmp_path):
    gold, _ = _write(tmp_path, [_item("ok", "Studieturen gik til Boston og New York City.")])
    gold.write_text(gold.read_text(encoding="utf-8") + '{"id": "broken",\n', encoding="utf-8")
    with pytest.raises(GoldFileError, match=rf"{gold.name}:2: invalid JSON"):
        load_gold(gold)


def test_missing_field_names_file_line_and_field(tmp_path):
    row = _item("ok", "Studieturen gik til Boston og New York City.")
    del row["answer"]
    gold, _ = _write(tmp_path, [row])
    with pytest.raises(GoldFileError, match=rf"{gold.name}:1: invalid gold item \(answer: Field required\)"):
        load_gold(gold)


LONG_REPORT = "Indledning.\n" + " ".join(f"Sætning nummer {n} om beskæftigelse i Boston." for n in range(40)) + "\n"


def _long_corpus(tmp_path: Path, rows: list[dict]) -> tuple[Path, Path]:
    gold, corpus = _write(tmp_path, rows)
    (corpus / "r.txt").write_text(LONG_REPORT, encoding="utf-8")
    return gold, corpus


def test_long_quotes_are_valid_and_only_very_long_ones_warned_about(tmp_path):
    text = " ".join(LONG_REPORT.split())
    start = text.index("Sætning nummer 0")
    rows = [
        _item("q260", text[start : start + 260], key_facts=["Boston"]),
        _item("q271", text[start : start + 271], key_facts=["Boston"]),
        _item("q900", text[start : start + 900], key_facts=["Boston"]),
    ]
    gold, corpus = _long_corpus(tmp_path, rows)
    check = check_gold_file(gold, corpus)
    assert check.errors == []
    assert [item.id for item in check.items] == ["q260", "q271", "q900"]
    assert len(check.warnings) == 1 and check.warnings[0].startswith("line 3 (q900): quote in r.txt has 900")


def test_errors_are_given_by_line_and_every_line_is_checked(tmp_path):
    good = _item("ok", "Studieturen gik til Boston og New York City.")
    rows = [
        good,
        good | {"id": "typed", "key_facts": "Boston"},
        good,
        good | {"id": "lost", "evidence": [{"doc": "r.txt", "quote": "Studieturen gik til Chicago."}]},
    ]
    gold, corpus = _write(tmp_path, rows)
    gold.write_text(gold.read_text(encoding="utf-8") + "\n{not json\n", encoding="utf-8")
    check = check_gold_file(gold, corpus)
    assert [e.split(":")[0].split(" (")[0] for e in check.errors] == ["line 2", "line 3", "line 4", "line 6"]
    text = "\n".join(check.errors)
    assert "line 2: invalid gold item (key_facts: Input should be a valid list)" in text
    assert "line 3: ok: duplicate id (also on line 1)" in text
    assert "line 4 (lost): quote not found in r.txt" in text
    assert "line 6: invalid JSON" in text


def test_a_number_where_text_belongs_is_an_error(tmp_path):
    gold, corpus = _write(tmp_path, [_item("ok", "Studieturen gik til Boston og New York City.") | {"id": 7}])
    assert check_gold_file(gold, corpus).errors == ["line 1: invalid gold item (id: Input should be a valid string)"]
