"""Office files are zip archives: refuse zip bombs before any reader unpacks one."""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path

logger = logging.getLogger(__name__)

# An archive may unpack to this many times the file size limit; more is taken for a zip bomb.
_UNPACK_FACTOR = 20
_MAX_MEMBERS = 10_000


class UnsafeArchive(ValueError):
    """The archive would unpack to far more data than the file size suggests."""


def check_archive(path: Path, max_file_mb: float) -> None:
    """Refuse zip bombs by the sizes the zip directory declares, before any member is unpacked."""
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        if len(members) > _MAX_MEMBERS:
            raise UnsafeArchive(f"the archive holds {len(members)} files")
        total = sum(member.file_size for member in members)
    limit = max_file_mb * _UNPACK_FACTOR * 2**20
    if total > limit:
        raise UnsafeArchive(f"it would unpack to {total / 2**20:.0f} MB (limit {limit / 2**20:.0f} MB)")
