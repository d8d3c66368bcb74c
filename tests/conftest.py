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
