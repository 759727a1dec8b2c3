"""Re-join words split by a hyphen at a line end, and lines broken in the middle of a sentence."""

from __future__ import annotations

import logging
import re

from studietur.text.lexicon import BULLET, LETTER_MARKER, NUMBER_MARKER

logger = logging.getLogger(__name__)

# A line that starts one of these is structure (list item, heading, numbered point, quote), never a continuation.
_STRUCTURE = re.compile(rf"^(?:{BULLET}|[+>#|]|{NUMBER_MARKER}(?:\s|$)|\d{{1,2}}(?:\.\d{{1,2}})+\s|{LETTER_MARKER}\s)")
_HEADING = re.compile(r"^#{1,6}\s")
_ENDS_CLAUSE = re.compile(r"[.!?:;]$")
_WORD_HYPHEN = re.compile(r"[^\W_]-$")
# "Beskæftigelses-\nog Integrationsudvalget": the hyphen is real and a space follows it.
_CONJUNCTION = re.compile(r"^(?:og|eller|samt|and|or)\b")
# A line ending in one of these words stops mid-sentence, even when the next line starts with a name.
_DANGLING_WORD = re.compile(
    r"(?:^|\s)(?:og|eller|samt|i|på|til|for|med|af|at|som|fra|om|hos|ved|mod|hvor|the|and|of|to|in|with)$"
)
# Prefixes whose hyphen is part of the word ("ikke-vestlig", "e-mail", "it-system").
_HYPHENATED_PREFIXES = frozenset({"ikke", "e", "ex", "non", "it"})
# A part without a vowel is no syllable but an abbreviation ("tv-udsendelse", "pc-arbejdsplads"): its hyphen stays.
_VOWEL = re.compile(r"[aeiouyæøåéèáàäöü]")
# The join rules look at most this far back into a line: longer than any word they test for.
_WINDOW = 64


def join_broken_lines(text: str) -> str:
    """Blank lines between the two halves of a broken sentence (page and column breaks) go too.

    A joined line grows by pieces and the join rules read only its end, so a long run of joins stays linear.
    """
    out: list[list[str]] = []  # each output line as pieces
    last = -1  # the last non-blank output line: its end, and whether it is a heading (never continued)
    end, heading = "", False
    for line in text.split("\n"):
        if not line.strip():
            out.append([line])
            continue
        tail = line.strip()
        how = _joint(end, heading, tail) if last >= 0 else None
        if how is None:
            out.append([line])
            last, end, heading = len(out) - 1, line.rstrip()[-_WINDOW:], bool(_HEADING.match(line.lstrip()))
            continue
        drop, glue = how
        del out[last + 1 :]
        pieces = out[last]
        pieces[-1] = pieces[-1].rstrip()
        pieces[-1] = pieces[-1][: len(pieces[-1]) - drop]
        pieces.extend((glue, tail))
        end = (end[: len(end) - drop] + glue + tail)[-_WINDOW:]
    return "\n".join("".join(pieces) for pieces in out)


def join_pair(previous: str, line: str) -> str | None:
    """`previous` and `line` as one line if `line` continues it, else None."""
    head, tail = previous.rstrip(), line.strip()
    how = _joint(head, bool(_HEADING.match(head.lstrip())), tail)
    if how is None:
        return None
    drop, glue = how
    return head[: len(head) - drop] + glue + tail


def _joint(head: str, heading: bool, tail: str) -> tuple[int, str] | None:
    """How `tail` continues a line ending in `head`: (characters to drop from the line's end, glue), or None."""
    if not head or not tail or heading or _STRUCTURE.match(tail):
        return None
    if _WORD_HYPHEN.search(head) and not head.endswith(" -"):
        return _hyphenated(head, tail)
    if tail[0].islower() and not _ENDS_CLAUSE.search(head):
        return 0, " "
    if _DANGLING_WORD.search(head) and tail[0].isalnum():
        return 0, " "
    return None


def _hyphenated(head: str, tail: str) -> tuple[int, str] | None:
    if _CONJUNCTION.match(tail):
        return 0, " "
    if not tail[0].isalnum():
        return None
    last = _last_word(head)
    if tail[0].islower() and head[-2].islower() and last not in _HYPHENATED_PREFIXES and _VOWEL.search(last):
        return 1, ""
    return 0, ""


def _last_word(head: str) -> str:
    return re.split(r"[^\w]+", head[:-1])[-1].lower()
