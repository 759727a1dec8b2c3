"""Settings of the ingest step (one branch of the settings tree)."""

from __future__ import annotations

from pydantic import BaseModel, Field

# Bump when the same text and settings are cut into other chunks: stored indexes are then rebuilt.
CHUNKER_VERSION = 3


class ChunkSettings(BaseModel):
    """How cleaned documents are cut into passages."""

    max_tokens: int = Field(
        350,
        ge=32,
        le=500,
        description="Largest chunk in embedding-model tokens, title/section header and 'passage: ' prefix included (e5 reads 512).",
    )
    min_tokens: int = Field(
        40, ge=0, description="Chunks smaller than this are merged into a neighbour of the same section."
    )
    overlap_sentences: int = Field(
        1,
        ge=0,
        le=5,
        description="Sentences repeated from the end of one chunk at the start of the next, within a section.",
    )


class OcrSettings(BaseModel):
    """Reading the pages of scanned PDFs (pages without a text layer) with Tesseract."""

    enabled: bool = Field(
        True, description="OCR pages without a text layer; off, such a PDF is refused with a message."
    )
    languages: str = Field(
        "dan+eng", description="Tesseract language models, '+'-joined (Debian packages tesseract-ocr-dan, -eng)."
    )
    dpi: int = Field(
        300, ge=72, le=600, description="Resolution pages are rendered at for OCR (Tesseract reads 300 best)."
    )
    max_pages: int = Field(
        200, ge=1, description="A PDF with more pages than this to OCR is refused (each page takes seconds)."
    )
    page_timeout: float = Field(120.0, gt=0, description="Seconds Tesseract may take on one page.")


class IngestSettings(BaseModel):
    """What ingest accepts and how it cuts documents."""

    extensions: list[str] = Field(
        default_factory=lambda: [".txt", ".md", ".pdf", ".docx", ".html", ".htm", ".pptx", ".xlsx"],
        description="File types read by ingest; others are skipped with a message.",
    )
    max_file_mb: float = Field(50.0, gt=0, description="Files larger than this are skipped with a message.")
    chunking: ChunkSettings = Field(default_factory=ChunkSettings, description="Chunking parameters.")
    ocr: OcrSettings = Field(default_factory=OcrSettings, description="OCR of scanned PDF pages.")
