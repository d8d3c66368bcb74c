import pytest

from cori.demo.loader import demo_load
from sessions.models import Commission


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
