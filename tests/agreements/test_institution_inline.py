"""The agreement form's autocomplete: Spanish order, and an institution created in place."""

import pytest
from django.test import Client
from django.urls import reverse

from agreements.models import Institution
from cori.access import ADMINISTRATION, COUNCIL, SECRETARIAT
from tests.staff import make_user

pytestmark = pytest.mark.django_db

URL = reverse("institution_create_inline", args=["CORI"])
NEW = {"name": "Universidad Autónoma de Ñuflo", "acronym": "UAÑ", "scope": "local"}


@pytest.fixture
def secretary(client, seed_commission):
    client.force_login(make_user("sec", SECRETARIAT, [seed_commission]))
    return client


def test_the_secretariat_creates_an_institution_and_gets_its_id(secretary):
    response = secretary.post(URL, {**NEW, "sector": "academia"})
    assert response.status_code == 201
    institution = Institution.objects.get(name="Universidad Autónoma de Ñuflo")
    assert response.json() == {
        "id": institution.pk,
        "text": "Universidad Autónoma de Ñuflo (UAÑ)",
    }
    assert (institution.scope, institution.sector) == ("local", "academia")
    assert institution.history.get().history_user.username == "sec"


@pytest.mark.database
def test_a_duplicate_name_is_refused_in_spanish(secretary):
    existing = Institution.objects.order_by("pk").first()
    response = secretary.post(URL, {"name": existing.name, "scope": "local", "sector": "academia"})
    assert response.status_code == 400
    assert response.json() == {"errors": {"name": ["Ya existe una institución con ese nombre."]}}
    assert Institution.objects.filter(name=existing.name).count() == 1


def test_an_empty_name_and_missing_choices_are_refused_in_spanish(secretary):
    before = Institution.objects.count()
    response = secretary.post(URL, {"name": "   ", "scope": "", "sector": "otro"})
    assert response.status_code == 400
    assert response.json() == {
        "errors": {
            "name": ["Escriba el nombre de la institución."],
            "scope": ["Elija el ámbito de la institución."],
            "sector": ["Elija un sector de la lista."],
        }
    }
    assert Institution.objects.count() == before


def test_a_councillor_may_not_create_an_institution(client, seed_commission):
    client.force_login(make_user("consejera", COUNCIL, [seed_commission]))
    before = Institution.objects.count()
    response = client.post(URL, {**NEW, "sector": "academia"})
    assert response.status_code == 403
    assert response.json() == {
        "errors": {"__all__": ["Su perfil de Consejería permite consultar, no modificar."]}
    }
    assert Institution.objects.count() == before


def test_a_user_without_the_commission_may_not_create_an_institution(client, seed_commission):
    client.force_login(make_user("otra", SECRETARIAT, []))
    response = client.post(URL, {**NEW, "sector": "academia"})
    assert response.status_code == 403
    assert response.json() == {"errors": {"__all__": ["No tiene acceso a esta comisión."]}}


def test_the_endpoint_takes_only_a_post_and_checks_the_csrf_token(seed_commission, client):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_user("sec", SECRETARIAT, [seed_commission]))
    assert strict.get(URL).status_code == 405
    assert strict.post(URL, {**NEW, "sector": "academia"}).status_code == 403
    assert not Institution.objects.filter(name=NEW["name"]).exists()


@pytest.mark.database
def test_the_counterparts_are_an_autocomplete_sorted_in_spanish(secretary):
    Institution.objects.create(
        name="Ñandú Asociación Civil", scope="local", sector="sociedad_civil"
    )
    Institution.objects.create(name="Órgano de prueba", scope="local", sector="gobierno")
    Institution.objects.create(name="Nube Instituto", scope="local", sector="academia")
    response = secretary.get(reverse("record_create", args=["CORI", "convenios"]))
    field = response.context["form"].fields["counterparts"]
    names = [institution.name for institution in field.queryset]
    assert names.index("Nube Instituto") < names.index("Ñandú Asociación Civil")
    assert names.index("Ñandú Asociación Civil") < names.index("Órgano de prueba")
    page = response.content.decode()
    assert 'data-autocomplete="1"' in page
    assert f'data-create-url="{URL}"' in page
    assert "vendor/tom-select/tom-select.complete.min.js" in page
    assert "cori/autocomplete.js" in page


def test_administration_creates_an_institution_too(client, administrator):
    client.force_login(administrator)
    response = client.post(URL, {**NEW, "sector": "academia"})
    assert response.status_code == 201
    assert Institution.objects.filter(name=NEW["name"]).exists()


def test_an_anonymous_post_is_sent_to_sign_in(client, seed_commission):
    response = client.post(URL, {**NEW, "sector": "academia"})
    assert response.status_code == 302 and "/cuenta/login/" in response["Location"]
    assert not Institution.objects.filter(name=NEW["name"]).exists()


@pytest.fixture
def administrator(seed_commission):
    """Administración by its group (not a Django superuser): it sees every commission."""
    return make_user("administracion", ADMINISTRATION)
