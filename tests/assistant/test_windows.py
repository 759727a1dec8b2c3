"""Small to big: a passage found by its chunk is read and cited with the chunks around it in its section."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.answerers.extractive import placed
from assistant.windows import widen
from studietur.core.types import Chunk, Passage, chunk_id
from studietur.text.units import Unit

DOC = (
    "Besøg hos Nuuk Jobcenter.\n"
    "Tidspunkt: Mandag kl. 10. Adresse: Aqqusinersuaq 1, Nuuk.\n"
    "Referat: Centret hjælper unge i job. De unge får en mentor.\n"
    "Næste besøg: Ilisimatusarfik.\n"
)
SPANS = [  # (section, start text, end text): the second and third chunks repeat a sentence of the one before
    ("Nuuk Jobcenter", "Besøg", "Nuuk.\n"),
    ("Nuuk Jobcenter", "Adresse", "i job."),
    ("Nuuk Jobcenter", "Referat", "mentor.\n"),
    ("Ilisimatusarfik", "Næste", "Ilisimatusarfik.\n"),
]


def _chunks() -> list[Chunk]:
    chunks = []
    for position, (section, first, last) in enumerate(SPANS):
        start = DOC.index(first)
        end = DOC.index(last, start) + len(last)
        text = DOC[start:end]
        chunks.append(Chunk(chunk_id("nuuk", position), "nuuk.md", "Rejse", section, text, position, start, end, "h"))
    return chunks


CHUNKS = _chunks()


def _fetch(ids: Sequence[str]) -> list[Chunk]:
    by_id = {chunk.id: chunk for chunk in CHUNKS}
    return [by_id[i] for i in ids if i in by_id]


def _found(*positions: int) -> list[Passage]:
    return [
        Passage(CHUNKS[at], 1.0 / rank, rank, sentence_vectors={CHUNKS[at].text: np.full(2, float(at))})
        for rank, at in enumerate(positions, start=1)
    ]


def test_a_found_chunk_is_read_with_its_neighbours_in_the_same_section() -> None:
    (window,) = widen(_found(1), _fetch, reach=1)
    assert window.chunk.id == CHUNKS[1].id and window.rank == 1
    assert window.chunk.text == DOC[: DOC.index("Næste")]  # the repeated sentences once, in the document's order
    assert (window.chunk.char_start, window.chunk.char_end) == (0, DOC.index("Næste"))
    assert "Ilisimatusarfik" not in window.chunk.text  # the next section is another visit


def test_a_chunk_an_earlier_window_holds_is_not_given_again() -> None:
    widened = widen(_found(0, 1, 3), _fetch, reach=1)
    assert [p.chunk.id for p in widened] == [CHUNKS[0].id, CHUNKS[3].id]
    assert [p.rank for p in widened] == [1, 2]
    assert widened[0].chunk.text == DOC[: CHUNKS[1].char_end]  # chunk 2 is not chunk 0's neighbour
    assert widened[1].chunk.text == CHUNKS[3].text  # alone in its section


def test_a_window_carries_the_sentence_vectors_of_the_chunks_it_was_found_with() -> None:
    (window, _) = widen(_found(1, 3), _fetch, reach=1)
    assert set(window.sentence_vectors) >= {CHUNKS[1].text}


def test_reach_zero_changes_nothing() -> None:
    found = _found(1, 2)
    assert widen(found, _fetch, reach=0) == found


def test_a_sentence_found_in_a_chunk_is_placed_in_the_window_that_holds_it() -> None:
    chunk = CHUNKS[2]
    start = chunk.text.index("De unge")
    unit = Unit(start, start + len("De unge får en mentor."), "De unge får en mentor.")
    windows = widen(_found(1, 2), _fetch, reach=1)
    passage, moved = placed((_found(2)[0], unit), windows)
    assert passage.chunk.id == CHUNKS[1].id and passage.chunk.text[moved.start : moved.end] == unit.text
