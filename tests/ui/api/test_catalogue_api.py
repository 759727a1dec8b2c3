"""GET /api/v1/trips, /visits and /proposals with httpx: the catalogue the CLI lists, with the same filters."""

from __future__ import annotations

import httpx
import pytest

from assistant.service import Assistant


def test_the_catalogue_is_what_the_store_holds(client: httpx.Client, sample_assistant: Assistant) -> None:
    store = sample_assistant.catalogue
    trips = client.get("/api/v1/trips").json()
    assert trips == [trip.to_dict() for trip in store.trips()] and trips
    city = trips[-1]["cities"][0]
    visits = client.get("/api/v1/visits", params={"city": city}).json()
    assert visits == [v.to_dict() for v in store.visits(city=city)] and visits
    year = trips[-1]["year"]
    in_year = client.get("/api/v1/visits", params={"year": year}).json()
    assert in_year == [v.to_dict() for v in store.visits(year=year)] and in_year
    proposals = client.get("/api/v1/proposals", params={"scope": "europa"}).json()
    assert proposals == [p.to_dict() for p in store.proposals(scope="europa")] and proposals
    theme = proposals[0]["themes"][0]
    themed = client.get("/api/v1/proposals", params={"theme": theme}).json()
    assert themed and all(theme in p["themes"] for p in themed)
    assert client.get("/api/v1/visits", params={"city": "Atlantis"}).json() == []


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [("/api/v1/visits", {"year": "sidste år"}, "year"), ("/api/v1/proposals", {"scope": "mars"}, "scope")],
)
def test_bad_filters_are_400s_naming_them(client: httpx.Client, path: str, params: dict, field: str) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 400 and response.json()["error"]["param"] == field
