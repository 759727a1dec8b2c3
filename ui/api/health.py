"""GET /api/v1/health: whether the server can answer (the model loaded?), what the index holds, the version."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter

from ui import model_status
from ui.api.schemas import HealthOut
from ui.api.services import Shared

router = APIRouter(tags=["health"])


def studietur_version() -> str:
    try:
        return version("studietur")
    except PackageNotFoundError:  # run from a source tree that was not installed
        return "unknown"


@router.get("/health", summary="Readiness, index counts and version")
def health(shared: Shared) -> HealthOut:
    """Open without the token, for load balancers. `status`: ok, loading (the model; answers wait) or failed."""
    bot = shared.bot
    failure = model_status.failure(bot)
    status = "loading" if model_status.loading(bot) else "failed" if failure else "ok"
    records = bot.documents()
    return HealthOut.model_validate(
        {
            "status": status,
            "model": {
                "name": bot.settings.embedding.model,
                "loaded": status == "ok",
                "error": str(failure) if failure else None,
            },
            "index": {"documents": len(records), "passages": sum(len(r.chunk_ids) for r in records if r.done)},
            "generative": bot.can_generate,
            "ingest_running": shared.keeper.busy,
            "version": studietur_version(),
        }
    )
