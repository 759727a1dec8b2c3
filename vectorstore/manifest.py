"""Which files are in the index, with their content hash and chunk ids; written atomically."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from studietur.core.errors import IndexStoreError

logger = logging.getLogger(__name__)


@dataclass
class FileRecord:
    """One ingested file. `done` is False while its chunks are being written. `encoding` is the detected encoding
    of a text or HTML file; `ocr_pages` the pages (from 1) of a PDF whose text OCR read."""

    path: str
    doc: str
    file_hash: str
    title: str
    year: int | None
    doc_type: str
    chunk_ids: list[str]
    ingested_at: str
    done: bool = False
    encoding: str = ""
    ocr_pages: list[int] = field(default_factory=list)


@dataclass
class Manifest:
    fingerprint: str = ""
    files: dict[str, FileRecord] = field(default_factory=dict)

    def done_chunk_ids(self) -> set[str]:
        return {cid for record in self.files.values() if record.done for cid in record.chunk_ids}

    def by_hash(self, file_hash: str) -> FileRecord | None:
        return next((r for r in self.files.values() if r.file_hash == file_hash and r.done), None)


def load_manifest(path: Path) -> Manifest:
    if not path.exists():
        return Manifest()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = {key: FileRecord(**value) for key, value in data.get("files", {}).items()}
    except (OSError, ValueError, TypeError) as exc:
        raise IndexStoreError(f"{path}: manifest unreadable ({exc}); run `studietur ingest --rebuild`") from exc
    return Manifest(fingerprint=data.get("fingerprint", ""), files=files)


def save_manifest(manifest: Manifest, path: Path) -> None:
    """Write to a temporary file, fsync, then rename over the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    data = {"fingerprint": manifest.fingerprint, "files": {key: asdict(rec) for key, rec in manifest.files.items()}}
    with tmp.open("w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, indent=1)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def stamp(path: Path) -> tuple[int, int, int] | None:
    """(inode, size, mtime in ns) of the manifest: every save replaces the file, so this changes with it."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns
