"""Question -> retrieve -> answer with citations; the CLI and the Python API.

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
    """Load settings (settings.yaml + environment) and open the assistant on them."""
    from assistant.service import open_assistant as _open
    from assistant.settings import load_settings

    return _open(load_settings(settings_file))
