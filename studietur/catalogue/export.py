"""Visits and proposed destinations as Markdown or CSV, for a planning memo (the UI's export and the CLI).

Markdown escapes the characters that would change its layout; CSV has one row per record, multi-valued fields
joined by "; ", and cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterable, Sequence

from studietur.catalogue.model import ProposedDestination, Visit

logger = logging.getLogger(__name__)

VISIT_HEADER = (
    "tur",
    "nr",
    "organisation",
    "by",
    "dag",
    "dato",
    "tid",
    "adresse",
    "eksterne",
    "formål",
    "dokument",
    "afsnit",
)
PROPOSAL_HEADER = ("destination", "land", "område", "overskrift", "temaer", "byer", "forslag til besøg", "dokument")
SCOPE_LABELS = {"danmark": "Danmark", "europa": "Europa", "oversøisk": "Oversøisk"}

# Underscores inside a word ("002_4b34.txt") are text in CommonMark; only those at a word edge need escaping.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<>|#]|(?<!\w)_|_(?!\w))")
_FORMULA_START = ("=", "+", "-", "@")


def md(text: str) -> str:
    """One line of Markdown that shows `text` as written: whitespace collapsed, layout characters escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def visits_markdown(visits: Sequence[Visit], title: str = "Besøg") -> str:
    """The visits grouped by trip, in the given order: one section per visit with its facts."""
    lines = [f"# {md(title)}", ""]
    if not visits:
        return "\n".join([*lines, "Ingen besøg.", ""])
    trip = None
    for visit in visits:
        if visit.trip_title != trip:
            trip = visit.trip_title
            lines += [f"## {md(trip or 'Ukendt tur')}", ""]
        lines += _visit_lines(visit)
    return "\n".join(lines)


def _visit_lines(visit: Visit) -> list[str]:
    number = f"{visit.number}. " if visit.number is not None else ""
    lines = [f"### {md(number + visit.organisation)}", ""]
    when = " ".join(part for part in (visit.day_text, visit.date and f"({visit.date})") if part)
    facts = (
        ("By", visit.city),
        ("Tidspunkt", " kl. ".join(part for part in (when, visit.time_text) if part)),
        ("Adresse", visit.address),
        ("Kilde", " · ".join(part for part in (visit.doc, visit.section) if part)),
    )
    lines += [f"- **{label}:** {md(value)}" for label, value in facts if value]
    if visit.externals:
        lines.append("- **Eksterne deltagere:**")
        lines += [f"  - {md(person)}" for person in visit.externals]
    if visit.purpose:
        lines += ["", md(visit.purpose)]
    return [*lines, ""]


def visits_csv(visits: Iterable[Visit]) -> str:
    rows = (
        (
            visit.trip_title,
            "" if visit.number is None else str(visit.number),
            visit.organisation,
            visit.city,
            visit.day_text,
            visit.date,
            visit.time_text,
            visit.address,
            "; ".join(visit.externals),
            visit.purpose,
            visit.doc,
            visit.section,
        )
        for visit in visits
    )
    return _csv(VISIT_HEADER, rows)


def proposal_markdown(proposal: ProposedDestination) -> str:
    """One proposed destination: its headline, themes, cities and the places suggested there."""
    lines = [f"## {md(proposal.label)}", ""]
    facts = (
        ("Område", SCOPE_LABELS.get(proposal.scope, proposal.scope)),
        ("Overskrift", proposal.headline),
        ("Temaer", ", ".join(proposal.themes)),
        ("Byer", ", ".join(proposal.cities)),
        ("Kilde", proposal.doc),
    )
    lines += [f"- **{label}:** {md(value)}" for label, value in facts if value]
    if proposal.places:
        lines += ["", "### Forslag til besøg", ""]
        lines += [f"- **{md(place)}**" + (f": {md(about)}" if about else "") for place, about in proposal.places]
    return "\n".join([*lines, ""])


def proposals_markdown(proposals: Sequence[ProposedDestination], title: str = "Foreslåede destinationer") -> str:
    parts = [f"# {md(title)}", ""]
    parts += [proposal_markdown(p) for p in proposals] or ["Ingen forslag.", ""]
    return "\n".join(parts)


def proposals_csv(proposals: Iterable[ProposedDestination]) -> str:
    rows = (
        (
            p.label,
            p.country,
            SCOPE_LABELS.get(p.scope, p.scope),
            p.headline,
            "; ".join(p.themes),
            "; ".join(p.cities),
            "; ".join(f"{place}: {about}" if about else place for place, about in p.places),
            p.doc,
        )
        for p in proposals
    )
    return _csv(PROPOSAL_HEADER, rows)


def _csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return out.getvalue()


def _cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one line, and no leading formula character."""
    text = " ".join(value.split())
    return f"'{text}" if text.startswith(_FORMULA_START) else text
