"""The audit history names the API token that made a change, besides its creator."""

from django.urls import reverse
from rest_framework.test import APIClient

from commissions.models import Person
from cori.api.services import api_token_create
from tests.staff import ADMINISTRATION, make_user

INTEGRATION = "integración SIGE"


def test_history_records_the_token_and_the_record_page_shows_it(client, seed_commission):
    creator = make_user("admin", ADMINISTRATION)
    _token, key = api_token_create(
        name=INTEGRATION,
        commissions=[seed_commission],
        read_only=False,
        created_by=creator,
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    created = api.post("/api/v1/persons/", {"full_name": "Lic. Rosa Prueba"}, format="json")
    assert created.status_code == 201
    person = Person.objects.get(pk=created.json()["id"])
    entry = person.history.latest("history_id")
    assert entry.history_user == creator
    assert entry.history_token == INTEGRATION

    client.force_login(creator)
    person.position = "Directora"
    person.save()  # a change without a token: no token in its entry
    assert not person.history.latest("history_id").history_token
    page = client.get(reverse("record_detail", args=["CORI", "personas", person.pk]))
    assert "admin (token «integración SIGE»)" in page.content.decode()
