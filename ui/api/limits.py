"""How large a request to the APIs may be: a question, a search or a chat fits in MAX_JSON_BYTES; an upload in
MAX_UPLOAD_FILES files of ingest.max_file_mb each (its route also holds each file to that). A declared size over the
limit is refused (413) before the body is read; a body sent without one (chunked) as soon as it passes the limit,
so neither is ever held in memory or spooled to disk whole. (FastAPI's own `max_body_size` answers a body that
grows too large with a plain-text 413; this keeps the APIs' one error shape.)"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ui.api.errors import error_body

MB = 1024 * 1024
MAX_JSON_BYTES = MB
MAX_UPLOAD_FILES = 20
FORM_SLACK_BYTES = 64 * 1024  # multipart headers and boundaries around the files
API_PREFIXES = ("/api/", "/v1/")
UPLOAD_PATH = "/api/v1/documents"


def upload_bytes(max_file_mb: float) -> int:
    """The largest upload request: MAX_UPLOAD_FILES files of `max_file_mb`, and their form."""
    return int(max_file_mb * MB) * MAX_UPLOAD_FILES + FORM_SLACK_BYTES


class BodyTooLarge(HTTPException):
    """A body that grew past the limit while it was read. Raised from the body's reader, it reaches the error
    translations (ui/api/errors.py) as any HTTP error does: FastAPI passes HTTP errors of a body's reading on."""

    code = "too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request is over {limit:,} bytes; the API takes at most {limit:,}")


class BodyLimit:
    """ASGI middleware: 413 for a request to the APIs over its limit, declared or counted while it arrives."""

    def __init__(self, app: ASGIApp, upload_limit: int) -> None:
        self.app = app
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIXES):
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if scope["path"].rstrip("/") == UPLOAD_PATH else MAX_JSON_BYTES
        declared = Request(scope).headers.get("content-length", "0")
        if declared.isdigit() and int(declared) > limit:
            message = f"the request is {int(declared):,} bytes; the API takes at most {limit:,}"
            response: Response = JSONResponse(error_body(413, message, code=BodyTooLarge.code), status_code=413)
            await response(scope, receive, send)
            return
        await self.app(scope, _counting(receive, limit), send)


def _counting(receive: Receive, limit: int) -> Receive:
    received = 0

    async def counted() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit)
        return message

    return counted
