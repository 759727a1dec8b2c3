"""The trip catalogue on disk: one JSON file next to the index, holding each document's catalogue.

Ingest puts a document's catalogue when it indexes the document and removes it with the document; readers see
the lists across documents. Writes go to a temporary file and replace the old one, so a reader never sees half a
file. A store opened by a long-running process (the UI) reloads when another process (a CLI ingest) rewrote it.
"""

from __future__ import annotations

import json
import logging
import os
import re
import unicodedata
from dataclasses import replace
from difflib import SequenceMatcher
from pathlib import Path

from studietur.catalogue.model import DocumentCatalogue, ProposedDestination, Trip, Visit
from studietur.core.errors import IndexStoreError

logger = logging.getLogger(__name__)

FILE_NAME = "catalogue.json"
_VERSION = 1
_WORD = re.compile(r"\w+")
_LEADING_NUMBER = re.compile(r"^\s*\d{1,3}\s*[.)]?\s*")
# Words that say nothing about which organisation is meant.
_NAME_STOPWORDS = frozenset("i og the of for til på ved hos med a an and at in v the".split())
_FUZZY = 0.85
_RING = "\u030a"  # the ring of å, kept when accents are dropped


class CatalogueStore:
    """Catalogues by document key (the key ingest uses for a file: its path as a string)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._documents: dict[str, DocumentCatalogue] = {}
        self._stamp: int | None = None
        self._load()

    @classmethod
    def for_index(cls, index_dir: Path) -> CatalogueStore:
        return cls(index_dir / FILE_NAME)

    # --- writing ---------------------------------------------------------------------------------------------

    def put(self, doc_key: str, catalogue: DocumentCatalogue) -> None:
        """Store (or replace) a document's catalogue; an empty one is kept too, so `has` knows it was read."""
        self._refresh()
        self._documents[doc_key] = catalogue
        self._save()

    def remove(self, doc_key: str) -> bool:
        self._refresh()
        if self._documents.pop(doc_key, None) is None:
            return False
        self._save()
        return True

    def rename(self, old_key: str, new_key: str, doc: str) -> None:
        """A file moved: its records keep their chunk ids and take the new document name."""
        self._refresh()
        catalogue = self._documents.pop(old_key, None)
        if catalogue is None:
            return
        self._documents[new_key] = DocumentCatalogue(
            doc,
            [replace(trip, doc=doc) for trip in catalogue.trips],
            [replace(visit, doc=doc) for visit in catalogue.visits],
            [replace(proposal, doc=doc) for proposal in catalogue.proposals],
        )
        self._save()

    def clear(self) -> None:
        self._documents = {}
        self._save()

    # --- reading ---------------------------------------------------------------------------------------------

    def has(self, doc_key: str) -> bool:
        self._refresh()
        return doc_key in self._documents

    def documents(self) -> dict[str, DocumentCatalogue]:
        self._refresh()
        return dict(self._documents)

    def trips(self) -> list[Trip]:
        """All trips, oldest first."""
        self._refresh()
        trips = [trip for catalogue in self._documents.values() for trip in catalogue.trips]
        return sorted(trips, key=lambda t: (t.start_date or f"{t.year or 0:04d}", t.doc))

    def trips_to(self, city: str) -> list[Trip]:
        """Trips whose destinations include `city` ("New York" also finds "New York City")."""
        wanted = _normal(city)
        if not wanted:
            return []
        return [trip for trip in self.trips() if any(_same_place(wanted, _normal(c)) for c in trip.cities)]

    def visits(self, city: str | None = None, year: int | None = None) -> list[Visit]:
        """Visits in programme order, trip by trip; `city` matches the visit's trip city or its address."""
        self._refresh()
        trip_years = {(t.doc, t.title): t.year for t in self.trips()}
        result: list[Visit] = []
        for trip_doc in sorted(self._documents.values(), key=lambda c: _catalogue_order(c)):
            for visit in trip_doc.visits:
                visit_year = visit.year or trip_years.get((visit.doc, visit.trip_title))
                if year is not None and visit_year != year:
                    continue
                if city and not _visit_in(visit, _normal(city)):
                    continue
                result.append(visit)
        return result

    def proposals(self, theme: str | None = None, scope: str | None = None) -> list[ProposedDestination]:
        """Proposed destinations in document order; `theme` and `scope` compare case-insensitively."""
        self._refresh()
        result: list[ProposedDestination] = []
        for catalogue in self._documents.values():
            for proposal in catalogue.proposals:
                if theme and theme.casefold() not in {t.casefold() for t in proposal.themes}:
                    continue
                if scope and proposal.scope.casefold() != scope.casefold():
                    continue
                result.append(proposal)
        return result

    def find_visits(self, name: str) -> list[Visit]:
        """Visits whose organisation is `name`: an exact match if there is one, else the visits whose name holds
        every word of `name` (allowing inflection and small typos), else close spellings of the whole name."""
        query = _normal(name, drop_number=True)
        if not query:
            return []
        visits = self.visits()
        exact = [v for v in visits if _normal(v.organisation, drop_number=True) == query]
        if exact:
            return exact
        words = _words(query)
        if words:
            containing = [v for v in visits if _contains_words(_words(_normal(v.organisation, True)), words)]
            if containing:
                return containing
        return [v for v in visits if SequenceMatcher(None, query, _normal(v.organisation, True)).ratio() >= _FUZZY]

    def find_visit(self, name: str) -> Visit | None:
        """The one visit `name` means ("Greyston" -> "10. GREYSTON BAKERY"); None when none or several organisations
        match. The same organisation visited on several trips gives the latest visit."""
        found = self.find_visits(name)
        if not found or len({_normal(v.organisation, drop_number=True) for v in found}) > 1:
            return None
        return max(found, key=lambda v: v.date)

    def find_proposal(self, name: str) -> ProposedDestination | None:
        """The proposed destination named, or holding the city or country named; None when not exactly one."""
        query = _normal(name)
        if not query:
            return None
        found = [
            p
            for p in self.proposals()
            if query in {_normal(p.name), _normal(p.country), _normal(p.label)} | {_normal(c) for c in p.cities}
        ]
        return found[0] if len(found) == 1 else None

    # --- file --------------------------------------------------------------------------------------------

    def _load(self) -> None:
        self._documents = {}
        self._stamp = _stamp(self.path)
        if self._stamp is None:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("version") != _VERSION:
                logger.warning(
                    "%s: catalogue version %s; it is rebuilt by the next ingest", self.path, data.get("version")
                )
                return
            self._documents = {key: DocumentCatalogue.from_dict(value) for key, value in data["documents"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            # Derived data: the next ingest writes it again (see `has`), so a damaged file only costs quick answers.
            logger.warning("%s: trip catalogue unreadable (%s); it is rebuilt by the next ingest", self.path, exc)
            self._documents = {}

    def _refresh(self) -> None:
        if _stamp(self.path) != self._stamp:
            self._load()

    def _save(self) -> None:
        data = {"version": _VERSION, "documents": {key: c.to_dict() for key, c in self._documents.items()}}
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tmp.open("w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.path)
        except OSError as exc:
            raise IndexStoreError(f"{self.path}: cannot write the trip catalogue ({exc.strerror or exc})") from exc
        self._stamp = _stamp(self.path)


def _stamp(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def _catalogue_order(catalogue: DocumentCatalogue) -> tuple[str, str]:
    first = catalogue.trips[0] if catalogue.trips else None
    when = (first.start_date or f"{first.year or 0:04d}") if first else "9999"
    return when, catalogue.doc


def _normal(text: str, drop_number: bool = False) -> str:
    """Case-folded words without punctuation or accents on Latin letters: '10.GREYSTON BAKERY' -> 'greyston bakery'."""
    if drop_number:
        text = _LEADING_NUMBER.sub("", text)
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch) or ch == _RING)
    plain = unicodedata.normalize("NFC", plain)
    return " ".join(_WORD.findall(plain))


def _words(normal: str) -> list[str]:
    return [word for word in normal.split() if word not in _NAME_STOPWORDS]


def _contains_words(name_words: list[str], query_words: list[str]) -> bool:
    return all(any(_word_match(q, w) for w in name_words) for q in query_words)


def _word_match(query: str, word: str) -> bool:
    if query == word:
        return True
    if len(query) >= 4 and len(word) >= 4 and (word.startswith(query) or query.startswith(word)):
        return True  # "bakerys" / "bakery", "generalkonsulat" / "generalkonsulatet"
    return len(query) >= 5 and SequenceMatcher(None, query, word).ratio() >= _FUZZY


def _same_place(wanted: str, city: str) -> bool:
    """'new york' is 'new york city'; 'washington' is 'washington dc'."""
    return wanted == city or city.startswith(wanted + " ") or wanted.startswith(city + " ")


def _visit_in(visit: Visit, city: str) -> bool:
    if visit.city and _same_place(city, _normal(visit.city)):
        return True
    return bool(re.search(rf"\b{re.escape(city)}\b", _normal(visit.address)))
