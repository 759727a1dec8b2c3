"""`studietur trips`, `visits` and `proposals`: the trip catalogue as text, JSON, Markdown or CSV."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from studietur.catalogue.model import ProposedDestination, Trip, Visit
from ui.cli.common import emit, say, settings


def register(sub: argparse._SubParsersAction) -> None:
    trips = sub.add_parser("trips", help="study trips found in the reports (destinations, dates, participants)")
    trips.add_argument("--json", action="store_true")
    trips.set_defaults(run=run_trips)
    visits = sub.add_parser("visits", help="visits of past study trips")
    visits.add_argument("--city", default=None)
    visits.add_argument("--year", type=int, default=None)
    visits.add_argument("--json", action="store_true", help="the same as --format json")
    _add_format(visits)
    visits.set_defaults(run=run_visits)
    proposals = sub.add_parser("proposals", help="proposed destinations for future trips")
    proposals.add_argument("--theme", default=None, help="e.g. 'AI og tech', 'integration'")
    proposals.add_argument("--scope", choices=["danmark", "europa", "oversøisk"], default=None)
    proposals.add_argument("--json", action="store_true", help="the same as --format json")
    _add_format(proposals)
    proposals.set_defaults(run=run_proposals)


def run_trips(args: argparse.Namespace) -> int:
    def line(trip: Trip) -> str:
        members = ", ".join(f"{p.name} ({p.party})" if p.party else p.name for p in trip.members)
        officials = ", ".join(f"{p.name}, {p.role}" if p.role else p.name for p in trip.officials)
        return f"{trip.title} ({trip.date_text or trip.year}) · {trip.doc}\n  Udvalg: {members}\n  Forvaltning: {officials}"

    return _list(args, _store(args).trips(), line)


def run_visits(args: argparse.Namespace) -> int:
    from studietur.catalogue.export import visits_csv, visits_markdown

    def line(v: Visit) -> str:
        return f"{v.number}. {v.organisation} · {v.day_text} kl. {v.time_text} · {v.address or '-'} · {v.trip_title}"

    exports = {"md": visits_markdown, "csv": visits_csv}
    return _list(args, _store(args).visits(city=args.city, year=args.year), line, exports)


def run_proposals(args: argparse.Namespace) -> int:
    from studietur.catalogue.export import proposals_csv, proposals_markdown

    def line(p: ProposedDestination) -> str:
        return f"{p.label} ({p.scope}): {p.headline} [{', '.join(p.themes)}]"

    exports = {"md": proposals_markdown, "csv": proposals_csv}
    return _list(args, _store(args).proposals(theme=args.theme, scope=args.scope), line, exports)


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=["text", "json", "md", "csv"],
        default="text",
        help="md or csv for a planning memo (default: text)",
    )


def _store(args: argparse.Namespace) -> Any:
    from studietur.catalogue.store import CatalogueStore

    return CatalogueStore.for_index(settings(args).paths.index_dir)


def _list(
    args: argparse.Namespace,
    records: Sequence[Any],
    line: Callable[[Any], str],
    exports: dict[str, Callable[[Sequence[Any]], str]] | None = None,
) -> int:
    fmt = "json" if args.json else getattr(args, "format", "text")
    if exports and fmt in exports:
        sys.stdout.write(exports[fmt](records))
    elif fmt == "json":
        emit([record.to_dict() for record in records])
    elif not records:
        say("Kataloget har ingen poster – kør `studietur ingest`.")
    else:
        say("\n".join(line(record) for record in records))
    return 0
