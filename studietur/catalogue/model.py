"""The trip catalogue: trips, visits and proposed destinations read from the reports at ingest.

Plain dataclasses with `to_dict`/`from_dict` for JSON, so the assistant can read a stored catalogue without
importing ingest. Every record keeps the ids of the chunks that hold its source text. Text fields are written as
in the report; "" means the report does not say (or the extractor could not read it).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

logger = logging.getLogger(__name__)

Scope = Literal["danmark", "europa", "oversøisk"]
SCOPES: tuple[Scope, ...] = ("danmark", "europa", "oversøisk")


@dataclass
class Person:
    """A participant: committee members carry a party letter ("B"), officials none; role as written."""

    name: str
    party: str = ""
    role: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Person:
        return cls(name=str(data.get("name", "")), party=str(data.get("party", "")), role=str(data.get("role", "")))


@dataclass
class Trip:
    """A study trip the committee made; dates are ISO ("2023-10-08") or ""."""

    doc: str
    title: str
    cities: list[str] = field(default_factory=list)
    date_text: str = ""
    start_date: str = ""
    end_date: str = ""
    year: int | None = None
    members: list[Person] = field(default_factory=list)
    officials: list[Person] = field(default_factory=list)
    chunk_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["members"] = [p.to_dict() for p in self.members]
        data["officials"] = [p.to_dict() for p in self.officials]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Trip:
        year = data.get("year")
        return cls(
            doc=str(data.get("doc", "")),
            title=str(data.get("title", "")),
            cities=[str(c) for c in data.get("cities", [])],
            date_text=str(data.get("date_text", "")),
            start_date=str(data.get("start_date", "")),
            end_date=str(data.get("end_date", "")),
            year=int(year) if year is not None else None,
            members=[Person.from_dict(p) for p in data.get("members", [])],
            officials=[Person.from_dict(p) for p in data.get("officials", [])],
            chunk_ids=[str(c) for c in data.get("chunk_ids", [])],
        )


@dataclass
class Visit:
    """One numbered visit of a trip's programme; `city` is the trip city it took place in, when known."""

    doc: str
    trip_title: str
    number: int | None
    organisation: str
    day_text: str = ""
    date: str = ""
    time_text: str = ""
    address: str = ""
    externals: list[str] = field(default_factory=list)
    purpose: str = ""
    section: str = ""
    chunk_ids: list[str] = field(default_factory=list)
    city: str = ""

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date[:4].isdigit() else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Visit:
        number = data.get("number")
        return cls(
            doc=str(data.get("doc", "")),
            trip_title=str(data.get("trip_title", "")),
            number=int(number) if number is not None else None,
            organisation=str(data.get("organisation", "")),
            day_text=str(data.get("day_text", "")),
            date=str(data.get("date", "")),
            time_text=str(data.get("time_text", "")),
            address=str(data.get("address", "")),
            externals=[str(e) for e in data.get("externals", [])],
            purpose=str(data.get("purpose", "")),
            section=str(data.get("section", "")),
            chunk_ids=[str(c) for c in data.get("chunk_ids", [])],
            city=str(data.get("city", "")),
        )


@dataclass
class ProposedDestination:
    """A destination suggested for a future trip, with its suggested places as (place, one-line description)."""

    doc: str
    name: str
    cities: list[str] = field(default_factory=list)
    country: str = ""
    scope: str = ""
    headline: str = ""
    themes: list[str] = field(default_factory=list)
    places: list[tuple[str, str]] = field(default_factory=list)
    chunk_ids: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """'Tallinn, Estland'; the name alone for Danish destinations and when the country is in it or unknown."""
        if self.country and self.scope != "danmark" and self.country.casefold() not in self.name.casefold():
            return f"{self.name}, {self.country}"
        return self.name

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["places"] = [list(place) for place in self.places]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProposedDestination:
        return cls(
            doc=str(data.get("doc", "")),
            name=str(data.get("name", "")),
            cities=[str(c) for c in data.get("cities", [])],
            country=str(data.get("country", "")),
            scope=str(data.get("scope", "")),
            headline=str(data.get("headline", "")),
            themes=[str(t) for t in data.get("themes", [])],
            places=[(str(p[0]), str(p[1]) if len(p) > 1 else "") for p in data.get("places", []) if p],
            chunk_ids=[str(c) for c in data.get("chunk_ids", [])],
        )


@dataclass
class DocumentCatalogue:
    """What one document contributes to the catalogue; empty lists for documents of other kinds."""

    doc: str
    trips: list[Trip] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    proposals: list[ProposedDestination] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.trips or self.visits or self.proposals)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "trips": [t.to_dict() for t in self.trips],
            "visits": [v.to_dict() for v in self.visits],
            "proposals": [p.to_dict() for p in self.proposals],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentCatalogue:
        return cls(
            doc=str(data.get("doc", "")),
            trips=[Trip.from_dict(t) for t in data.get("trips", [])],
            visits=[Visit.from_dict(v) for v in data.get("visits", [])],
            proposals=[ProposedDestination.from_dict(p) for p in data.get("proposals", [])],
        )
