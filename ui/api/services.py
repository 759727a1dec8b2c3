"""What the routes share, reached through FastAPI dependencies: the assistant, the corpus keeper, ingest jobs and
access; and the checks every route makes (the token; the model, for routes that embed a question)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.service import Assistant
from studietur.core.errors import ModelError
from ui import model_status
from ui.api.access import TOKEN_VARIABLE, Access
from ui.api.errors import ApiError, ModelLoading
from ui.api.jobs import IngestJobs
from ui.corpus import CorpusKeeper

_bearer = HTTPBearer(auto_error=False, description=f"The server's {TOKEN_VARIABLE}, when it has one.")


@dataclass(frozen=True)
class Services:
    bot: Assistant
    keeper: CorpusKeeper
    jobs: IngestJobs
    access: Access


def services(request: Request) -> Services:
    return request.app.state.studietur


def authorized(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    if not services(request).access.admits(credentials.credentials if credentials else None):
        raise ApiError(
            401,
            "a valid bearer token is required (Authorization: Bearer <STUDIETUR_API_TOKEN>)",
            code="invalid_token",
            headers={"WWW-Authenticate": "Bearer"},
        )


def ready_assistant(request: Request) -> Assistant:
    """The assistant once its embedding model is loaded: 503 with Retry-After while it loads, 503 if it failed."""
    bot = services(request).bot
    if model_status.loading(bot):
        raise ModelLoading("the embedding model is still loading; try again in a few seconds")
    error = model_status.failure(bot)
    if error is not None:
        raise ModelError(f"the embedding model could not be loaded: {error}")
    return bot


Shared = Annotated[Services, Depends(services)]
Ready = Annotated[Assistant, Depends(ready_assistant)]
