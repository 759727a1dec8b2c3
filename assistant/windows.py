"""Small to big: passages are found by their chunk, and read, quoted and cited with the chunks around it in the same
section of its document (a visit's head with its time and address beside the minutes that were found).

A chunk an earlier window already holds is not given again; the passages keep their order, renumbered."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from studietur.core.types import Chunk, Passage
from vectorstore.unit_vectors import unpack

Fetch = Callable[[Sequence[str]], list[Chunk]]


def widen(passages: Sequence[Passage], fetch: Fetch, reach: int) -> list[Passage]:
    """Each passage with up to `reach` chunks on either side of its own, within its section."""
    if reach <= 0 or not passages:
        return list(passages)
    found = {p.chunk.id: p for p in passages}
    wanted = sorted({i for p in passages for i in p.chunk.neighbour_ids(reach)} - found.keys())
    pool = {chunk.id: chunk for chunk in fetch(wanted)} | {p.chunk.id: p.chunk for p in passages}
    held: set[str] = set()
    widened: list[Passage] = []
    for passage in passages:
        if passage.chunk.id in held:
            continue
        members = [pool[i] for i in passage.chunk.neighbour_ids(reach) if i in pool and i not in held]
        members = sorted(
            [m for m in members if m.doc == passage.chunk.doc and m.section == passage.chunk.section] + [passage.chunk],
            key=lambda chunk: chunk.position,
        )
        held.update(m.id for m in members)
        widened.append(_window(passage, members, found, len(widened) + 1))
    return widened


def _window(passage: Passage, members: list[Chunk], found: dict[str, Passage], rank: int) -> Passage:
    """One passage of the members' text, laid out by their places in the document (overlapping chunks repeat a
    sentence: it is kept once), carrying every member's stored sentence vectors."""
    if len(members) == 1:
        return replace(passage, rank=rank)
    start, end = members[0].char_start, max(m.char_end for m in members)
    text = ["\n"] * (end - start)
    for member in members:
        text[member.char_start - start : member.char_end - start] = member.text
    vectors: dict[str, np.ndarray] = {}
    for member in members:
        vectors.update(found[member.id].sentence_vectors if member.id in found else unpack(member))
    chunk = replace(passage.chunk, text="".join(text), char_start=start, char_end=end)
    return replace(passage, chunk=chunk, rank=rank, sentence_vectors=vectors)
