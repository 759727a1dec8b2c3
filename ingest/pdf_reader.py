"""PDF text layer, page by page, with pypdf."""

from __future__ import annotations

import logging
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError

logger = logging.getLogger(__name__)


class PdfProblem(ValueError):
    """The PDF cannot be read; the message says why in user terms."""


def pdf_pages(path: Path) -> tuple[str, ...]:
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfProblem(
                "the PDF is password-protected; remove the password (export it unprotected) and add it again"
            )
        return tuple(page.extract_text() or "" for page in reader.pages)
    except FileNotDecryptedError as exc:
        raise PdfProblem("the PDF is password-protected; remove the password and add it again") from exc
    except PdfProblem:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        logger.debug("pypdf failed on %s", path, exc_info=True)
        raise PdfProblem(
            f"the PDF is damaged or truncated ({type(exc).__name__}); download or export it again"
        ) from exc
