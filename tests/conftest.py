import datetime
import os
import zoneinfo

import pytest
import time_machine

from cori.demo.loader import demo_load
from sessions.models import Commission

# The day every test runs on (see docs/tests.md): the suite never depends on the day
# it happens to run. CI runs the tests marked ``clock`` again on other days
# (CORI_TEST_TODAY=2027-02-28 and 2027-03-01: a quarter's last day and the next's first).
TEST_TODAY = datetime.date.fromisoformat(os.environ.get("CORI_TEST_TODAY") or "2026-12-06")
TEST_ZONE = zoneinfo.ZoneInfo("America/Mexico_City")


def pytest_configure(config):
    # Tests sign in and create accounts hundreds of times: MD5 there, PBKDF2 in production
    # (nothing in the tests depends on the hasher).
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: the e-mail limits (cori/ratelimit.py) and the
    API throttle count there, and every test runs at the same moment."""
    from django.core.cache import cache

    cache.clear()


def clock_moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """``day`` at ``hour`` in the institute's time zone (what ``timezone.localdate()`` reads)."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TEST_ZONE)


@pytest.fixture(autouse=True)
def _clock(request):
    """Every test starts at 10:00 of TEST_TODAY in Mexico City and the clock runs on from
    there (time-machine: it patches the C-level clock too, so Django, the database's
    Python-side defaults and forked render processes all read the same day). Browser
    tests keep the real clock: Chromium reads it, and its cookies expire by it."""
    if "live_server" in request.fixturenames:
        yield
        return
    with time_machine.travel(clock_moment(TEST_TODAY), tick=True):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the seed quarter once; each test runs in a transaction rolled back after it."""
    with django_db_blocker.unblock():
        demo_load()


@pytest.fixture
def seed_commission(db) -> Commission:
    return Commission.objects.get(acronym="CORI")


@pytest.fixture(autouse=True)
def _seed_for_transactional_tests(request, django_db_blocker):
    """A transactional test empties the database when it ends (after every fixture's
    teardown), and pytest-django runs those tests last: each one that follows another
    finds the database empty, so the seed quarter is put back before it starts. Browser
    tests load what they need themselves (the ``demo`` fixture)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction")
    if transactional and "live_server" not in request.fixturenames:
        with django_db_blocker.unblock():
            if not Commission.objects.filter(acronym="CORI").exists():
                demo_load()
    yield
