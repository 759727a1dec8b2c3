"""PowerPoint to text, one string per slide: the slide's title as a '#' heading, its text frames in reading order
(body placeholders' paragraphs as '- ' items), tables as tab-separated rows, and the speaker notes last."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.shapes.base import BaseShape
from pptx.slide import Slide

logger = logging.getLogger(__name__)

# Placeholders whose paragraphs are the slide's bullet points; other text boxes are read as prose.
_BULLETED = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT}
_TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
# Footer placeholders repeat on every slide and say nothing about it.
_FURNITURE = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
_ROW_EMU = 50_000  # about 1.4 mm (914,400 EMU to the inch)
UNTITLED = "Dias {number}"  # the section of a slide without a title ("dias" is Danish for slide)
NOTES = "Noter:"


def pptx_slides(path: Path) -> tuple[str, ...]:
    presentation = Presentation(str(path))
    return tuple(_slide_text(slide, number) for number, slide in enumerate(presentation.slides, start=1))


def _slide_text(slide: Slide, number: int) -> str:
    title = ""
    parts: list[str] = []
    for shape in _reading_order(slide.shapes):
        kind = _placeholder_type(shape)
        if kind in _FURNITURE:
            continue
        if kind in _TITLES and not title:
            title = " ".join(shape.text_frame.text.split())
        elif shape.has_text_frame:
            parts.append(_frame_text(shape, bulleted=kind in _BULLETED))
        elif getattr(shape, "has_table", False) and shape.has_table:
            parts.append(_table_text(shape))
    if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
        notes = " ".join(slide.notes_slide.notes_text_frame.text.split())
        if notes:
            parts.append(f"{NOTES} {notes}")
    heading = f"# {title or UNTITLED.format(number=number)}"
    return "\n\n".join([heading, *(part for part in parts if part)])


def _reading_order(shapes: object) -> Iterator[BaseShape]:
    """Shapes top to bottom, left to right (tops within a line's height count as one row); a group's shapes in its
    place. A placeholder that inherits its position from the layout has none here and counts as the top."""
    ordered = sorted(shapes, key=lambda s: ((s.top or 0) // _ROW_EMU, s.left or 0))  # type: ignore[attr-defined]
    for shape in ordered:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _reading_order(shape.shapes)
        else:
            yield shape


def _placeholder_type(shape: BaseShape) -> object:
    return shape.placeholder_format.type if shape.is_placeholder else None


def _frame_text(shape: BaseShape, *, bulleted: bool) -> str:
    lines = []
    for paragraph in shape.text_frame.paragraphs:  # type: ignore[attr-defined]
        text = " ".join(paragraph.text.split())
        if text:
            lines.append(f"{'  ' * paragraph.level}- {text}" if bulleted else text)
    return "\n".join(lines)


def _table_text(shape: BaseShape) -> str:
    rows = []
    for row in shape.table.rows:  # type: ignore[attr-defined]
        cells = [" ".join(cell.text.split()) for cell in row.cells]
        if any(cells):
            rows.append("\t".join(cells))
    return "\n".join(rows)
