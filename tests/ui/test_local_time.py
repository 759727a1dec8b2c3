"""The documents table shows when a file was read as the clock reads in ui.timezone (the index keeps UTC)."""

from __future__ import annotations

import pytest

from assistant.settings import load_settings
from studietur.core.errors import ConfigError
from ui.documents import local_time


@pytest.mark.parametrize(
    ("stamp", "shown"),
    [
        ("2026-12-07T03:42:10+00:00", "2026-12-07 04:42"),  # winter: UTC+1
        ("2026-07-01T22:30:00+00:00", "2026-07-02 00:30"),  # summer: UTC+2, past midnight
        ("2026-12-07T03:42:10", "2026-12-07 04:42"),  # no offset: the index writes UTC
    ],
)
def test_an_index_time_is_shown_in_copenhagen_time(stamp: str, shown: str) -> None:
    assert local_time(stamp, "Europe/Copenhagen") == shown


def test_another_zone_and_a_stamp_that_is_no_time() -> None:
    assert local_time("2026-12-07T03:42:10+00:00", "UTC") == "2026-12-07 03:42"
    assert local_time("ukendt", "Europe/Copenhagen") == "ukendt"


def test_an_unknown_zone_is_refused_naming_the_setting() -> None:
    with pytest.raises(ConfigError, match=r"ui\.timezone.*Mars/Olympus"):
        load_settings(overrides={"ui": {"timezone": "Mars/Olympus"}})
