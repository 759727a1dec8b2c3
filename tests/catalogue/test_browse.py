"""Browsing the trip catalogue of the sample reports: timeline, one city, proposals by region, record sources."""

from __future__ import annotations

from assistant.service import Assistant
from studietur.catalogue.browse import (
    city_choices,
    city_overview,
    find_record,
    proposals_by_scope,
    record_key,
    record_source,
    short_summary,
    source_of,
    timeline,
)


def test_timeline_is_newest_first_with_the_visits_of_each_trip(sample_assistant: Assistant) -> None:
    groups = timeline(sample_assistant.catalogue)
    assert [g.trip.year for g in groups] == [2023, 2014]
    assert [v.number for v in groups[0].visits] == list(range(1, 13))
    assert groups[1].visits == () and groups[1].trip.cities == ["New York", "Washington DC"]


def test_one_city_gathers_trips_visits_and_proposals(sample_assistant: Assistant) -> None:
    store = sample_assistant.catalogue
    choices = city_choices(store)
    assert {"Boston", "New York", "Washington DC", "Tallinn", "Aarhus"} <= set(choices)
    assert "New York City" not in choices, "one name per place"

    new_york = city_overview(store, "New York")
    assert [t.year for t in new_york.trips] == [2023, 2014]
    assert [v.organisation for v in new_york.visits][2] == "Greyston Bakery" and len(new_york.visits) == 5
    assert new_york.proposals == ()
    boston = city_overview(store, " boston ")
    assert len(boston.visits) == 7 and boston.city == "boston"
    aarhus = city_overview(store, "Aarhus")
    assert aarhus.visits == () and [p.cities[0] for p in aarhus.proposals] == ["Aarhus"]
    assert city_overview(store, "  ").city == ""


def test_proposals_are_grouped_by_region(sample_assistant: Assistant) -> None:
    groups = proposals_by_scope(sample_assistant.catalogue)
    assert list(groups) == ["danmark", "europa", "oversøisk"]
    assert [len(found) for found in groups.values()] == [4, 5, 3]


def test_a_record_key_finds_the_record_and_its_passage(sample_assistant: Assistant) -> None:
    store = sample_assistant.catalogue
    greyston = store.find_visit("Greyston")
    assert greyston is not None
    key = record_key(greyston)
    assert key.startswith("v-") and find_record(store, key) == greyston
    assert find_record(store, "v-0000000000000000") is None
    assert find_record(store, "../../etc/passwd") is None

    found = source_of(sample_assistant.catalogue, sample_assistant.index.store.get, key)
    assert found is not None
    record, citation = found
    chunk = citation.passage.chunk
    marked = [chunk.text[start:end] for start, end in citation.highlights]
    assert record == greyston and chunk.id in greyston.chunk_ids
    assert "Greyston Bakery" in marked[0] or "GREYSTON BAKERY" in marked[0].upper()
    assert "104 Alexander Street, Yonkers, NY 10701" in marked

    tallinn = store.find_proposal("Tallinn")
    assert tallinn is not None and record_key(tallinn).startswith("p-")
    source = record_source(tallinn, sample_assistant.index.store.get)
    assert source is not None and source.passage.chunk.id in tallinn.chunk_ids and source.highlights
    assert record_source(tallinn, lambda ids: []) is None


def test_short_summary_keeps_whole_sentences() -> None:
    assert short_summary("  Kort   tekst. ") == "Kort tekst."
    long = "Første sætning om besøget. " + "Anden sætning " * 20
    assert short_summary(long) == "Første sætning om besøget."
    words = "ord " * 100
    cut = short_summary(words, limit=30)
    assert cut.endswith("…") and len(cut) <= 30
