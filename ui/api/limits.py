"""How large a request to the APIs may be: a question, a search or a chat fits in MAX_JSON_BYTES; uploads are held to
ingest.max_file_mb by their own route (ui/api/documents.py). A declared size over the limit is refused (413) before
the body is read."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from ui.api.errors import error_body

MAX_JSON_BYTES = 1024 * 1024
API_PREFIXES = ("/api/", "/v1/")
UPLOAD_PATH = "/api/v1/documents"


class BodyLimit:
    """ASGI middleware: 413 for a request to the APIs whose Content-Length exceeds MAX_JSON_BYTES (uploads excepted)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _limited(scope["path"]):
            declared = Request(scope).headers.get("content-length", "0")
            if declared.isdigit() and int(declared) > MAX_JSON_BYTES:
                response: Response = JSONResponse(
                    error_body(
                        413,
                        f"the request is {int(declared):,} bytes; the API takes at most {MAX_JSON_BYTES:,}",
                        code="too_large",
                    ),
                    status_code=413,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _limited(path: str) -> bool:
    return path.startswith(API_PREFIXES) and path.rstrip("/") != UPLOAD_PATH
