"""HTML of the Studieture tab: the trips timeline, visit and proposal cards, one city side by side; all escaped.

Every card has a "Vis kilden" button whose data-source names the record (a hex key, see assistant.trips); the tab's
script sends it to the server, which answers with the report opened at that passage.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from html import escape

from studietur.catalogue.browse import CityOverview, TripVisits, record_key, short_summary
from studietur.catalogue.export import SCOPE_LABELS
from studietur.catalogue.model import Person, ProposedDestination, Trip, Visit

logger = logging.getLogger(__name__)

EMPTY_CATALOGUE = "Kataloget er tomt: indlæs rejserapporterne under Dokumenter."


def timeline_html(groups: Sequence[TripVisits]) -> str:
    """Past trips, newest first, each with its participants and visit cards."""
    if not groups:
        return _empty(EMPTY_CATALOGUE)
    return f'<div class="trip-timeline">{"".join(_trip_html(group) for group in groups)}</div>'


def _trip_html(group: TripVisits) -> str:
    trip = group.trip
    cards = "".join(visit_card(visit) for visit in group.visits)
    if not cards:
        cards = _empty("Rapporten har ingen nummererede besøg; spørg i chatten om turens indhold.")
    return (
        f'<section class="trip">'
        f'<div class="trip-head"><span class="trip-year">{escape(str(trip.year or ""))}</span>'
        f'<span class="trip-title">{escape(trip.title)}</span></div>'
        f'<div class="trip-meta">{_join([trip_dates(trip), ", ".join(trip.cities), trip.doc])}</div>'
        f"{_people_html(trip)}"
        f'<div class="card-grid">{cards}</div></section>'
    )


def trip_dates(trip: Trip) -> str:
    if trip.date_text:
        return trip.date_text
    if trip.start_date:
        return f"{trip.start_date} – {trip.end_date}" if trip.end_date else trip.start_date
    return str(trip.year or "")


def _people_html(trip: Trip) -> str:
    rows = []
    if trip.members:
        rows.append(_people_row("Udvalget", [member_label(p) for p in trip.members]))
    if trip.officials:
        rows.append(_people_row("Forvaltningen", [official_label(p) for p in trip.officials]))
    return f'<div class="trip-people">{"".join(rows)}</div>' if rows else ""


def _people_row(label: str, names: Sequence[str]) -> str:
    return f'<div><span class="people-label">{escape(label)}:</span> {escape("; ".join(names))}</div>'


def member_label(person: Person) -> str:
    """'Jens-Kristian Lütken (V), borgmester'."""
    name = f"{person.name} ({person.party})" if person.party else person.name
    return f"{name}, {person.role}" if person.role else name


def official_label(person: Person) -> str:
    return f"{person.name}, {person.role}" if person.role else person.name


def visit_card(visit: Visit) -> str:
    number = f'<span class="visit-n">{visit.number}</span>' if visit.number is not None else ""
    year = visit.date[:4] if visit.year else ""
    day = " ".join(part for part in (visit.day_text or visit.date, year if visit.day_text else "") if part)
    when = _join([day, f"kl. {visit.time_text}" if visit.time_text else ""])
    address = (
        f'<div class="visit-address"><span class="card-label">Adresse:</span> {escape(visit.address)}</div>'
        if visit.address
        else ""
    )
    people = "".join(f"<li>{escape(person)}</li>" for person in visit.externals)
    people = f'<ul class="visit-people">{people}</ul>' if people else ""
    summary = (
        f'<p class="visit-summary" title="{escape(visit.purpose)}">{escape(short_summary(visit.purpose))}</p>'
        if visit.purpose
        else ""
    )
    source = _source_button(record_key(visit), visit.section or visit.organisation)
    return (
        f'<article class="trip-card visit-card">'
        f'<div class="card-head">{number}<span class="visit-org">{escape(visit.organisation)}</span></div>'
        f'<div class="card-meta">{when}</div>{address}{people}{summary}{source}</article>'
    )


def proposals_html(groups: dict[str, list[ProposedDestination]]) -> str:
    """Proposed destinations under Danmark, Europa and Oversøisk."""
    if not groups:
        return _empty("Ingen foreslåede destinationer i kataloget.")
    sections = [
        f'<section class="scope"><h3 class="scope-title">{escape(SCOPE_LABELS.get(scope, scope or "Andre"))}</h3>'
        f'<div class="card-grid">{"".join(proposal_card(p) for p in found)}</div></section>'
        for scope, found in groups.items()
    ]
    return f'<div class="proposal-groups">{"".join(sections)}</div>'


def proposal_card(proposal: ProposedDestination) -> str:
    themes = "".join(f'<span class="theme">{escape(theme)}</span>' for theme in proposal.themes)
    places = "".join(
        f"<li><b>{escape(place)}</b>" + (f" – {escape(about)}" if about else "") + "</li>"
        for place, about in proposal.places
    )
    return (
        f'<article class="trip-card proposal-card">'
        f'<div class="card-head"><span class="proposal-name">{escape(proposal.label)}</span></div>'
        f'<div class="card-meta">{escape(proposal.headline)}</div>'
        f'<div class="themes">{themes}</div>'
        + (f'<ul class="places">{places}</ul>' if places else "")
        + f"{_source_button(record_key(proposal), proposal.name)}</article>"
    )


def city_html(overview: CityOverview | None) -> str:
    """Past visits to one city beside the destinations proposed with it."""
    if overview is None or not overview.city:
        return _empty("Vælg eller skriv en by for at se tidligere besøg og forslag side om side.")
    city = escape(overview.city)
    trips = ""
    if overview.trips:
        names = "; ".join(f"{trip.title} ({trip_dates(trip)})" for trip in overview.trips)
        trips = f'<div class="city-trips">Studieture hertil: {escape(names)}</div>'
    visits = "".join(visit_card(v) for v in overview.visits) or _empty(f"Ingen registrerede besøg i {overview.city}.")
    proposals = "".join(proposal_card(p) for p in overview.proposals) or _empty(
        f"Ingen foreslåede destinationer med {overview.city}."
    )
    return (
        f'<div class="city-overview">'
        f'<div class="city-col" id="city-visits"><h3>Tidligere besøg i {city} ({len(overview.visits)})</h3>'
        f"{trips}{visits}</div>"
        f'<div class="city-col" id="city-proposals"><h3>Forslag med {city} ({len(overview.proposals)})</h3>'
        f"{proposals}</div></div>"
    )


def _source_button(key: str, what: str) -> str:
    return (
        f'<button type="button" class="trip-source" data-source="{escape(key)}" '
        f'title="Åbn rapporten ved passagen om {escape(what)}">Vis kilden i rapporten →</button>'
    )


def _join(parts: Sequence[str]) -> str:
    return " · ".join(escape(part) for part in parts if part)


def _empty(text: str) -> str:
    return f'<div class="sources-empty">{escape(text)}</div>'


# --- front-end assets -------------------------------------------------------------------------

# Runs when a panel of cards mounts: a click on "Vis kilden" asks the server for that record's passage.
SOURCE_JS = """
element.addEventListener('click', (event) => {
  const button = event.target.closest('[data-source]');
  if (!button) return;
  event.preventDefault();
  trigger('click', {ref: button.dataset.source});
});
"""

# Runs when the tab's document view mounts and on every later document: scroll the passage into view.
DOCUMENT_JS = """
const reveal = (tries) => {
  const focus = document.querySelector('#trip-doc-view #passage-focus');
  if (!focus) return;
  if (focus.getClientRects().length === 0) { if (tries < 40) setTimeout(() => reveal(tries + 1), 50); return; }
  focus.scrollIntoView({block: 'center'});
};
const panel = document.getElementById('trip-doc-view') || element;
new MutationObserver(() => reveal(0)).observe(panel, {childList: true, subtree: true, characterData: true});
watch('value', () => reveal(0));
reveal(0);
"""

CSS = """
.trip {border-left: 3px solid #0b5cad; padding: 4px 0 12px 14px; margin-bottom: 18px;}
.trip-head {display: flex; gap: 10px; align-items: baseline;}
.trip-year {font-weight: 700; font-size: 1.2em; color: #0b5cad;}
.trip-title {font-weight: 600; font-size: 1.05em;}
.trip-meta, .card-meta {color: #57606a; font-size: 0.88em;}
.trip-people {font-size: 0.88em; margin: 6px 0;}
.people-label {font-weight: 600;}
.card-grid {display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 10px; margin-top: 8px;}
.trip-card {border: 1px solid #d0d7de; border-radius: 8px; padding: 10px; background: #fff; color: #1f2328; font-size: 0.9em; margin-bottom: 10px;}
.card-grid .trip-card {margin-bottom: 0;}
.card-head {font-weight: 600; margin-bottom: 2px;}
.visit-n {display: inline-block; min-width: 1.6em; margin-right: 6px; padding: 0 5px; border-radius: 10px; background: #0b5cad; color: #fff; text-align: center;}
.visit-address {margin-top: 4px;}
.card-label {color: #57606a;}
.visit-people, .places {margin: 4px 0 0 1.1em; padding: 0; color: #1f2328;}
.visit-summary {margin: 6px 0 0; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden;}
.themes {margin-top: 4px;}
.theme {display: inline-block; margin: 2px 4px 2px 0; padding: 0 6px; border-radius: 10px; background: #ddf4ff; color: #0b5cad; font-size: 0.85em;}
.scope-title {margin: 12px 0 4px;}
button.trip-source {margin-top: 6px; padding: 0; border: none; background: none; color: #0b5cad; font-size: 0.85em; cursor: pointer;}
button.trip-source:hover, button.trip-source:focus {text-decoration: underline;}
.city-overview {display: grid; grid-template-columns: 1fr 1fr; gap: 16px;}
.city-trips {font-size: 0.88em; color: #57606a; margin-bottom: 8px;}
"""
