"""The Studieture tab without a browser: its HTML is escaped, its handlers write the export files."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from assistant.service import Assistant
from studietur.catalogue.browse import CityOverview, TripVisits
from studietur.catalogue.export import VISIT_HEADER
from studietur.catalogue.model import Person, ProposedDestination, Trip, Visit
from ui.trip_render import city_html, member_label, proposals_html, timeline_html, visit_card
from ui.trips import ALL_PROPOSALS, TripHandlers

EVIL = '<img src=x onerror="alert(1)">'


def _evil_visit() -> Visit:
    return Visit(
        doc="r.txt",
        trip_title=EVIL,
        number=3,
        organisation=EVIL,
        day_text="Mandag 9/10",
        date="2023-10-09",
        time_text="10.00",
        address=EVIL,
        externals=[EVIL],
        purpose=EVIL,
        section=EVIL,
    )


def test_cards_escape_everything_from_the_reports() -> None:
    trip = Trip(doc="r.txt", title=EVIL, cities=[EVIL], year=2023, members=[Person(EVIL, "B", "formand")])
    proposal = ProposedDestination(doc="p.txt", name=EVIL, headline=EVIL, themes=[EVIL], places=[(EVIL, EVIL)])
    pages = [
        timeline_html([TripVisits(trip, (_evil_visit(),))]),
        proposals_html({"europa": [proposal]}),
        city_html(CityOverview(EVIL, (trip,), (_evil_visit(),), (proposal,))),
    ]
    for page in pages:
        assert "<img" not in page and "&lt;img src=x" in page
    card = visit_card(_evil_visit())
    assert 'class="visit-n">3<' in card and "Mandag 9/10 2023 · kl. 10.00" in card
    assert 'data-source="v-' in card
    assert member_label(Person("Anna", "B", "borgmester")) == "Anna (B), borgmester"


def _file(button: Any) -> Path:
    """The file behind a DownloadButton update (Gradio hands it back as a FileData dict)."""
    value = button.value
    return Path(value["path"] if isinstance(value, dict) else value)


def test_filter_shows_a_city_and_writes_the_exports(sample_assistant: Assistant) -> None:
    handlers = TripHandlers(sample_assistant)
    timeline, proposals, cities, choices = handlers.refresh()
    assert "Greyston Bakery" in timeline and "104 Alexander Street" in timeline
    assert "Oversøisk" in proposals and "Tallinn, Estland" in proposals
    assert "Boston" in [c[0] if isinstance(c, tuple) else c for c in cities.choices]

    overview, visits_button, proposal_button = handlers.show_filter("Boston", "CSV", ALL_PROPOSALS)
    assert "Tidligere besøg i Boston (7)" in overview and "Forslag med Boston (0)" in overview
    path = _file(visits_button)
    assert path.name == "besøg-boston.csv" and "7 besøg" in visits_button.label
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert tuple(rows[0]) == VISIT_HEADER and len(rows) == 8
    assert _file(proposal_button).read_text(encoding="utf-8-sig").count("\n") == 1  # the header only

    tallinn = next(value for label, value in choices.choices if label == "Tallinn, Estland")
    _, visits_button, proposal_button = handlers.show_filter(None, "Markdown", tallinn)
    assert "12 besøg" in visits_button.label
    text = _file(proposal_button).read_text(encoding="utf-8")
    assert text.startswith("## Tallinn, Estland") and "Tallinn, Estland" in proposal_button.label


class _Event:
    def __init__(self, ref: str) -> None:
        self.ref = ref


def test_a_source_opens_the_report_at_the_passage(sample_assistant: Assistant) -> None:
    from studietur.catalogue.browse import record_key

    greyston = sample_assistant.catalogue.find_visit("Greyston")
    assert greyston is not None
    handlers = TripHandlers(sample_assistant)
    event: Any = _Event(record_key(greyston))
    view, panel = handlers.open_source(event)
    assert 'id="passage-focus"' in view and "104 Alexander Street" in view and "besøg 10" in view
    assert panel.open is True
    gone, _ = handlers.open_source(_Event('"><script>'))  # type: ignore[arg-type]
    assert "findes ikke længere" in gone and "<script>" not in gone
