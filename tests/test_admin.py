"""The Django admin shows every model of the seed quarter, in Spanish."""

import pytest
from django.contrib import admin
from django.urls import reverse

from sessions.models import Accord, Session

DOMAIN_APPS = {"cori", "commission_sessions", "agreements", "outreach", "reports"}
DOMAIN_MODELS = [model for model in admin.site._registry if model._meta.app_label in DOMAIN_APPS]


@pytest.fixture
def staff_client(client, django_user_model, seed_commission):
    user = django_user_model.objects.create_superuser("root", "root@example.com", "clave-segura-1")
    client.force_login(user)
    return client


def _request(client):
    """A request carrying the signed-in user, to ask the admin what it allows."""
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = client.get("/admin/").wsgi_request.user
    return request


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_domain_model_is_registered():
    names = {model.__name__ for model in DOMAIN_MODELS}
    assert {
        "Commission",
        "Membership",
        "WorkProgramme",
        "Session",
        "Accord",
        "PresentedItem",
        "Agreement",
        "Institution",
        "PertinenceOpinion",
        "AgreementOpeningBalance",
        "FollowedSession",
        "Bulletin",
        "SystemUpdate",
        "Communication",
        "CommunicationOpeningBalance",
        "Audience",
        "Mailing",
        "Compilation",
        "NewsSubmission",
        "ExecutiveNote",
        "Event",
        "Mission",
    } <= names


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda model: model.__name__)
def test_changelist_search_and_first_record_open(staff_client, model):
    response = staff_client.get(_url(model, "changelist"))
    assert response.status_code == 200
    # The admin speaks Spanish: "Seleccione sesión a modificar".
    page = response.content.decode()
    assert (
        f"Seleccione {model._meta.verbose_name} a modificar" in page
        or f"Seleccione {model._meta.verbose_name} para ver" in page
    )
    if admin.site._registry[model].search_fields:
        assert staff_client.get(_url(model, "changelist"), {"q": "a"}).status_code == 200
    record = model.objects.order_by("pk").first()
    if record is not None:
        assert staff_client.get(_url(model, "change", record.pk)).status_code == 200
    model_admin = admin.site._registry[model]
    expected = 200 if model_admin.has_add_permission(_request(staff_client)) else 403
    assert staff_client.get(_url(model, "add")).status_code == expected


def test_session_page_shows_its_attendance_and_accords(staff_client, seed_commission):
    session = Session.objects.get(commission=seed_commission, date="2022-10-27")
    page = staff_client.get(_url(Session, "change", session.pk)).content.decode()
    assert "Asistencia" in page
    assert "Partido Verde Ecologista de México" in page
    assert "CORI/009/22" in page


def test_accord_added_in_the_admin_takes_the_next_code(staff_client, seed_commission):
    session = Session.objects.get(commission=seed_commission, date="2022-11-23")
    response = staff_client.post(
        _url(Accord, "add"),
        {
            "commission": seed_commission.pk,
            "session": session.pk,
            "title": "Aprobación de prueba",
            "status": Accord.Status.ADOPTED,
        },
    )
    assert response.status_code == 302
    assert Accord.objects.get(title="Aprobación de prueba").code == "CORI/014/22"


def test_accords_cannot_be_deleted_in_the_admin(staff_client, seed_commission):
    accord = Accord.objects.get(commission=seed_commission, code="CORI/001/22")
    assert staff_client.get(_url(Accord, "delete", accord.pk)).status_code == 403
