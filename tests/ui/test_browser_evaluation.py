"""The Evaluering tab in a real browser: upload a gold file, run it, compare two configurations, review the answers
and save the judgements as gold items, with no console errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from assistant.service import Assistant
from evals.suite import DEFAULT_GOLD

pytestmark = pytest.mark.browser


def test_upload_run_compare_and_review(tab: Any, sample_url: str, sample_assistant: Assistant, tmp_path: Path) -> None:
    gold = tmp_path / "staff.jsonl"
    gold.write_text("\n".join(DEFAULT_GOLD.read_text(encoding="utf-8").splitlines()[2:4]) + "\n", encoding="utf-8")
    first = json.loads(gold.read_text(encoding="utf-8").splitlines()[0])
    page = tab.page
    page.goto(sample_url)
    page.get_by_role("tab", name="Evaluering").click()

    page.locator("#gold-upload input[type=file]").set_input_files(str(gold))
    expect(page.locator("#gold-check")).to_contain_text("staff.jsonl: 2 spørgsmål, gyldig")
    tab.shot("uploaded")

    page.locator("#run-eval").click()
    expect(page.locator("#eval-status")).to_contain_text("2 spørgsmål", timeout=180_000)
    expect(page.locator("#eval-intervals")).to_contain_text("hit@5")
    links = page.locator("#eval-downloads").get_by_role("link")
    expect(links).to_have_count(3)
    report = page.request.get(links.nth(1).get_attribute("href") or "")
    assert report.ok and "<h1>Studietur evaluation</h1>" in report.text()
    tab.shot("run")

    page.locator("#mode-B input").click()
    page.get_by_role("option", name="bm25", exact=True).click()
    page.locator("#compare-eval").click()
    expect(page.locator("#eval-status")).to_contain_text("B:", timeout=180_000)
    comparison = page.locator("#eval-comparison")
    expect(comparison).to_contain_text("mrr@10")
    expect(comparison).to_contain_text("A − B (parret)")
    tab.shot("compared")

    expect(page.locator("#review-answer")).to_contain_text(first["question"])
    page.locator("#review-verdict").get_by_label("Korrekt").check()
    page.locator("#review-note textarea").fill("Svaret er rigtigt.")
    page.locator("#review-facts textarea").fill("Greyston")
    page.locator("#review-add").click()
    expect(page.locator("#review-table")).to_contain_text("Korrekt")
    page.locator("#review-save").click()
    expect(page.locator("#review-status")).to_contain_text("1 guldemner gemt")
    tab.shot("reviewed")

    saved = sample_assistant.settings.paths.index_dir / "review" / "review-gold.jsonl"
    [item] = [json.loads(line) for line in saved.read_text(encoding="utf-8").splitlines()]
    assert item["key_facts"] == ["Greyston"] and item["id"].startswith("rv-")
    judged = (saved.parent / "review-judgements.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(judged[-1])["id"] == first["id"] and json.loads(judged[-1])["verdict"] == "correct"
    assert tab.errors == []
