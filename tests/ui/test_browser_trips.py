"""The Studieture tab in a real browser over the sample reports: timeline, sources, city filter, exports."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, expect

from studietur.catalogue.export import VISIT_HEADER

pytestmark = pytest.mark.browser

GREYSTON_ADDRESS = "104 Alexander Street, Yonkers, NY 10701"


def _open_tab(tab: Any, url: str) -> None:
    page = tab.page
    page.goto(url)
    page.get_by_role("tab", name="Studieture").click()
    expect(page.locator("#trip-timeline .trip")).to_have_count(2)


def _choose(tab: Any, dropdown: str, option: str) -> None:
    page = tab.page
    page.locator(f"#{dropdown} input").click()
    page.get_by_role("option", name=option, exact=True).click()


def _download(tab: Any, button: Locator, folder: Path) -> Path:
    with tab.page.expect_download() as info:
        button.click()
    download = info.value
    path = folder / download.suggested_filename
    download.save_as(path)
    return path


def test_timeline_shows_trips_visits_and_sources(tab: Any, sample_url: str) -> None:
    page = tab.page
    _open_tab(tab, sample_url)
    trips = page.locator("#trip-timeline .trip")
    expect(trips.nth(0).locator(".trip-year")).to_have_text("2023")
    expect(trips.nth(1).locator(".trip-year")).to_have_text("2014")
    expect(trips.nth(0)).to_contain_text("Jens-Kristian Lütken (V), borgmester")
    expect(trips.nth(1)).to_contain_text("Washington DC")
    expect(trips.nth(0).locator(".visit-card")).to_have_count(12)
    card = page.locator("#trip-timeline .visit-card", has_text="Greyston Bakery")
    expect(card.locator(".visit-address")).to_contain_text(GREYSTON_ADDRESS)
    expect(card).to_contain_text("Kevin McGahren, General Manager")
    expect(card).to_contain_text("Torsdag 12/10 2023 · kl. 16.00 – 17.00")
    expect(card.locator(".visit-summary")).to_contain_text("Formålet med besøget")
    proposals = page.locator("#trip-proposals")
    expect(proposals.locator(".scope-title")).to_have_text(["Danmark", "Europa", "Oversøisk"])
    expect(proposals.locator(".proposal-card", has_text="Tallinn, Estland")).to_contain_text("AI og tech")
    tab.shot("timeline", full_page=True)

    card.locator("button.trip-source").click()
    focus = page.locator("#trip-doc-view mark#passage-focus")
    expect(focus).to_be_visible()
    expect(focus.locator("mark.support", has_text=GREYSTON_ADDRESS)).to_be_visible()
    expect(focus).to_be_in_viewport()
    expect(page.locator("#trip-doc-view .doc-meta")).to_contain_text("besøg 10")
    tab.shot("source")
    assert tab.errors == []


def test_city_filter_and_exports(tab: Any, sample_url: str, tmp_path: Path) -> None:
    page = tab.page
    _open_tab(tab, sample_url)
    expect(page.locator("#trip-city-overview")).to_contain_text("Vælg eller skriv en by")
    _choose(tab, "trip-city", "New York")
    visits = page.locator("#city-visits")
    expect(visits.locator("h3")).to_have_text("Tidligere besøg i New York (5)")
    expect(visits.locator(".visit-card", has_text="Greyston Bakery")).to_contain_text(GREYSTON_ADDRESS)
    expect(visits.locator(".city-trips")).to_contain_text("Studietur til New York og Washington DC")
    expect(page.locator("#city-proposals")).to_contain_text("Ingen foreslåede destinationer med New York")
    tab.shot("filter-new-york")

    page.locator("#trip-format").get_by_label("CSV").check()
    button = page.locator("#export-visits")
    expect(button).to_contain_text("5 besøg, CSV")
    path = _download(tab, button, tmp_path)
    assert path.name == "besøg-new-york.csv"
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert tuple(rows[0]) == VISIT_HEADER and len(rows) == 6
    assert [row[VISIT_HEADER.index("adresse")] for row in rows if row[2] == "Greyston Bakery"] == [GREYSTON_ADDRESS]

    _choose(tab, "trip-city", "Tallinn")
    expect(page.locator("#city-proposals h3")).to_have_text("Forslag med Tallinn (1)")
    expect(page.locator("#city-visits")).to_contain_text("Ingen registrerede besøg i Tallinn")
    page.locator("#trip-format").get_by_label("Markdown").check()
    _choose(tab, "trip-proposal", "Tallinn, Estland")
    button = page.locator("#export-proposal")
    expect(button).to_contain_text("Tallinn, Estland, MD")
    text = _download(tab, button, tmp_path).read_text(encoding="utf-8")
    assert text.startswith("## Tallinn, Estland\n") and "### Forslag til besøg" in text
    tab.shot("filter-tallinn")

    page.locator("#trip-clear").click()
    expect(page.locator("#trip-city-overview")).to_contain_text("Vælg eller skriv en by")
    expect(page.locator("#export-visits")).to_contain_text("12 besøg, MD")
    assert tab.errors == []
