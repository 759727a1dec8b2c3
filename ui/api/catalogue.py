"""The trip catalogue: GET /api/v1/trips, /visits and /proposals, with the command line's filters."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query

from ui.api.services import Shared

router = APIRouter(tags=["catalogue"])


@router.get("/trips", summary="Study trips found in the reports")
def trips(shared: Shared) -> list[dict[str, Any]]:
    return [trip.to_dict() for trip in shared.bot.catalogue.trips()]


@router.get("/visits", summary="Visits of past study trips")
def visits(
    shared: Shared,
    city: str | None = Query(None, description="A trip city or a place in the visit's address."),
    year: int | None = Query(None, ge=1900, le=2200),
) -> list[dict[str, Any]]:
    return [visit.to_dict() for visit in shared.bot.catalogue.visits(city=city, year=year)]


@router.get("/proposals", summary="Proposed destinations of future trips")
def proposals(
    shared: Shared,
    theme: str | None = Query(None, description="e.g. 'AI og tech', 'integration'"),
    scope: Literal["danmark", "europa", "oversøisk"] | None = None,
) -> list[dict[str, Any]]:
    return [proposal.to_dict() for proposal in shared.bot.catalogue.proposals(theme=theme, scope=scope)]
