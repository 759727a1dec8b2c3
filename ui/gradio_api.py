"""What Gradio's own API shows `gradio_client`: a few events under names that say what they do (README "API");
every other event is private to the page. The JSON API (ui/api) is the contract for other tools."""

from __future__ import annotations

from typing import Any

HIDDEN: dict[str, Any] = {"api_visibility": "private"}


def public(name: str) -> dict[str, Any]:
    return {"api_name": name, "api_visibility": "public"}
