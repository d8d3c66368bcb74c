"""Every staff URL answers each role as it should: a matrix of URL × role."""

import pytest
from django.urls import reverse

from cori.access import ADMINISTRATION, COUNCIL, SECRETARIAT
from cori.records import REGISTRY
from sessions.models import Minutes, Publication, Session
from tests.factories import CommissionFactory
from tests.staff import make_user

pytestmark = pytest.mark.django_db
PERIOD = ["CORI", "2022-09-01", "2022-11-30"]
ROLES = [
    "anónima",
    "consejería",
    "secretaría de otra comisión",
    "secretaría técnica",
    "administración",
]


def _user(role, commission):
    if role == "anónima":
        return None
    if role == "secretaría de otra comisión":
        return make_user("otra", SECRETARIAT, [CommissionFactory(acronym="OTRA")])
    group = {
        "consejería": COUNCIL,
        "secretaría técnica": SECRETARIAT,
        "administración": ADMINISTRATION,
    }
    return make_user(role.replace(" ", "-"), group[role], [commission])


def _delete_kind(record_type) -> str:
    if not record_type.deletable:
        return "never"
    # Shared catalogues (persons, parties, areas, institutions): only Administración deletes.
    return "admin" if not record_type.commission_field else "write"


def _urls(commission):
    """(url, kind) where kind says whether the page reads or writes."""
    urls = [
        (reverse("commission_home", args=["CORI"]), "read"),
        (reverse("reports:period", args=PERIOD), "read"),
        (reverse("reports:preview", args=PERIOD), "read"),
        (reverse("reports:file", args=[*PERIOD, "json"]), "read"),
        (reverse("reports:draft", args=PERIOD), "write"),
        (reverse("agreement_registry", args=["CORI"]), "read"),
        (reverse("commission_succession", args=["CORI"]), "admin"),
        # The institute's registry (issue 21): its report and its import, Administración.
        (reverse("reports:agreements"), "admin"),
        (reverse("institute_registry_import"), "admin"),
        # People and access (cori/people_views.py): Administración only.
        (reverse("people:user_list"), "admin"),
        (reverse("people:user_invite"), "admin"),
        (reverse("people:sign_in_failures"), "admin"),
        (reverse("follow_up_board", args=["CORI"]), "read"),
        (reverse("session_calendar", args=["CORI"]), "read"),
        (reverse("session_calendar_ics", args=["CORI"]), "read"),
        (reverse("publication_manage", args=["CORI"]), "read"),
        # The public page and its feed: anyone, signed in or not (nothing unpublished,
        # tests/sessions/test_followup_publication.py).
        (reverse("public_page", args=["CORI"]), "public"),
        (reverse("public_feed", args=["CORI"]), "public"),
    ]
    # A published minuta's PDF as published (the demo publishes the approved ones).
    published = Publication.objects.filter(commission=commission, document_size__gt=0).first()
    urls.append((reverse("public_document", args=["CORI", published.pk]), "public"))
    # An approved minuta's signatures (anyone with access signs with their e.firma) and
    # the public verification page.
    minutes = Minutes.objects.filter(
        session__commission=commission, status=Minutes.Status.APPROVED
    ).first()
    urls.append((reverse("act_signatures", args=["CORI", "minuta", minutes.pk]), "read"))
    urls.append((reverse("signature_verification"), "public"))
    session = Session.objects.filter(commission=commission).first()
    urls.append((reverse("session_record", args=["CORI", session.pk]), "read"))
    for slug, record_type in REGISTRY.items():
        record = record_type.queryset(commission).first()
        urls += [
            (reverse("record_list", args=["CORI", slug]), "read"),
            (reverse("record_export", args=["CORI", slug, "csv"]), "read"),
            (reverse("record_create", args=["CORI", slug]), "write"),
        ]
        if record_type.importable:
            urls.append((reverse("record_import", args=["CORI", slug]), "write"))
        if record is not None:
            urls += [
                (reverse("record_detail", args=["CORI", slug, record.pk]), "read"),
                (reverse("record_update", args=["CORI", slug, record.pk]), "write"),
                (
                    reverse("record_delete", args=["CORI", slug, record.pk]),
                    _delete_kind(record_type),
                ),
            ]
    return urls


def _expected(role: str, kind: str) -> int:
    if kind == "public":
        return 200
    if role == "anónima":
        return 302
    if role == "secretaría de otra comisión":
        return 403
    if kind == "never" or (role == "consejería" and kind != "read"):
        return 403
    if kind == "admin" and role != "administración":
        return 403
    return 200


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role(client, seed_commission, role):
    user = _user(role, seed_commission)
    if user is not None:
        client.force_login(user)
    wrong = []
    for url, kind in _urls(seed_commission):
        status = client.get(url).status_code
        if status != _expected(role, kind):
            wrong.append((url, status, _expected(role, kind)))
    assert wrong == []


@pytest.mark.parametrize("role", ["anónima", "consejería", "secretaría de otra comisión"])
def test_direct_posts_that_write_are_refused(client, seed_commission, role):
    user = _user(role, seed_commission)
    if user is not None:
        client.force_login(user)
    session = Session.objects.filter(commission=seed_commission).first()
    before = Session.objects.count()
    for url in (
        reverse("record_create", args=["CORI", "sesiones"]),
        reverse("record_update", args=["CORI", "sesiones", session.pk]),
        reverse("record_delete", args=["CORI", "sesiones", session.pk]),
        reverse("session_record", args=["CORI", session.pk]),
        reverse("reports:issue", args=PERIOD),
    ):
        response = client.post(url, {"kind": "ordinaria", "date": "2023-01-01"})
        assert response.status_code in {302, 403}, url
        if role != "anónima":
            assert response.status_code == 403, url
        else:
            assert response.url.startswith(reverse("login"))
    assert Session.objects.count() == before
    assert Session.objects.filter(pk=session.pk).exists()


CATALOGUES = ["personas", "partidos", "areas", "instituciones"]


@pytest.mark.parametrize("slug", CATALOGUES)
def test_secretariat_creates_and_edits_catalogues_but_does_not_delete(
    client, seed_commission, slug
):
    client.force_login(make_user("secretaria", SECRETARIAT, [seed_commission]))
    record_type = REGISTRY[slug]
    record = record_type.queryset(seed_commission).order_by("pk").first()
    assert client.get(reverse("record_create", args=["CORI", slug])).status_code == 200
    assert client.get(reverse("record_update", args=["CORI", slug, record.pk])).status_code == 200
    page = client.get(reverse("record_detail", args=["CORI", slug, record.pk])).content.decode()
    assert "Editar" in page
    assert reverse("record_delete", args=["CORI", slug, record.pk]) not in page
    refused = client.post(reverse("record_delete", args=["CORI", slug, record.pk]))
    assert refused.status_code == 403
    assert "Solo Administración elimina" in refused.content.decode()
    assert record_type.model.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("slug", CATALOGUES)
def test_administration_deletes_an_unused_catalogue_entry(client, seed_commission, slug):
    client.force_login(make_user("admin", ADMINISTRATION, []))
    model = REGISTRY[slug].model
    fields = {"full_name": "Persona sin uso"} if slug == "personas" else {"name": "Sin uso"}
    if slug == "instituciones":
        fields.update(scope="nacional", sector="academia")
    record = model.objects.create(**fields)
    response = client.post(reverse("record_delete", args=["CORI", slug, record.pk]))
    assert response.status_code == 302
    assert not model.objects.filter(pk=record.pk).exists()


def test_council_cannot_post_to_catalogues(client, seed_commission):
    client.force_login(make_user("consejeria", COUNCIL, [seed_commission]))
    response = client.post(reverse("record_create", args=["CORI", "partidos"]), {"name": "Nuevo"})
    assert response.status_code == 403
    assert not REGISTRY["partidos"].model.objects.filter(name="Nuevo").exists()


def test_the_public_page_shows_nothing_of_the_seed_until_it_is_published(client, seed_commission):
    from sessions.models import Accord, Publication
    from sessions.services.followup import publication_create

    # The demo publishes the quarter's accords and approved minutas: withdrawn here.
    Publication.objects.filter(commission=seed_commission).delete()
    accords = list(Accord.objects.filter(commission=seed_commission).order_by("number"))
    text = client.get(reverse("public_page", args=["CORI"])).content.decode()
    assert "La comisión aún no ha publicado documentos." in text
    assert not any(accord.code in text for accord in accords)
    publication_create(commission=seed_commission, target=accords[0])
    text = client.get(reverse("public_page", args=["CORI"])).content.decode()
    feed = client.get(reverse("public_feed", args=["CORI"])).content.decode()
    assert [accord.code for accord in accords if accord.code in text] == [accords[0].code]
    assert [accord.code for accord in accords if accord.code in feed] == [accords[0].code]
