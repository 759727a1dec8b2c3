"""PDF text layer, page by page, with pypdf."""

from __future__ import annotations

import logging
import struct
import zlib
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

logger = logging.getLogger(__name__)


# What pypdf raises on damaged files besides its own errors (fuzzing found NotImplementedError for unknown filters).
_DAMAGED = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    RecursionError,
    NotImplementedError,
    ArithmeticError,
    zlib.error,
    struct.error,
)


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
    except DependencyError as exc:
        raise PdfProblem(
            "the PDF is encrypted with AES, which needs the `cryptography` package (pip install cryptography); "
            "or export the PDF without protection"
        ) from exc
    except _DAMAGED as exc:
        logger.debug("pypdf failed on %s", path, exc_info=True)
        raise PdfProblem(
            f"the PDF is damaged or truncated ({type(exc).__name__}); download or export it again"
        ) from exc
