"""When a visit took place, as an answer writes it: the report's own words in Danish; in English the weekday
translated and the date spelt out, since "12/10" reads as December 10 to an English reader."""

from __future__ import annotations

import pytest

from assistant.answerers.catalogue_text import when_text
from studietur.catalogue.model import Visit


def _visit(day_text: str, date: str, time_text: str = "16.00 – 17.00") -> Visit:
    return Visit(doc="r.txt", trip_title="Studietur", number=1, organisation="Atlantis", day_text=day_text,
                 date=date, time_text=time_text)  # fmt: skip


@pytest.mark.parametrize(
    ("visit", "danish", "english"),
    [
        (_visit("Torsdag 12/10", "2023-10-12"), "torsdag 12/10 2023 kl. 16.00 – 17.00", "Thursday 12 October 2023, 16.00 – 17.00"),
        (_visit("Torsdag 12/10", ""), "torsdag 12/10 kl. 16.00 – 17.00", "Thursday 12/10, 16.00 – 17.00"),
        (_visit("", "2024-03-05", ""), " 2024", "5 March 2024"),
        (_visit("12. oktober", "", ""), "12. oktober", "12. oktober"),
    ],
)  # fmt: skip
def test_when_a_visit_took_place(visit: Visit, danish: str, english: str) -> None:
    assert when_text(visit, "da") == danish.strip()
    assert when_text(visit, "en") == english
