"""Find the files an ingest run looks at."""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from studietur.core.errors import DocumentError, InputError

logger = logging.getLogger(__name__)


def require_roots(roots: Iterable[Path]) -> None:
    """Fail on a file or folder that is not there, before anything is read or removed: a run over a shared folder
    that is not mounted must not report "no files", nor drop the documents that live there from the index."""
    missing = [str(root) for root in roots if not (root.exists() or root.is_symlink())]
    if missing:
        raise InputError(f"no such file or folder: {', '.join(missing)}; nothing was ingested (is the folder mounted?)")


def require_not_emptied(roots: Iterable[Path], files: Iterable[Path], indexed: Iterable[str]) -> None:
    """Fail on a folder that holds no file while the index holds documents from it: an empty mount point (a share that
    is not mounted) must not drop every document of the share. Removing them all is asked for explicitly."""
    present = list(files)
    for root in roots:
        if not root.is_dir() or any(is_under(path, [root]) for path in present):
            continue
        held = sum(1 for path in indexed if is_under(Path(path), [root]))
        if held:
            raise InputError(
                f"{root} holds no files, but the index holds {held} documents from it; nothing was changed "
                "(is the folder mounted?). To remove them all, ingest with --allow-empty"
            )


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


def file_hash(path: Path, max_mb: float) -> str:
    """SHA-256 of a regular file no larger than max_mb; DocumentError says why a file cannot be hashed."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A FIFO or a device (or a link to one) would block the read or never end it.
            raise DocumentError(str(path), "not a regular file (a pipe, device or socket); give the path of a document")
        size = info.st_size
        if size > max_mb * 1024 * 1024:
            raise DocumentError(
                str(path), f"file is {size / 2**20:.1f} MB, over the {max_mb:g} MB limit (ingest.max_file_mb)"
            )
        digest = hashlib.sha256()
        with path.open("rb") as data:
            for block in iter(lambda: data.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise DocumentError(str(path), f"cannot read the file ({exc.strerror or exc}); check its permissions") from exc
    return digest.hexdigest()


def shown_path(path: Path) -> str:
    """The path as text: bytes of a name that are not UTF-8 (surrogate escapes) become U+FFFD."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
