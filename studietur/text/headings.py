"""How a heading line reads: its number, and its title in readable case."""

from __future__ import annotations

import re

from studietur.text.casing import is_all_caps, readable_case

# "9.5 Beskæftigelses- og Integrationsudvalget", "10.GREYSTON BAKERY": group 1 the number, group 2 the title.
NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})(?:\.\s*|\s+)(?=[^\W\d_])(\S.*)$")


def display_title(line: str, case: dict[str, str]) -> str:
    """'## 10.GREYSTON BAKERY' -> '10. Greyston Bakery'."""
    text = line.strip().lstrip("#").strip()
    number = NUMBERED.match(text)
    if number:
        dot = "." if text[len(number.group(1))] == "." else ""
        text = f"{number.group(1)}{dot} {number.group(2)}"
    if is_all_caps(text):
        text = readable_case(text, case)
    return " ".join(text.split()).rstrip(":")
