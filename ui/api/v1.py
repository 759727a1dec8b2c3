"""The routers of the server's APIs: /api/v1 (Studietur's own JSON) and /v1 (OpenAI-compatible chat)."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from ui.api import answers, catalogue, documents, health, openai_chat
from ui.api.errors import ApiError
from ui.api.services import authorized


def studietur_api() -> APIRouter:
    """/api/v1: everything behind the bearer token except the health check."""
    router = APIRouter()
    router.include_router(health.router)
    guarded = APIRouter(dependencies=[Depends(authorized)])
    for part in (answers.router, documents.router, catalogue.router):
        guarded.include_router(part)
    router.include_router(guarded)
    return router


def openai_api() -> APIRouter:
    router = APIRouter(dependencies=[Depends(authorized)])
    router.include_router(openai_chat.router)
    return router


def no_such_route(path: str) -> None:
    """Below /api/ an unknown path is a JSON 404, not the chat page that the app at / would serve."""
    raise ApiError(404, f"no route /api/{path}; GET /api/docs lists the API", code="not_found")
