"""The process environment every entry point sets before it imports a model library: nothing may reach a hub or
send telemetry from here, and tokenizers must not fork threads into our worker processes."""

from __future__ import annotations

import os

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}


def use_offline_environment() -> None:
    """Set OFFLINE_ENV, keeping any value the caller set already."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
