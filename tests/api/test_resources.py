"""Create, read, update, delete and filter every resource of /api/v1/ with a read-write token."""

from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, Institution
from commissions.models import Area, Membership, Person, StrategicLine
from outreach.models import Audience
from sessions.models import Session
from tests.staff import ADMINISTRATION, make_user


@dataclass(frozen=True)
class Resource:
    url: str
    payload: object  # callable(seed) -> dict
    change: dict
    filters: dict  # a list filter whose every result has these values
    deletable: bool = True
    checks: dict = field(default_factory=dict)  # expected values in the created record


def _seed(commission) -> dict:
    sessions = Session.objects.filter(commission=commission)
    return {
        "held": sessions.filter(status="celebrada").order_by("date").first(),
        # Held, its minuta not approved: an approved minuta seals the session's accords.
        "open": sessions.filter(status="celebrada")
        .exclude(minutes__status="aprobada")
        .order_by("date")
        .first(),
        "planned": sessions.get(status="programada"),
        "member": Membership.objects.filter(commission=commission, role="integrante").first(),
        "person": Person.objects.order_by("pk").first(),
        "institutions": list(Institution.objects.order_by("pk")[:2]),
        "area": Area.objects.order_by("pk").first(),
        "audience": Audience.objects.filter(commission=commission).first(),
        "line": StrategicLine.objects.filter(objective__programme__commission=commission).first(),
        "agreement": Agreement.objects.filter(
            commission=commission, progress_reports__isnull=True
        ).first(),
    }


RESOURCES = [
    Resource(
        "commissions",
        lambda s: {
            "name": "Comisión de Prueba",
            "acronym": "CPRB",
            "kind": "permanente",
            "active_from": "2023-01-01",
        },
        {"name": "Comisión de Pruebas"},
        {"kind": "provisional"},
    ),
    Resource(
        "memberships",
        lambda s: {
            "commission": "CORI",
            "role": "integrante",
            "person": s["person"].pk,
            "start_date": "2023-01-01",
        },
        {"charge": "Integrante suplente"},
        {"role": "partido"},
    ),
    Resource(
        "sessions",
        lambda s: {"commission": "CORI", "kind": "extraordinaria", "date": "2023-02-01"},
        {"modality": "presencial"},
        {"kind": "ordinaria"},
        checks={"number": 1, "year": 2023, "attendance": []},
    ),
    Resource(
        "attendance",
        lambda s: {"session": s["planned"].pk, "membership": s["member"].pk, "status": "presente"},
        {"status": "ausente"},
        {"status": "presente"},
    ),
    Resource(
        "accords",
        lambda s: {"commission": "CORI", "session": s["open"].pk, "title": "Acuerdo de prueba"},
        {"status": "retirado"},
        {"status": "adoptado"},
        deletable=False,
        checks={"code": "CORI/014/22"},
    ),
    Resource(
        "presented-items",
        lambda s: {
            "commission": "CORI",
            "kind": "nota",
            "title": "Nota de prueba",
            "sessions": [s["open"].pk],
        },
        {"title": "Nota de prueba corregida"},
        {"kind": "informe"},
    ),
    Resource(
        "persons",
        lambda s: {"full_name": "Dra. Persona de Prueba", "gender": "F"},
        {"position": "Consejera electoral"},
        {"gender": "F"},
    ),
    Resource(
        "parties",
        lambda s: {"name": "Partido de Prueba", "acronym": "PPRU"},
        {"acronym": "PPR"},
        {"q": "Partido"},
    ),
    Resource(
        "areas",
        lambda s: {"name": "Unidad de Prueba", "acronym": "UPRU"},
        {"acronym": "UPR"},
        {"q": "Dirección"},
    ),
    Resource(
        "institutions",
        lambda s: {"name": "Universidad de Prueba", "scope": "nacional", "sector": "academia"},
        {"acronym": "UP"},
        {"scope": "internacional"},
    ),
    Resource(
        "agreements",
        lambda s: {
            "commission": "CORI",
            "title": "Convenio de prueba",
            "instrument_type": "convenio_colaboracion",
            "counterparts": [i.pk for i in s["institutions"]],
        },
        {"purpose": "Colaborar."},
        {"status": "suscrito"},
    ),
    Resource(
        "agreement-progress",
        lambda s: {"agreement": s["agreement"].pk, "session": s["held"].pk},
        {"summary": "Se informó el avance."},
        {"date_after": "2022-11-01"},
    ),
    Resource(
        "opinions",
        lambda s: {
            "commission": "CORI",
            "instrument_title": "Convenio opinado de prueba",
            "responsible_area": s["area"].pk,
            "sense": "favorable",
            "issued_on": "2022-12-01",
        },
        {"sense": "con_observaciones"},
        {"sense": "favorable"},
        deletable=False,
        checks={"code": "IECM/DVOE/OP/09/2022"},
    ),
    Resource(
        "audiences",
        lambda s: {"commission": "CORI", "name": "Audiencia de prueba"},
        {"description": "Lista de prueba"},
        {"q": "Red"},
    ),
    Resource(
        "mailings",
        lambda s: {"audience": s["audience"].pk, "date": "2022-12-01", "subject": "Prueba"},
        {"subject": "Prueba corregida"},
        {"date_after": "2022-11-01", "date_before": "2022-11-30"},
    ),
    Resource(
        "events",
        lambda s: {
            "commission": "CORI",
            "kind": "foro",
            "title": "Foro de prueba",
            "start_date": "2022-12-01",
            "counterparts": [s["institutions"][0].pk],
        },
        {"description": "Un foro."},
        {"kind": "ceremonia_firma"},
    ),
    Resource(
        "executive-notes",
        lambda s: {"commission": "CORI", "scope": "ine", "date": "2022-12-01", "title": "Nota"},
        {"objective": "Informar."},
        {"scope": "internacional"},
    ),
    Resource(
        "missions",
        lambda s: {
            "commission": "CORI",
            "kind": "capacitacion",
            "title": "Curso de prueba",
            "people": [s["person"].pk],
            "country": "Chile",
            "start_date": "2022-12-01",
            "end_date": "2022-12-03",
        },
        {"city": "Santiago"},
        {"country": "Panamá"},
    ),
    Resource(
        "followed-sessions",
        lambda s: {
            "commission": "CORI",
            "date": "2022-12-01",
            "body": "comision",
            "body_name": "Comisión de prueba",
        },
        {"body_name": "Comisión de prueba del INE"},
        {"body": "consejo_general"},
    ),
    Resource(
        "bulletins",
        lambda s: {"commission": "CORI", "date": "2022-12-02"},
        {"title": "Boletín Electoral especial"},
        {"date_after": "2022-10-01"},
    ),
    Resource(
        "system-updates",
        lambda s: {"commission": "CORI", "system": "sivople", "date": "2022-12-02"},
        {"date": "2022-12-05"},
        {"system": "sivople"},
    ),
    Resource(
        "communications",
        lambda s: {
            "commission": "CORI",
            "direction": "ine_iecm",
            "kind": "oficio",
            "status": "nuevo",
            "date": "2022-12-01",
            "folio": "PRUEBA/0001",
        },
        {"status": "concluido"},
        {"direction": "iecm_ine"},
    ),
]
IDS = [resource.url for resource in RESOURCES]


@pytest.fixture
def admin_session_client(db):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(make_user("administracion-api", ADMINISTRATION))
    return client


ADMINISTRATION_ONLY = {"commissions", "institutions", "persons", "parties", "areas"}


def _client(resource, rw_client, admin_session_client):
    # Commissions are created and edited by Administración only, and only it deletes from
    # the shared catalogues; tokens belong to commissions.
    return admin_session_client if resource.url in ADMINISTRATION_ONLY else rw_client


@pytest.mark.parametrize("resource", RESOURCES, ids=IDS)
def test_resource_create_read_update_delete(
    resource, rw_client, admin_session_client, seed_commission
):
    client = _client(resource, rw_client, admin_session_client)
    url = f"/api/v1/{resource.url}/"
    created = client.post(url, resource.payload(_seed(seed_commission)), format="json")
    assert created.status_code == 201, created.json()
    record = created.json()
    for name, value in resource.checks.items():
        assert record[name] == value
    assert record["version"]
    # 201 says where the new record is: following Location reads it.
    assert client.get(created["Location"]).json()["id"] == record["id"]

    detail = client.get(f"{url}{record['id']}/")
    assert detail.status_code == 200
    assert detail["ETag"].startswith(f'"{record["version"]}-')  # the version, then a hash

    updated = client.patch(
        f"{url}{record['id']}/", resource.change, format="json", HTTP_IF_MATCH=detail["ETag"]
    )
    assert updated.status_code == 200, updated.json()
    for name, value in resource.change.items():
        assert updated.json()[name] == value
    assert updated.json()["version"] != record["version"]

    deleted = client.delete(f"{url}{record['id']}/")
    if resource.deletable:
        assert deleted.status_code == 204
        assert client.get(f"{url}{record['id']}/").status_code == 404
    else:
        assert deleted.status_code == 405
        assert "no permitido" in deleted.json()["detail"]


@pytest.mark.database
@pytest.mark.parametrize("resource", RESOURCES, ids=IDS)
def test_resource_list_filters_paginates_and_orders(resource, rw_client, admin_session_client):
    client = _client(resource, rw_client, admin_session_client)
    response = client.get(f"/api/v1/{resource.url}/", {"commission": "CORI", **resource.filters})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] > 0
    everything = client.get(f"/api/v1/{resource.url}/", {"commission": "CORI"}).json()
    assert everything["count"] >= body["count"]
    for name, value in resource.filters.items():
        if name in body["results"][0]:
            assert {row[name] for row in body["results"]} == {value}
    by_id = client.get(f"/api/v1/{resource.url}/", {"ordering": "-id", "page_size": 3}).json()
    ids = [row["id"] for row in by_id["results"]]
    assert ids == sorted(ids, reverse=True)


@pytest.mark.parametrize("url", ["sessions", "agreements", "accords", "events", "missions"])
def test_list_query_count_does_not_grow_with_the_page(url, rw_client):
    rw_client.get(f"/api/v1/{url}/", {"page_size": 1})  # warm up the token's last use
    counts = []
    for size in (1, 50):
        with CaptureQueriesContext(connection) as queries:
            assert rw_client.get(f"/api/v1/{url}/", {"page_size": size}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_agreement_counterparts_are_ids_on_write_and_names_on_read(rw_client, seed_commission):
    first, second = Institution.objects.order_by("pk")[:2]
    response = rw_client.post(
        "/api/v1/agreements/",
        {
            "commission": "CORI",
            "title": "Convenio con dos contrapartes",
            "instrument_type": "convenio_colaboracion",
            "counterparts": [second.pk, first.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert [c["name"] for c in response.json()["counterparts"]] == [second.name, first.name]
    empty = rw_client.patch(
        f"/api/v1/agreements/{response.json()['id']}/", {"counterparts": []}, format="json"
    )
    assert empty.status_code == 400
    assert "counterparts" in empty.json()["errors"]


def test_accord_and_opinion_by_code(rw_client):
    accord = rw_client.get("/api/v1/accords/by-code/", {"code": "CORI/013/22"})
    assert accord.status_code == 200
    assert accord.json()["code"] == "CORI/013/22"
    opinion = rw_client.get("/api/v1/opinions/by-code/", {"code": "IECM/DVOE/OP/01/2022"})
    assert opinion.json()["number"] == 1
    missing = rw_client.get("/api/v1/accords/by-code/", {"code": "CORI/999/22"})
    assert missing.status_code == 404
    assert "CORI/999/22" in missing.json()["detail"]
    assert rw_client.get("/api/v1/accords/by-code/").status_code == 400


def test_session_shows_its_attendance_nested(rw_client, seed_commission):
    session = Session.objects.get(commission=seed_commission, date="2022-10-27")
    body = rw_client.get(f"/api/v1/sessions/{session.pk}/").json()
    assert len(body["attendance"]) == 20
    assert {"membership", "membership_label", "status", "justification"} <= set(
        body["attendance"][0]
    )
