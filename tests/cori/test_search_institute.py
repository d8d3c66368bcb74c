"""The search across CORI finds the institute's agreements (issue 21): those no commission
owns. A commission's users find those their commission (or its predecessor) follows, linked
through their commission's pages as its list shows them; Administración, who keeps the
institute's registry, finds every one; nobody else finds them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissions.models import Succession
from cori.access import ADMINISTRATION, COUNCIL, SECRETARIAT
from cori.search import search_records
from tests.agreements.test_institute_registry import institute_agreement
from tests.factories import CommissionFactory
from tests.staff import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.database]

FOLLOWED = "Convenio del instituto con la Universidad Zapoteca"
UNFOLLOWED = "Convenio del instituto con el Observatorio Mixteco"


@pytest.fixture
def registry(seed_commission):
    followed = institute_agreement(title=FOLLOWED, followers=[seed_commission])
    unfollowed = institute_agreement(title=UNFOLLOWED, purpose="Observación electoral comunitaria")
    return followed, unfollowed


def _hits(user, query: str) -> dict[str, str]:
    """Title → link of the agreements found."""
    groups = {group.slug: group for group in search_records(user, query)}
    return {hit.title: hit.url for hit in groups["convenios"].hits} if "convenios" in groups else {}


@pytest.mark.parametrize("role", [SECRETARIAT, COUNCIL])
def test_a_follower_finds_the_institute_agreement_through_its_own_pages(
    client, seed_commission, registry, role
):
    followed, _ = registry
    user = make_user("sigue", role, [seed_commission])
    hits = _hits(user, "universidad zapoteca")
    assert hits == {FOLLOWED: f"/comisiones/CORI/convenios/{followed.pk}/"}
    client.force_login(user)
    assert client.get(hits[FOLLOWED]).status_code == 200
    assert _hits(user, "observatorio mixteco") == {}  # not followed: not its commission's


def test_a_counterpart_finds_the_followed_institute_agreement(seed_commission, registry):
    followed, _ = registry
    counterpart = followed.counterparts.get()
    user = make_user("contraparte", SECRETARIAT, [seed_commission])
    assert FOLLOWED in _hits(user, counterpart.name)


def test_a_successor_finds_what_its_predecessor_followed(client, seed_commission, registry):
    followed, _ = registry
    successor = CommissionFactory(acronym="COVIN", name="Comisión de Vinculación")
    Succession.objects.create(
        predecessor=seed_commission,
        successor=successor,
        effective_on=datetime.date(2025, 12, 8),
        accord="IECM/ACU-CG-120/2025",
    )
    user = make_user("sucesora", SECRETARIAT, [successor])
    hits = _hits(user, "zapoteca")
    assert hits == {FOLLOWED: f"/comisiones/COVIN/convenios/{followed.pk}/"}
    client.force_login(user)
    assert client.get(hits[FOLLOWED]).status_code == 200


def test_administration_finds_every_institute_agreement_with_its_page(client, registry):
    followed, unfollowed = registry
    admin = make_user("registro", ADMINISTRATION)
    admin.is_staff = True  # as people.user_invite makes Administración
    admin.save()
    hits = _hits(admin, "convenio del instituto")
    assert hits[FOLLOWED] == f"/comisiones/CORI/convenios/{followed.pk}/"
    assert hits[UNFOLLOWED] == reverse("admin:agreements_agreement_change", args=[unfollowed.pk])
    assert _hits(admin, "observacion comunitaria") == {UNFOLLOWED: hits[UNFOLLOWED]}
    client.force_login(admin)
    assert client.get(hits[UNFOLLOWED]).status_code == 200
    page = client.get(reverse("search"), {"q": "observatorio mixteco"}).content.decode()
    assert f'href="{hits[UNFOLLOWED]}"' in page
    assert '<span class="badge text-bg-secondary ms-1">Instituto</span>' in page


@pytest.mark.parametrize("role", [SECRETARIAT, COUNCIL])
def test_nobody_else_finds_the_institute_agreements(client, registry, role):
    other = CommissionFactory(acronym="COTRA", name="Comisión de Otra Materia")
    user = make_user("ajena", role, [other])
    assert _hits(user, "convenio del instituto") == {}
    client.force_login(user)
    page = client.get(reverse("search"), {"q": "convenio del instituto"}).content.decode()
    assert FOLLOWED not in page and UNFOLLOWED not in page


def test_the_search_asks_as_many_queries_whoever_asks_and_whatever_is_found(
    seed_commission, registry
):
    counts = {}
    users = {
        "secretary": make_user("cuenta-st", SECRETARIAT, [seed_commission]),
        "admin": make_user("cuenta-admin", ADMINISTRATION),
    }
    for name, user in users.items():
        for query in ("convenio del instituto", "zapoteca", "sesion", "zzzz"):
            user = type(user).objects.get(pk=user.pk)  # groups not cached
            with CaptureQueriesContext(connection) as queries:
                search_records(user, query)
            counts[name, query] = len(queries)
    assert len(set(counts.values())) == 1, counts
    assert next(iter(counts.values())) <= 10
    # More institute agreements found: still as many queries.
    for n in range(3):
        institute_agreement(title=f"Convenio del instituto número {n}", followers=[seed_commission])
    user = type(users["admin"]).objects.get(pk=users["admin"].pk)
    with CaptureQueriesContext(connection) as queries:
        search_records(user, "convenio del instituto")
    assert len(queries) == next(iter(counts.values()))
