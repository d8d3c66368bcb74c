"""Pages issue the same number of queries whatever the amount of data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cori.access import ADMINISTRATION
from cori.demo.volume import scale_data_generate
from cori.records import REGISTRY
from tests.staff import make_user

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_lists_and_dashboard_take_constant_queries_at_small_and_large_sizes(client):
    small = scale_data_generate(scale=0.05, prefix="ESP")
    large = scale_data_generate(scale=0.5, prefix="ESG")
    assert large["comunicaciones SIVOPLE"] >= 9 * small["comunicaciones SIVOPLE"]
    client.force_login(make_user("escala", ADMINISTRATION))
    # The dashboard compares 2020–2024 with 2015–2019: both spans hold data at both sizes.
    dashboard = "?inicio=2020-01-01&fin=2024-12-31"
    pages = [("commission_home", (), dashboard)] + [
        ("record_list", (slug,), "") for slug in REGISTRY
    ]
    different = []
    for name, args, query in pages:
        counts = [
            _queries(client, reverse(name, args=[acronym, *args]) + query)
            for acronym in ("ESP1", "ESG1")
        ]
        if counts[0] != counts[1]:
            different.append((name, args, counts))
    assert different == [], different
