"""The Django admin shows every model of the seed quarter, in Spanish."""

import pytest
from django.contrib import admin
from django.urls import reverse

from sessions.models import Accord, Session

DOMAIN_APPS = {
    "cori",
    "commissions",
    "commission_sessions",
    "agreements",
    "outreach",
    "reports",
    "signatures",
}
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


@pytest.mark.database
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


# --- one write path: no admin writes beside the records' hooks ------------------------------

# Admins that write through a service of their own instead of ``cori.records``: the method
# that calls it must be the admin's, not ModelAdmin's.
SERVICE_ADMINS = {
    "ApiToken": ("save_model", "api_token_create"),
    "Publication": ("delete_model", "publication_withdraw"),
}


def test_no_registered_admin_writes_beside_the_records_hooks(staff_client):
    """Built from ``admin.site._registry``: every admin that can add, change or delete is a
    ``RecordAdmin`` (``record_create``/``record_update``/``record_delete``, the entity's
    services) or writes through its own service; the rest are read-only."""
    import inspect

    from cori.admin import RecordAdmin

    request = _request(staff_client)
    side_doors = []
    for model, model_admin in admin.site._registry.items():
        writes = [
            what
            for what, allowed in (
                ("add", model_admin.has_add_permission(request)),
                ("change", model_admin.has_change_permission(request)),
                ("delete", model_admin.has_delete_permission(request)),
            )
            if allowed
        ]
        if not writes or isinstance(model_admin, RecordAdmin):
            continue
        method, service = SERVICE_ADMINS.get(model.__name__, ("", ""))
        own = type(model_admin).__dict__.get(method)
        if own is None or service not in inspect.getsource(own):
            side_doors.append(f"{model.__name__} ({', '.join(writes)})")
    assert side_doors == []


def test_every_record_type_is_written_in_the_admin_through_its_hooks(staff_client):
    """The record registry's models (staff pages, API, import) and the models with hooks
    of their own are, in the admin, ``RecordAdmin``s or read-only."""
    from cori.admin import RecordAdmin
    from cori.records import REGISTRY, WRITES

    request = _request(staff_client)
    models = {record_type.model for record_type in REGISTRY.values()} | set(WRITES)
    for model in models:
        model_admin = admin.site._registry.get(model)
        if model_admin is None:
            continue
        writable = (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        )
        assert isinstance(model_admin, RecordAdmin) or not writable, model.__name__


def test_the_admin_refuses_a_bulletin_after_its_commission_concluded(staff_client, seed_commission):
    """As seen: a plain ModelAdmin saved a bulletin dated after its commission's end, which
    ``record_create`` refuses («La … concluyó sus funciones…»)."""
    import datetime

    from outreach.models import Bulletin
    from tests.factories import CommissionFactory

    ended = CommissionFactory(
        acronym="CP0",
        active_from=datetime.date(2020, 1, 1),
        active_until=datetime.date(2021, 12, 31),
    )
    response = staff_client.post(
        _url(Bulletin, "add"),
        {"commission": ended.pk, "date": "2022-03-01", "title": "Boletín tardío"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "concluyó sus funciones" in page
    assert not Bulletin.objects.filter(title="Boletín tardío").exists()
