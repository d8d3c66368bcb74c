"""API lists cost the same queries whatever the data, and their order is an index's."""

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from commissions.models import Commission
from cori.api.services import api_token_create
from cori.api.viewsets import RecordViewSet
from cori.demo.volume import scale_data_generate
from sessions.filters import AccordFilter
from sessions.models import Accord
from tests.staff import SECRETARIAT, make_user


def _list_views() -> dict[str, type[RecordViewSet]]:
    """Every record list of the API: its URL name and its viewset."""
    found = {}

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "cls", None)
                actions = getattr(pattern.callback, "actions", None) or {}
                if view and issubclass(view, RecordViewSet) and actions.get("get") == "list":
                    found[pattern.name] = view

    walk(get_resolver().url_patterns)
    return found


LISTS = _list_views()


def _client(prefix: str) -> APIClient:
    """A token over the commissions of ``prefix``, created by a Secretaría técnica member
    (whose role and commissions the API reads on every request)."""
    commissions = list(Commission.objects.filter(acronym__startswith=prefix))
    creator = make_user(f"creadora-{prefix.lower()}", SECRETARIAT, commissions)
    _, key = api_token_create(
        name=prefix, commissions=commissions, read_only=False, created_by=creator
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _queries(client, url: str, params: dict | None = None) -> list[str]:
    client.get(url, params)  # the token's last use recorded (once a minute)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, (url, response.json())
    return [query["sql"] for query in queries]


@pytest.mark.database
@pytest.mark.django_db
def test_api_lists_take_constant_queries_at_small_and_large_sizes():
    small = scale_data_generate(scale=0.02, prefix="ESP")
    large = scale_data_generate(scale=0.2, prefix="ESG")
    assert large["acuerdos"] >= 9 * small["acuerdos"] > 0
    clients = {"ESP": _client("ESP"), "ESG": _client("ESG")}
    different = {}
    for name in LISTS:
        for by_commission in (False, True):
            counts = {}
            for prefix, client in clients.items():
                params = {"page_size": 50}
                if by_commission:
                    params["commission"] = f"{prefix}1"
                counts[prefix] = len(_queries(client, reverse(name), params))
            if counts["ESP"] != counts["ESG"]:
                different[(name, by_commission)] = counts
    assert different == {}


@pytest.mark.django_db
def test_a_plain_list_reads_the_token_the_count_and_the_page():
    """No query for the creator's role, the token's commissions, the FilterSet's choices or
    the related fields' choices: those are written into the list's own two queries."""
    scale_data_generate(scale=0.02, prefix="ESP")
    client = _client("ESP")
    queries = _queries(client, reverse("api-accord-list"), {"page_size": 10})
    assert len(queries) == 3, queries
    token, count, page = queries
    assert "cori_apitoken" in token and "auth_group" in token
    assert "COUNT(*)" in count
    assert Accord._meta.db_table in page and "LIMIT 10" in page


@pytest.mark.django_db
def test_a_filter_of_a_single_commission_client_offers_that_commission_s_choices():
    """Without ``?commission``, a client that sees one commission filters by its sessions
    (the FilterSet's choices are looked up only when a filter is asked for)."""
    scale_data_generate(scale=0.02, prefix="ESP")
    commission = Commission.objects.get(acronym="ESP1")
    _, key = api_token_create(name="una", commissions=[commission], created_by=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    accord = Accord.objects.filter(commission=commission, session__isnull=False).first()
    response = client.get(reverse("api-accord-list"), {"session": accord.session_id})
    assert response.status_code == 200, response.json()
    sessions = {row["session"] for row in response.json()["results"]}
    assert sessions == {accord.session_id}


def _index_orders(model: type[models.Model]) -> list[list[str]]:
    """The orders the model's indexes read in (Meta.indexes, unique constraints, the index
    of each foreign key)."""
    orders = [list(index.fields) for index in model._meta.indexes]
    orders += [
        list(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields
    ]
    orders += [
        [field.name] for field in model._meta.concrete_fields if field.db_index or field.unique
    ]
    return orders


def _served(ordering: list[str], orders: list[list[str]]) -> bool:
    flipped = [term[1:] if term.startswith("-") else f"-{term}" for term in ordering]
    return any(order[: len(ordering)] in (ordering, flipped) for order in orders)


def test_every_api_list_s_default_order_is_an_index_s():
    """PostgreSQL reads one page in the index's order instead of sorting every visible row.
    An order through a join (``commission__acronym``) cannot be an index's; those lists
    are a commission's few rows (members, presented items) or a session's."""
    missing = []
    for name, view in LISTS.items():
        ordering = [term.replace("pk", "id") for term in view.ordering]
        while ordering and ordering[-1].lstrip("-") == "id":
            ordering.pop()  # the last tie-break: the index's order within equal values
        if not ordering or any("__" in term for term in ordering):
            continue
        if not _served(ordering, _index_orders(view.model)):
            missing.append((name, ordering))
    assert missing == []


@pytest.mark.django_db
def test_the_filterset_is_built_only_when_a_filter_is_asked_for(monkeypatch, rw_client):
    """Its form and deep copies cost a list without filters nothing."""
    built = []
    original = AccordFilter.__init__

    def counted(self, *args, **kwargs):
        built.append(kwargs.get("data"))
        original(self, *args, **kwargs)

    monkeypatch.setattr(AccordFilter, "__init__", counted)
    plain = rw_client.get(reverse("api-accord-list"), {"ordering": "-id", "page_size": 5})
    assert plain.status_code == 200 and built == []
    adopted = rw_client.get(reverse("api-accord-list"), {"status": "adoptado"})
    assert adopted.status_code == 200 and len(built) == 1
    assert {row["status"] for row in adopted.json()["results"]} == {"adoptado"}
