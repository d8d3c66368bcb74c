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
def _seed_back_after_a_flush(request, django_db_blocker):
    """A transactional test empties the database when it ends; put the seed quarter back
    for whatever runs after it. Browser tests restore it once for their whole package."""
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction")
    if transactional and "live_server" not in request.fixturenames:
        with django_db_blocker.unblock():
            demo_load()
