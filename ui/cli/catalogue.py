"""`studietur trips`, `visits` and `proposals`: the trip catalogue as text, JSON, Markdown or CSV."""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from studietur.catalogue.model import ProposedDestination, Trip, Visit
from ui.cli.common import emit, note, say, settings

if TYPE_CHECKING:
    from studietur.catalogue.store import CatalogueStore


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

    store = _store(args)
    return _list(args, store.trips(), line, nothing=lambda: _nothing(store, "studieture", store.trips()))


def run_visits(args: argparse.Namespace) -> int:
    from studietur.catalogue.export import visits_csv, visits_markdown

    def line(v: Visit) -> str:
        return f"{v.number}. {v.organisation} · {v.day_text} kl. {v.time_text} · {v.address or '-'} · {v.trip_title}"

    def nothing() -> str:
        everything = store.visits()
        years = {y for y in [*(t.year for t in store.trips()), *(v.year for v in everything)] if y is not None}
        known = {
            "--city": sorted({v.city for v in everything if v.city}, key=str.casefold),
            "--year": [str(y) for y in sorted(years) if store.visits(year=y)],
        }
        used = {"--city": args.city, "--year": args.year}
        return _nothing(store, "besøg", everything, used, known)

    store = _store(args)
    exports = {"md": visits_markdown, "csv": visits_csv}
    return _list(args, store.visits(city=args.city, year=args.year), line, exports, nothing)


def run_proposals(args: argparse.Namespace) -> int:
    from studietur.catalogue.export import proposals_csv, proposals_markdown

    def line(p: ProposedDestination) -> str:
        return f"{p.label} ({p.scope}): {p.headline} [{', '.join(p.themes)}]"

    def nothing() -> str:
        everything = store.proposals()
        known = {
            "--theme": sorted({t for p in everything for t in p.themes}, key=str.casefold),
            "--scope": sorted({p.scope for p in everything if p.scope}),
        }
        used = {"--theme": args.theme, "--scope": args.scope}
        return _nothing(store, "foreslåede destinationer", everything, used, known)

    store = _store(args)
    exports = {"md": proposals_markdown, "csv": proposals_csv}
    return _list(args, store.proposals(theme=args.theme, scope=args.scope), line, exports, nothing)


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=["text", "json", "md", "csv"],
        default="text",
        help="md or csv for a planning memo (default: text)",
    )


def _store(args: argparse.Namespace) -> CatalogueStore:
    from studietur.catalogue.store import CatalogueStore

    return CatalogueStore.for_index(settings(args).paths.index_dir)


def _list(
    args: argparse.Namespace,
    records: Sequence[Any],
    line: Callable[[Any], str],
    exports: dict[str, Callable[[Sequence[Any]], str]] | None = None,
    nothing: Callable[[], str] | None = None,
) -> int:
    """The records in the asked format; an empty text listing says why, and JSON, Markdown or CSV stay as they are
    on standard output with the reason on standard error."""
    fmt = "json" if args.json else getattr(args, "format", "text")
    if not records and nothing is not None:
        say(nothing()) if fmt == "text" else note(nothing())
    if exports and fmt in exports:
        sys.stdout.write(exports[fmt](records))
    elif fmt == "json":
        emit([record.to_dict() for record in records])
    elif records:
        say("\n".join(line(record) for record in records))
    return 0


def _nothing(
    store: CatalogueStore,
    kind: str,
    everything: Sequence[Any],
    used: dict[str, object] | None = None,
    known: dict[str, list[str]] | None = None,
) -> str:
    """Why a listing is empty: nothing ingested, no report holding such records, or filters that match none."""
    reports = len(store.documents())
    if not reports:
        return "Kataloget er tomt: ingen rapporter er indlæst. Kør `studietur ingest`."
    if not everything:
        return (
            f"Den indlæste rapport har ingen {kind}."
            if reports == 1
            else f"Ingen af de {reports} indlæste rapporter har {kind}."
        )
    given = {flag: value for flag, value in (used or {}).items() if value is not None}
    shown = " ".join(f"{flag} {shlex.quote(str(value))}" for flag, value in given.items())
    lines = [f"Ingen {kind} matcher {shown}; uden filtre viser kataloget {len(everything)} {kind}."]
    values = [(flag, (known or {}).get(flag)) for flag in given]
    lines += [f"  Mulige værdier for {flag}: {', '.join(found)}" for flag, found in values if found]
    return "\n".join(lines)
