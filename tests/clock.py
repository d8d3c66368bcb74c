"""The suite's clock (docs/tests.md): the day every test runs on, and when the seed quarter
is loaded, so that no test depends on the day, or the hour, it happens to run."""

import datetime
import os
import zoneinfo

# The day every test runs on: CI runs the tests marked ``clock`` again on other days
# (CORI_TEST_TODAY=2027-02-28 and 2027-03-01: a quarter's last day and the next's first).
TEST_TODAY = datetime.date.fromisoformat(os.environ.get("CORI_TEST_TODAY") or "2026-12-06")
TEST_ZONE = zoneinfo.ZoneInfo("America/Mexico_City")


def clock_moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """``day`` at ``hour`` in the institute's time zone (what ``timezone.localdate()`` reads)."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TEST_ZONE)


# The seed quarter is loaded at 08:00 of that day, before any test's clock starts (10:00):
# what loading it records (its history) precedes what every test does. Loaded at the real
# time, a run after 10:00 of TEST_TODAY found the seed's history newer than its own changes.
SEED_LOADED_AT = clock_moment(TEST_TODAY, hour=8)
