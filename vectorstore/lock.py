"""One writer at a time per index folder, across processes: an advisory `flock` on a lock file in the folder.

The lock is tied to the open file, so the kernel releases it when the holder exits or is killed; a stale lock
file left on disk never blocks anyone. Readers take no lock: every file they read is replaced atomically.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from pathlib import Path
from types import TracebackType

from studietur.core.errors import IndexStoreError

logger = logging.getLogger(__name__)

LOCK_FILE = "write.lock"
_POLL_SECONDS = 0.1


class IndexLock:
    """`with IndexLock(folder / LOCK_FILE, wait=…):` waits up to `wait` seconds for the lock, then gives up."""

    def __init__(self, path: Path, wait: float) -> None:
        self.path = path
        self.wait = wait
        self._fd: int | None = None

    def __enter__(self) -> IndexLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            self._acquire(fd)
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def _acquire(self, fd: int) -> None:
        deadline = time.monotonic() + self.wait
        waiting = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                if waiting:
                    logger.info("%s: got the index lock", self.path.parent)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexStoreError(
                        f"{self.path.parent}: another process ({_holder(fd)}) is writing the index; wait for it to "
                        "finish and try again"
                    ) from None
                if not waiting:
                    logger.warning(
                        "%s: another process (%s) is writing the index; waiting up to %.0f s",
                        self.path.parent,
                        _holder(fd),
                        self.wait,
                    )
                    waiting = True
                time.sleep(_POLL_SECONDS)


def _holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode(errors="replace").strip()
    except OSError:
        pid = ""
    return f"pid {pid}" if pid.isdigit() else "pid unknown"
