"""Re-join words split by a hyphen at a line end, and lines broken in the middle of a sentence."""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

# A line that starts one of these is structure (list item, heading, numbered point, quote), never a continuation.
_STRUCTURE = re.compile(r"^(?:[-–•·*+>#|]|\d{1,3}[.)](?:\s|$)|\d{1,2}(?:\.\d{1,2})+\s|[a-zæøå][.)]\s)")
_HEADING = re.compile(r"^#{1,6}\s")
_ENDS_CLAUSE = re.compile(r"[.!?:;]$")
_WORD_HYPHEN = re.compile(r"[^\W_]-$")
# "Beskæftigelses-\nog Integrationsudvalget": the hyphen is real and a space follows it.
_CONJUNCTION = re.compile(r"^(?:og|eller|samt|and|or)\b")
# A line ending in one of these words stops mid-sentence, even when the next line starts with a name.
_DANGLING_WORD = re.compile(
    r"(?:^|\s)(?:og|eller|samt|i|på|til|for|med|af|at|som|fra|om|hos|ved|mod|hvor|the|and|of|to|in|with)$"
)
# Prefixes whose hyphen is part of the word ("ikke-vestlig", "e-mail").
_HYPHENATED_PREFIXES = frozenset({"ikke", "e", "ex", "non"})


def join_broken_lines(text: str) -> str:
    """Blank lines between the two halves of a broken sentence (page and column breaks) go too."""
    out: list[str] = []
    last = -1
    for line in text.split("\n"):
        if not line.strip():
            out.append(line)
            continue
        joined = join_pair(out[last], line) if last >= 0 else None
        if joined is None:
            out.append(line)
            last = len(out) - 1
        else:
            del out[last + 1 :]
            out[last] = joined
    return "\n".join(out)


def join_pair(previous: str, line: str) -> str | None:
    """`previous` and `line` as one line if `line` continues it, else None."""
    head, tail = previous.rstrip(), line.strip()
    if not head or not tail or _HEADING.match(head.lstrip()) or _STRUCTURE.match(tail):
        return None
    if _WORD_HYPHEN.search(head) and not head.endswith(" -"):
        return _join_hyphenated(head, tail)
    if tail[0].islower() and not _ENDS_CLAUSE.search(head):
        return f"{head} {tail}"
    if _DANGLING_WORD.search(head) and tail[0].isalnum():
        return f"{head} {tail}"
    return None


def _join_hyphenated(head: str, tail: str) -> str | None:
    if _CONJUNCTION.match(tail):
        return f"{head} {tail}"
    if not tail[0].isalnum():
        return None
    if tail[0].islower() and head[-2].islower() and _last_word(head) not in _HYPHENATED_PREFIXES:
        return head[:-1] + tail
    return head + tail


def _last_word(head: str) -> str:
    return re.split(r"[^\w]+", head[:-1])[-1].lower()
