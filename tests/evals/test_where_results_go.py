"""`studietur eval` writes its report and history under the index folder (or where told), never into the source tree."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.service import Assistant
from ui.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "evals" / "gold" / "gold.jsonl"


def _status() -> str:
    done = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT, capture_output=True, text=True
    )
    return done.stdout if done.returncode == 0 else pytest.skip("not a git checkout")


def _small_gold(tmp_path: Path) -> Path:
    gold = tmp_path / "small.jsonl"
    gold.write_text("".join(GOLD.read_text(encoding="utf-8").splitlines(keepends=True)[:3]), encoding="utf-8")
    return gold


def test_eval_leaves_the_checkout_as_it_was(
    cli_env: None, sample_assistant: Assistant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.chdir(ROOT)
    before, tracked = _status(), (ROOT / "evals" / "history.jsonl").read_bytes()
    assert main(["eval", "--gold", str(_small_gold(tmp_path)), "--json"]) == 0
    assert _status() == before
    assert (ROOT / "evals" / "history.jsonl").read_bytes() == tracked
    index_dir = sample_assistant.settings.paths.index_dir
    assert (index_dir / "eval-report" / "report.md").is_file()
    assert json.loads((index_dir / "eval-history.jsonl").read_text(encoding="utf-8").splitlines()[-1])["hit@5"] >= 0


def test_history_and_report_go_where_named(cli_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    history, out = tmp_path / "mine" / "history.jsonl", tmp_path / "report"
    argv = ["eval", "--gold", str(_small_gold(tmp_path)), "--history", str(history), "--out", str(out), "--json"]
    assert main(argv) == 0 and main(argv) == 0
    assert len(history.read_text(encoding="utf-8").splitlines()) == 2
    files = json.loads(capsys.readouterr().out.splitlines()[-1])["files"]
    assert files["report.md"] == str(out / "report.md") and (out / "report.html").is_file()
