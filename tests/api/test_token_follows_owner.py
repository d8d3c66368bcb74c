"""A token acts with the intersection of its own scope and its creator's current rights
(issue 20, point 4): checked on every request, so a creator who loses a role or a
commission takes it away from the tokens they made."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from commissions.models import CommissionAccess
from cori.access import ADMINISTRATION, COUNCIL, SECRETARIAT
from cori.api.services import api_token_create
from outreach.models import Mailing
from tests.api.conftest import token_client
from tests.staff import make_user

pytestmark = pytest.mark.django_db


def _client(creator, commissions, *, read_only=False) -> APIClient:
    _token, key = api_token_create(
        name="integración", commissions=commissions, read_only=read_only, created_by=creator
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _patch(client, mailing, subject="Boletín corregido"):
    return client.patch(f"/api/v1/mailings/{mailing.pk}/", {"subject": subject}, format="json")


def _mailing(commission) -> Mailing:
    return Mailing.objects.filter(audience__commission=commission).order_by("pk").first()


def test_a_creator_moved_to_another_commissions_council_takes_the_tokens_rights_away(
    seed_commission, other_commission
):
    creator = make_user("secretaria", SECRETARIAT, [seed_commission])
    client = _client(creator, [seed_commission])
    mailing = _mailing(seed_commission)
    assert _patch(client, mailing).status_code == 200

    # Moved from Secretaría técnica of CORI to Consejería of another commission.
    creator.groups.set([Group.objects.get(name=COUNCIL)])
    CommissionAccess.objects.filter(user=creator).delete()
    CommissionAccess.objects.create(user=creator, commission=other_commission)

    response = _patch(client, mailing, "Boletín de quien ya no puede")
    assert response.status_code == 403
    assert "quien creó el token" in response.json()["detail"]
    mailing.refresh_from_db()
    assert mailing.subject == "Boletín corregido"
    # Reads follow too: CORI is no longer in the creator's commissions.
    assert client.get("/api/v1/mailings/").json()["count"] == 0
    assert client.get(f"/api/v1/mailings/{mailing.pk}/").status_code == 404


def test_a_creator_who_becomes_council_of_the_same_commission_leaves_a_reading_token(
    seed_commission,
):
    creator = make_user("secretaria", SECRETARIAT, [seed_commission])
    client = _client(creator, [seed_commission])
    creator.groups.set([Group.objects.get(name=COUNCIL)])
    mailing = _mailing(seed_commission)
    assert client.get(f"/api/v1/mailings/{mailing.pk}/").status_code == 200
    response = _patch(client, mailing)
    assert response.status_code == 403
    assert "quien creó el token" in response.json()["detail"]
    # Given back: the token works again, on the very next request.
    creator.groups.set([Group.objects.get(name=SECRETARIAT)])
    assert _patch(client, mailing).status_code == 200


def test_a_token_never_sees_more_than_its_creator_nor_more_than_its_scope(
    seed_commission, other_commission
):
    creator = make_user("secretaria", SECRETARIAT, [seed_commission])
    wide = _client(creator, [seed_commission, other_commission], read_only=True)
    commissions = {row["acronym"] for row in wide.get("/api/v1/commissions/").json()["results"]}
    assert commissions == {seed_commission.acronym}
    # Administración sees every commission; its token still only its own scope.
    narrow = _client(make_user("jefa", ADMINISTRATION), [other_commission], read_only=True)
    commissions = {row["acronym"] for row in narrow.get("/api/v1/commissions/").json()["results"]}
    assert commissions == {other_commission.acronym}


def test_a_token_without_a_creator_keeps_its_own_scope(seed_commission):
    # Made by `manage.py create_api_token` without --created-by: nobody's rights to follow.
    client, _token = token_client(commissions=[seed_commission])
    assert _patch(client, _mailing(seed_commission)).status_code == 200
