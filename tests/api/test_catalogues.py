"""Persons, parties and areas over the API: list, read, create, update; no delete while used."""

import pytest
from rest_framework.test import APIClient

from commissions.models import Membership, Person
from tests.staff import ADMINISTRATION, make_user


def _admin(seed_commission) -> APIClient:
    client = APIClient()
    client.force_login(make_user("admin-catalogos", ADMINISTRATION))
    return client


def test_persons_are_listed_read_created_and_updated(rw_client, seed_commission):
    listed = rw_client.get("/api/v1/persons/", {"q": "a", "ordering": "full_name"})
    assert listed.status_code == 200
    assert listed.json()["count"] > 0
    created = rw_client.post(
        "/api/v1/persons/",
        {"full_name": "Mtra. Ana Prueba", "gender": "F", "position": "Consejera"},
        format="json",
    )
    assert created.status_code == 201
    person = created.json()
    read = rw_client.get(f"/api/v1/persons/{person['id']}/")
    assert read.json()["full_name"] == "Mtra. Ana Prueba"
    changed = rw_client.patch(
        f"/api/v1/persons/{person['id']}/",
        {"position": "Consejera Presidenta"},
        format="json",
        HTTP_IF_MATCH=read["ETag"],
    )
    assert changed.status_code == 200
    assert changed.json()["position"] == "Consejera Presidenta"
    duplicate = rw_client.post("/api/v1/persons/", {"full_name": "Mtra. Ana Prueba"}, format="json")
    assert duplicate.status_code == 409
    assert duplicate.json()["detail"] == "Ya existe una persona con ese nombre."


def test_parties_and_areas_are_served(rw_client, seed_commission):
    for resource in ("parties", "areas"):
        response = rw_client.get(f"/api/v1/{resource}/")
        assert response.status_code == 200
        assert response.json()["count"] > 0
        first = response.json()["results"][0]
        assert rw_client.get(f"/api/v1/{resource}/{first['id']}/").json()["name"] == first["name"]


@pytest.mark.database
def test_a_used_catalogue_entry_is_not_deleted(seed_commission):
    client = _admin(seed_commission)
    seat = Membership.objects.filter(commission=seed_commission, party__isnull=False).first()
    for resource, record in (("persons", None), ("parties", seat.party)):
        if record is None:
            record = (
                Membership.objects.filter(commission=seed_commission, person__isnull=False)
                .first()
                .person
            )
        response = client.delete(f"/api/v1/{resource}/{record.pk}/")
        assert response.status_code == 409
        assert response.json()["detail"].startswith("No se puede eliminar:")
        assert type(record).objects.filter(pk=record.pk).exists()


def test_a_new_commission_is_entered_through_the_api_alone(seed_commission):
    """The guide of docs/api.md: person, party, area, then the commission and its seats."""
    client = _admin(seed_commission)

    def post(resource, data):
        response = client.post(f"/api/v1/{resource}/", data, format="json")
        assert response.status_code == 201, response.json()
        return response.json()

    person = post("persons", {"full_name": "Mtro. Luis Nuevo", "gender": "M"})
    party = post("parties", {"name": "Partido Nuevo", "acronym": "PNUE"})
    area = post("areas", {"name": "Unidad Técnica Nueva", "acronym": "UTN"})
    commission = post(
        "commissions",
        {
            "name": "Comisión de Organización Electoral",
            "acronym": "COEL",
            "kind": "permanente",
            "active_from": "2017-01-01",
        },
    )
    seats = [
        {"role": "presidencia", "person": person["id"]},
        {"role": "partido", "party": party["id"]},
        {"role": "area", "area": area["id"]},
    ]
    for order, seat in enumerate(seats, start=1):
        post(
            "memberships",
            {"commission": "COEL", "start_date": "2017-01-01", "order": order, **seat},
        )
    listed = client.get("/api/v1/memberships/", {"commission": "COEL"}).json()
    assert listed["count"] == 3
    assert commission["acronym"] == "COEL"


def test_persons_and_parties_leave_their_e_mail_out_as_docs_api_says(rw_client, seed_commission):
    """Issue 24: the e-mail is personal data every reading token would see (docs/api.md)."""
    person = Person.objects.order_by("pk").first()
    Person.objects.filter(pk=person.pk).update(email="persona@example.org")
    read = rw_client.get(f"/api/v1/persons/{person.pk}/")
    assert read.status_code == 200
    assert "email" not in read.json() and "persona@example.org" not in read.content.decode()
    for resource in ("persons", "parties"):
        results = rw_client.get(f"/api/v1/{resource}/").json()["results"]
        assert results and all("email" not in row for row in results), resource
