"""The catalogue store: JSON round trip, removal, filters and the fuzzy visit lookup."""

from __future__ import annotations

import json
from pathlib import Path

from studietur.catalogue.model import DocumentCatalogue
from studietur.catalogue.store import FILE_NAME, CatalogueStore


def test_round_trip_through_the_file(store: CatalogueStore, catalogues: dict[str, DocumentCatalogue]) -> None:
    reopened = CatalogueStore(store.path)
    assert store.path.name == FILE_NAME
    assert reopened.trips() == store.trips() and len(reopened.trips()) == 2
    assert reopened.visits() == store.visits() and len(reopened.visits()) == 12
    assert reopened.proposals() == store.proposals() and len(reopened.proposals()) == 12
    assert sorted(c.doc for c in reopened.documents().values()) == sorted(catalogues)
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["version"] == 1 and len(data["documents"]) == 5
    assert [p.name for p in store.path.parent.iterdir()] == [FILE_NAME]  # no temporary file left behind


def test_remove_drops_a_document_for_good(store: CatalogueStore, doc_keys: dict[str, str]) -> None:
    assert store.remove(doc_keys["boston"])
    assert not store.remove(doc_keys["boston"])
    assert [t.year for t in store.trips()] == [2014]
    assert store.visits() == [] and store.find_visit("Greyston") is None
    reopened = CatalogueStore(store.path)
    assert not reopened.has(doc_keys["boston"]) and reopened.has(doc_keys["new_york"])
    assert len(reopened.proposals()) == 12


def test_trips_in_date_order_and_by_city(store: CatalogueStore) -> None:
    assert [t.year for t in store.trips()] == [2014, 2023]
    assert [t.year for t in store.trips_to("New York")] == [2014, 2023]
    assert [t.year for t in store.trips_to("boston")] == [2023]
    assert [t.year for t in store.trips_to("Washington")] == [2014]
    assert store.trips_to("Paris") == [] and store.trips_to("") == []


def test_visit_filters(store: CatalogueStore) -> None:
    assert [v.number for v in store.visits(city="Boston")] == [1, 2, 3, 4, 5, 6, 7]
    assert [v.number for v in store.visits(city="New York")] == [8, 9, 10, 11, 12]
    assert [v.number for v in store.visits(city="Yonkers")] == [10]  # found in the address
    assert len(store.visits(year=2023)) == 12 and store.visits(year=2014) == []
    assert [v.number for v in store.visits(city="boston", year=2023)][:2] == [1, 2]


def test_proposal_filters(store: CatalogueStore) -> None:
    assert len(store.proposals(theme="AI og tech")) == 8
    assert len(store.proposals(theme="ai og tech")) == 8
    assert [p.name for p in store.proposals(scope="danmark")][-1] == "Odense Kommune"
    assert len(store.proposals(scope="danmark")) == 4
    assert [p.name for p in store.proposals(theme="AI og tech", scope="oversøisk")] == ["Toronto", "Seoul", "Singapore"]
    assert store.proposals(theme="no such theme") == []
    assert store.find_proposal("Singapore").name == "Singapore"
    assert store.find_proposal("estland").name == "Tallinn"
    assert store.find_proposal("Silkeborg").name.startswith("Østjylland")
    assert store.find_proposal("Paris") is None


def test_find_visit_is_fuzzy_but_not_a_guess(store: CatalogueStore) -> None:
    for name in ("Greyston", "greyston bakery!", "10. GREYSTON BAKERY", "Greystone Bakery", "Greyston Bakerys"):
        visit = store.find_visit(name)
        assert visit is not None and visit.number == 10, name
    assert store.find_visit("CEO").number == 11
    assert store.find_visit("Center for Employment Opportunities").number == 11
    assert store.find_visit("MIT").number == 5
    assert store.find_visit("generalkonsulatet").number == 12
    # Several organisations have "Boston" or "New York" in their name: no single answer.
    assert store.find_visit("Boston") is None and store.find_visit("New York") is None
    assert store.find_visit("Bakery of Nowhere") is None and store.find_visit("") is None


def test_another_process_writing_is_seen(store: CatalogueStore, doc_keys: dict[str, str]) -> None:
    other = CatalogueStore(store.path)
    other.remove(doc_keys["proposals"])
    assert store.proposals() == []


def test_rename_keeps_records_under_the_new_name(store: CatalogueStore, doc_keys: dict[str, str]) -> None:
    store.rename(doc_keys["boston"], "/moved/boston.txt", "boston.txt")
    assert store.has("/moved/boston.txt") and not store.has(doc_keys["boston"])
    assert {v.doc for v in store.visits()} == {"boston.txt"}
    assert [t.doc for t in store.trips_to("Boston")] == ["boston.txt"]


def test_a_damaged_file_reads_as_empty_and_is_rewritten(tmp_path: Path, boston: DocumentCatalogue) -> None:
    path = tmp_path / FILE_NAME
    path.write_text("{not json", encoding="utf-8")
    store = CatalogueStore(path)
    assert store.documents() == {} and not store.has("x")
    store.put("x", boston)
    assert len(CatalogueStore(path).visits()) == 12
    store.clear()
    assert CatalogueStore(path).documents() == {}
