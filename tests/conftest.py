import shutil
import tempfile
from pathlib import Path

import pytest
import time_machine
from django.test.utils import override_settings
from pytest_django.plugin import blocking_manager_key

from commissions.models import Commission
from cori import datacache
from tests.clock import TEST_TODAY, TEST_ZONE, clock_moment  # noqa: F401  (tests import them here)
from tests.seed import (
    seed_flushed,
    seed_is_flushed,
    seed_restore,
    seeded_database_set_up,
    seeded_database_tear_down,
)


def pytest_configure(config):
    # Tests sign in and create accounts hundreds of times: MD5 there, PBKDF2 in production
    # (nothing in the tests depends on the hasher).
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _files_isolate(config)


def _files_isolate(config):
    """Files the tests write (documents, media, rendered reports, demo e.firmas) go to a folder of this
    process, removed when it ends: not into the checkout, and never shared by two
    pytest-xdist workers (a test that counts or prunes files sees only its own process's)."""
    from django.conf import settings

    root = Path(tempfile.mkdtemp(prefix="cori-tests-files-"))
    storages = {
        **settings.STORAGES,
        "render_cache": {
            **settings.STORAGES["render_cache"],
            "OPTIONS": {
                **settings.STORAGES["render_cache"]["OPTIONS"],
                "location": root / "render",
            },
        },
        "documents": {
            **settings.STORAGES["documents"],
            "OPTIONS": {
                **settings.STORAGES["documents"]["OPTIONS"],
                "location": root / "documents",
            },
        },
    }
    override = override_settings(
        MEDIA_ROOT=root / "media",
        DOCUMENTS_ROOT=root / "documents",
        RENDER_CACHE_ROOT=root / "render",
        SIGNATURE_DEMO_DIR=root / "firmas-demo",
        STORAGES=storages,
    )
    override.enable()
    config.add_cleanup(lambda: shutil.rmtree(root, ignore_errors=True))
    config.add_cleanup(override.disable)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: the e-mail limits (cori/ratelimit.py) and the
    API throttle count there, and every test runs at the same moment."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _writes_change_the_data_version(request, monkeypatch):
    """A test runs in a transaction that never commits, so the data version that keys the
    cached reads (cori/datacache.py) would never change after its writes: here each write
    changes a version kept in memory instead (no query). Transactional tests commit, and
    tests marked ``commit`` run the commit hooks themselves (tests/cori/test_datacache.py):
    both keep the real one."""
    if _transactional(request.node) or request.node.get_closest_marker("commit"):
        return
    version = [0]

    def bump(connection) -> None:
        version[0] += 1

    monkeypatch.setattr(datacache, "data_version", lambda using="default": f"prueba{version[0]}")
    monkeypatch.setattr(datacache, "_bump_after_commit", bump)


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
def django_db_setup(
    django_test_environment,
    django_db_modify_db_settings,  # pytest-xdist: a database per worker
    django_db_blocker,
    django_db_keepdb,
    django_db_createdb,
):
    """The test database, migrated, with the seed quarter loaded, once per process (on
    SQLite a copy of a template built once for this code: tests/seed.py); each test runs
    in a transaction rolled back after it."""
    keepdb = django_db_keepdb and not django_db_createdb
    config = seeded_database_set_up(django_db_blocker, keepdb=keepdb)
    yield
    if not keepdb:
        seeded_database_tear_down(config, django_db_blocker)


@pytest.fixture
def seed_commission(db) -> Commission:
    return Commission.objects.get(acronym="CORI")


def _transactional(item: pytest.Item) -> bool:
    """pytest-django's own test: these empty the database when they end."""
    marker = item.get_closest_marker("django_db")
    flagged = marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    )
    fixtures = getattr(item, "fixturenames", ())
    return bool(flagged) or "transactional_db" in fixtures or "live_server" in fixtures


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test empties the database when it ends (pytest-django's flush,
    after every fixture's teardown); pytest-django runs those tests after the others that
    use the database, and with pytest-xdist a worker may go on to any test. Note it, so
    that the next test's set-up puts the seed quarter back. Noted before the teardown runs:
    a fixture that puts the seed back after the flush (tests/browser) clears the note."""
    if _transactional(item):
        seed_flushed()
    return (yield)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Every test starts with the seed quarter in the database: after a transactional test
    emptied it, it is put back here, before the test's fixtures (and its transaction)
    begin: on SQLite a copy of the template, in milliseconds; on PostgreSQL ``demo_load``.
    Browser tests that ask for the ``demo`` fixture put it back themselves."""
    if seed_is_flushed() and "demo" not in getattr(item, "fixturenames", ()):
        with item.config.stash[blocking_manager_key].unblock():
            seed_restore()
