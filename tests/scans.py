"""Scanned PDF pages made for the OCR tests: a page typeset by fpdf2, rendered to an image by PDFium and saved as an
image-only PDF page (importable as `scans`, see pytest's pythonpath)."""

from __future__ import annotations

import io

import pypdfium2
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter


def _typeset(lines: list[str]) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=14)
    pdf.add_page()
    for line in lines:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def scanned_pdf(lines: list[str], typed_first: str = "") -> bytes:
    """A PDF whose page is only an image of `lines`; with `typed_first`, after a page with a text layer."""
    document = pypdfium2.PdfDocument(_typeset(lines))
    image = document[0].render(scale=200 / 72, grayscale=True).to_pil()
    document.close()
    scan = io.BytesIO()
    image.save(scan, format="PDF", resolution=200)
    writer = PdfWriter()
    if typed_first:
        writer.append(PdfReader(io.BytesIO(_typeset([typed_first]))))
    writer.append(PdfReader(io.BytesIO(scan.getvalue())))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
