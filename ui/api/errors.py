"""Errors as JSON with the status that fits, in one shape for both APIs (OpenAI's):
`{"error": {"message", "type", "param", "code"}}`. Our exception types are translated here, at the boundary."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from studietur.core.errors import InputError, ModelError, StudieturError
from ui.corpus import Busy, UnknownDocument

logger = logging.getLogger(__name__)

RETRY_AFTER_S = 5


class ApiError(StudieturError):
    """A request the API refuses with `status`; `param` names the field at fault."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        param: str | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.param, self.code, self.headers = status, param, code, headers


class ModelLoading(StudieturError):
    """The embedding model is still loading; ask again shortly."""


def error_body(status: int, message: str, param: str | None = None, code: str | None = None) -> dict[str, Any]:
    kind = "invalid_request_error" if status < 500 else "server_error"
    if status == 401:
        kind = "authentication_error"
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def install(app: FastAPI) -> None:
    """Register the translations on the server (they apply to its own routes, not to the mounted Gradio app)."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(StudieturError, _studietur_error)
    app.add_exception_handler(Exception, _unexpected)


def _respond(
    status: int, message: str, param: str | None = None, code: str | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(status, message, param, code), status_code=status, headers=headers)


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return _respond(exc.status, str(exc), exc.param, exc.code, exc.headers)


async def _invalid(request: Request, exc: Exception) -> JSONResponse:
    """Bad input names its fields: `question: Field required; k: Input should be less than or equal to 50`."""
    assert isinstance(exc, RequestValidationError)
    problems = [(_field(error), error.get("msg", "invalid")) for error in exc.errors()] or [(None, "invalid request")]
    message = "; ".join(f"{field}: {text}" if field else text for field, text in problems)
    return _respond(400, message, problems[0][0], "bad_input")


def _field(error: dict[str, Any]) -> str | None:
    where = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
    return ".".join(where) or None


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return _respond(exc.status_code, str(exc.detail), code=getattr(exc, "code", None), headers=exc.headers)


async def _studietur_error(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, UnknownDocument):
        return _respond(404, str(exc), "doc", "document_not_found")
    if isinstance(exc, InputError):
        return _respond(400, str(exc), code="bad_input")
    if isinstance(exc, Busy):
        return _respond(409, str(exc), code="busy")
    if isinstance(exc, ModelLoading):
        return _respond(503, str(exc), code="model_loading", headers={"Retry-After": str(RETRY_AFTER_S)})
    if isinstance(exc, ModelError):
        return _respond(503, str(exc), code="model_failed")
    logger.warning("%s %s failed: %s", request.method, request.url.path, exc)
    return _respond(500, str(exc), code=type(exc).__name__)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("%s %s failed", request.method, request.url.path)
    return _respond(500, "an unexpected error; the server's log has the details", code="internal_error")
