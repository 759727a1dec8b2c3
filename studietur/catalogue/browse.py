"""Browsing the trip catalogue: past trips newest first with their visits, what is known about one city, proposed
destinations by region, and the passage of a report a visit or proposal was read from.

Records are addressed by a short key made from their content, so a page can name one in a link without exposing
anything but hex digits; a key simply finds nothing once a re-ingest changed the record.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from studietur.catalogue.model import SCOPES, ProposedDestination, Trip, Visit
from studietur.catalogue.store import CatalogueStore
from studietur.core.types import Chunk, Citation, Passage
from studietur.text.sentences import sentence_spans

logger = logging.getLogger(__name__)

Record = Visit | ProposedDestination
ChunkGetter = Callable[[list[str]], list[Chunk]]
SUMMARY_CHARS = 180
_KEY = re.compile(r"^[vp]-[0-9a-f]{16}$")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class TripVisits:
    """A past trip and its numbered visits in programme order."""

    trip: Trip
    visits: tuple[Visit, ...]


@dataclass(frozen=True)
class CityOverview:
    """What the catalogue holds about one city: trips there, visits there and destinations proposed with it."""

    city: str
    trips: tuple[Trip, ...]
    visits: tuple[Visit, ...]
    proposals: tuple[ProposedDestination, ...]


def timeline(store: CatalogueStore) -> list[TripVisits]:
    """Every trip with its visits, newest first; visits of a trip the catalogue lacks get a trip of their own."""
    trips = store.trips()
    groups: dict[tuple[str, str], list[Visit]] = {(t.doc, t.title): [] for t in trips}
    for visit in store.visits():
        groups.setdefault((visit.doc, visit.trip_title), []).append(visit)
    known = {(t.doc, t.title): t for t in trips}
    result = [
        TripVisits(known.get(key) or Trip(doc=key[0], title=key[1] or key[0], year=_year(visits)), tuple(visits))
        for key, visits in groups.items()
    ]
    return sorted(result, key=lambda tv: _when(tv.trip), reverse=True)


def city_choices(store: CatalogueStore) -> list[str]:
    """The cities of trips, visits and proposals, one name per place ("New York" covers "New York City")."""
    names = [c for t in store.trips() for c in t.cities]
    names += [v.city for v in store.visits()]
    names += [c for p in store.proposals() for c in p.cities]
    chosen: dict[str, str] = {}
    for name in sorted({n.strip() for n in names if n.strip()}, key=len):
        normal = _normal(name)
        if normal and not any(same_place(normal, kept) for kept in chosen):
            chosen[normal] = name
    return sorted(chosen.values(), key=str.casefold)


def city_overview(store: CatalogueStore, city: str) -> CityOverview:
    """Trips to `city` (newest first), the visits made there and the proposed destinations that include it."""
    wanted = _normal(city)
    if not wanted:
        return CityOverview("", (), (), ())
    trips = sorted(store.trips_to(city), key=_when, reverse=True)
    proposals = [
        p for p in store.proposals() if any(same_place(wanted, _normal(c)) for c in [*p.cities, p.name, p.country] if c)
    ]
    return CityOverview(city.strip(), tuple(trips), tuple(store.visits(city=city)), tuple(proposals))


def proposals_by_scope(store: CatalogueStore) -> dict[str, list[ProposedDestination]]:
    """Proposals grouped by scope in the order danmark, europa, oversøisk; any other scope after them."""
    groups: dict[str, list[ProposedDestination]] = {scope: [] for scope in SCOPES}
    for proposal in store.proposals():
        groups.setdefault(proposal.scope or "", []).append(proposal)
    return {scope: found for scope, found in groups.items() if found}


def short_summary(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The first sentences of `text` that fit in `limit` characters, or its first words and an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    kept = ""
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        if len(kept) + len(sentence) + 1 > limit:
            break
        kept = f"{kept} {sentence}".strip()
    if kept:
        return kept
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return f"{cut}…"


# --- records and their sources ----------------------------------------------------------------------------


def record_key(record: Record) -> str:
    """A short, stable name of a visit ("v-…") or proposal ("p-…") for links on a page."""
    if isinstance(record, Visit):
        parts = ("visit", record.doc, record.trip_title, str(record.number), record.organisation, record.section)
    else:
        parts = ("proposal", record.doc, record.name, record.headline)
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{parts[0][0]}-{digest}"


def find_record(store: CatalogueStore, key: str) -> Record | None:
    """The visit or proposal `key` names; None for a malformed key or a record no longer in the catalogue."""
    if not _KEY.match(key):
        return None
    records: Sequence[Record] = store.visits() if key.startswith("v-") else store.proposals()
    return next((record for record in records if record_key(record) == key), None)


def record_source(record: Record, chunk_getter: ChunkGetter) -> Citation | None:
    """The chunk that holds the record's heading (its first chunk otherwise), with the record's facts marked."""
    if isinstance(record, Visit):
        facts = [record.organisation, record.address, record.time_text, record.day_text]
    else:
        facts = [record.headline, record.name, *(place for place, _ in record.places)]
    facts = [fact for fact in facts if fact]
    chunks = chunk_getter(list(record.chunk_ids))
    if not chunks:
        return None
    chunk = next((c for c in chunks if facts and _find(c.text, facts[0])), chunks[0])
    spans = tuple(sorted(span for fact in facts if (span := _find(chunk.text, fact))))
    return Citation(1, Passage(chunk, score=1.0, rank=1), spans)


def source_of(store: CatalogueStore, chunk_getter: ChunkGetter, key: str) -> tuple[Record, Citation] | None:
    """The record `key` names and the passage of its report; None when either is gone."""
    record = find_record(store, key)
    if record is None:
        logger.info("no catalogue record for key %r", key)
        return None
    source = record_source(record, chunk_getter)
    if source is None:
        logger.warning("%s: none of the chunks %s is in the index", record.doc, record.chunk_ids)
        return None
    return record, source


# --- helpers --------------------------------------------------------------------------------------------------


def same_place(wanted: str, name: str) -> bool:
    """Normalised names of one place: 'new york' is 'new york city'; 'washington' is 'washington dc'."""
    return wanted == name or name.startswith(wanted + " ") or wanted.startswith(name + " ")


def _normal(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = unicodedata.normalize("NFC", "".join(ch for ch in folded if not unicodedata.combining(ch)))
    return " ".join(_WORD.findall(plain))


def _when(trip: Trip) -> str:
    return trip.start_date or f"{trip.year or 0:04d}"


def _year(visits: Sequence[Visit]) -> int | None:
    return next((visit.year for visit in visits if visit.year), None)


def _find(text: str, fact: str) -> tuple[int, int] | None:
    """Where `fact` is in `text`, ignoring case and the whitespace between its words."""
    words = fact.split()
    if not words:
        return None
    match = re.search(r"\s+".join(map(re.escape, words)), text, re.IGNORECASE)
    return match.span() if match else None
