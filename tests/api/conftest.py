import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from commissions.models import Commission
from cori.api.services import api_token_create


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Throttle counters live in the cache: each test starts with an empty bucket."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def other_commission(db) -> Commission:
    return Commission.objects.create(
        name="Comisión de Prueba", acronym="CPRU", kind="permanente", active_from="2022-01-01"
    )


def token_client(*, commissions, read_only: bool = False) -> tuple[APIClient, object]:
    token, key = api_token_create(
        name="prueba", commissions=commissions, read_only=read_only, created_by=None
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client, token


@pytest.fixture
def rw_client(seed_commission) -> APIClient:
    return token_client(commissions=[seed_commission])[0]


@pytest.fixture
def ro_client(seed_commission) -> APIClient:
    return token_client(commissions=[seed_commission], read_only=True)[0]
