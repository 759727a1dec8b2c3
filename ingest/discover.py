"""Find the files an ingest run looks at."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path

from studietur.core.errors import InputError

logger = logging.getLogger(__name__)


def require_roots(roots: Iterable[Path]) -> None:
    """Fail on a file or folder that is not there, before anything is read or removed: a run over a shared folder
    that is not mounted must not report "no files", nor drop the documents that live there from the index."""
    missing = [str(root) for root in roots if not (root.exists() or root.is_symlink())]
    if missing:
        raise InputError(f"no such file or folder: {', '.join(missing)}; nothing was ingested (is the folder mounted?)")


def discover(paths: Iterable[Path]) -> list[Path]:
    """Every regular file under the given files and folders (hidden ones and symlinked folders left out)."""
    found: set[Path] = set()
    for root in paths:
        if root.is_dir():
            found.update(_walk(root))
        elif root.exists() or root.is_symlink():
            found.add(root.absolute())
        else:
            logger.warning("%s: no such file or folder", root)
    return sorted(found)


def _walk(root: Path) -> Iterable[Path]:
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith("."):
                yield Path(folder, name).absolute()


def is_under(path: Path, roots: Iterable[Path]) -> bool:
    return any(path == root or root in path.parents for root in (r.absolute() for r in roots))
