"""The documents: GET/POST /api/v1/documents, DELETE /api/v1/documents/{doc}, and POST /api/v1/ingest with its
progress at GET /api/v1/ingest/{job}. Uploads follow the UI's rules (safe names, allowed types, the size limit)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Request, Response, UploadFile

from assistant.views import summary_dict
from ui.api.errors import ApiError
from ui.api.jobs import Job
from ui.api.limits import FORM_SLACK_BYTES, MAX_UPLOAD_FILES, MB
from ui.api.schemas import DeletedOut, DocumentOut, IngestIn, JobOut, UploadOut
from ui.api.services import Shared
from ui.corpus import discard, store_named_upload
from vectorstore.manifest import FileRecord

router = APIRouter(tags=["documents"])


@router.get("/documents", summary="The ingested documents")
def documents(shared: Shared) -> list[DocumentOut]:
    return [_document(record) for record in shared.bot.documents()]


@router.post("/documents", status_code=201, summary="Upload documents and ingest them")
def upload(
    request: Request, shared: Shared, files: Annotated[list[UploadFile], File(description="PDF, DOCX, …")]
) -> UploadOut:
    """Stores the files in the corpus folder (safe names, never overwriting) and ingests them; the whole request is
    refused, storing nothing, when a file is too large (413) or of a type that is not ingested (400). A file the
    ingest skips is not kept."""
    settings = shared.bot.settings.ingest
    if len(files) > MAX_UPLOAD_FILES:
        raise ApiError(413, f"{len(files)} files in one upload; send at most {MAX_UPLOAD_FILES}", param="files")
    limit = settings.max_file_mb * MB
    declared = int(request.headers.get("content-length") or 0)
    if declared > limit * len(files) + FORM_SLACK_BYTES:
        raise ApiError(413, f"the upload is {declared / MB:.1f} MB; each file may be {settings.max_file_mb:g} MB")
    stored: list[Path] = []
    try:
        with tempfile.TemporaryDirectory(prefix="studietur-upload-") as folder:
            for upload in files:
                stored.append(_store(shared, upload, Path(folder), limit))
    except BaseException:
        discard(stored)
        raise
    outcome = shared.keeper.add(stored)
    given = {path.name: upload.filename for path, upload in zip(stored, files, strict=True)}
    return UploadOut.model_validate(
        {
            "files": [
                {
                    "name": given.get(Path(e.path).name, Path(e.path).name),
                    "stored_as": Path(e.path).name,
                    "status": e.status,
                    "chunks": e.chunks,
                    "reason": e.reason,
                }
                for e in outcome.finished
            ],
            "summary": summary_dict(outcome.summary) if outcome.summary else None,
        }
    )


@router.delete("/documents/{doc}", summary="Remove a document")
def delete(doc: str, shared: Shared) -> DeletedOut:
    """Takes the document (its file name, as GET /documents lists it) out of the index, and deletes its file when it
    lies in the corpus folder."""
    removal = shared.keeper.delete(doc)
    return DeletedOut(deleted=removal.doc, file_removed=removal.file_removed)


@router.post("/ingest", status_code=202, summary="Re-sync the index with the corpus folder")
def ingest(request: Request, response: Response, shared: Shared, body: IngestIn | None = None) -> JobOut:
    """Starts a re-sync and answers at once (202, its progress at the Location given), or at its end (200) with
    `{"wait": true}`. 409 while another ingest or delete runs."""
    job = shared.jobs.start()
    response.headers["Location"] = str(request.url_for("ingest_job", job_id=job.id))
    if body is not None and body.wait:
        job.wait()
        response.status_code = 200
    return JobOut.model_validate(job.to_dict())


@router.get("/ingest/{job_id}", summary="The progress of an ingest")
def ingest_job(job_id: str, shared: Shared) -> JobOut:
    job: Job | None = shared.jobs.get(job_id)
    if job is None:
        raise ApiError(404, f"no ingest {job_id} (the server keeps the last 20)", param="job_id", code="job_not_found")
    return JobOut.model_validate(job.to_dict())


def _store(shared: Shared, upload: UploadFile, folder: Path, limit: float) -> Path:
    name = upload.filename or "dokument"
    temporary = folder / "upload"
    with temporary.open("wb") as out:
        size = 0
        while chunk := upload.file.read(MB):
            size += len(chunk)
            if size > limit:
                raise ApiError(413, f"{name} is larger than {limit / MB:g} MB (ingest.max_file_mb)", param="files")
            out.write(chunk)
    paths = shared.bot.settings.paths
    try:
        return store_named_upload(temporary, name, paths.corpus_dir, limit / MB, shared.keeper.upload_types)
    finally:
        temporary.unlink(missing_ok=True)


def _document(record: FileRecord) -> DocumentOut:
    return DocumentOut(
        doc=record.doc,
        title=record.title,
        year=record.year,
        type=record.doc_type,
        path=record.path,
        passages=len(record.chunk_ids),
        done=record.done,
        ingested_at=record.ingested_at,
    )
