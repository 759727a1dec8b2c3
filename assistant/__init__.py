"""Question -> route -> retrieve -> answer with citations; the Python API:

from assistant import open_assistant
bot = open_assistant()
answer = bot.ask("Hvad er Greyston Bakerys motto?")
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.service import Assistant


def open_assistant(settings_file: Path | None = None) -> Assistant:
    """Load settings (settings.yaml + environment) and open the assistant on them (`Assistant.open` takes a settings
    tree, and optionally an embedder or an LLM to share)."""
    from assistant.service import Assistant
    from assistant.settings import load_settings

    return Assistant.open(load_settings(settings_file))
