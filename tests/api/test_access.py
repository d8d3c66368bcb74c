"""Who sees and changes what: token kind and scope, revoked tokens, signed-in roles."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from cori.api.services import api_token_create, api_token_revoke
from cori.models import ApiToken
from sessions.models import Accord, Session
from tests.api.conftest import token_client
from tests.staff import ADMINISTRATION, COUNCIL, SECRETARIAT, make_user

pytestmark = pytest.mark.clock  # reads "today": CI runs it on other days

NEW_NOTE = {"commission": "CORI", "scope": "ine", "date": "2022-12-01", "title": "Nota"}


def _accord(commission) -> Accord:
    return Accord.objects.get(commission=commission, code="CORI/001/22")


def test_read_only_token_reads_but_cannot_write(ro_client, seed_commission):
    accord = _accord(seed_commission)
    assert ro_client.get("/api/v1/accords/").status_code == 200
    assert ro_client.get(f"/api/v1/accords/{accord.pk}/").status_code == 200
    created = ro_client.post("/api/v1/executive-notes/", NEW_NOTE, format="json")
    assert created.status_code == 403
    assert "solo lectura" in created.json()["detail"]
    changed = ro_client.patch(f"/api/v1/accords/{accord.pk}/", {"title": "X"}, format="json")
    assert changed.status_code == 403


def test_read_write_token_writes_in_its_commission(rw_client):
    assert rw_client.post("/api/v1/executive-notes/", NEW_NOTE, format="json").status_code == 201


def test_token_of_another_commission_sees_nothing_of_cori(other_commission, seed_commission):
    client, _ = token_client(commissions=[other_commission])
    accord = _accord(seed_commission)
    assert client.get("/api/v1/accords/").json()["count"] == 0
    assert client.get(f"/api/v1/accords/{accord.pk}/").status_code == 404
    assert client.get("/api/v1/accords/by-code/", {"code": "CORI/001/22"}).status_code == 404
    forbidden = client.get("/api/v1/accords/", {"commission": "CORI"})
    assert forbidden.status_code == 403
    assert forbidden.json()["detail"] == "No tiene acceso a esta comisión."
    assert client.post("/api/v1/executive-notes/", NEW_NOTE, format="json").status_code == 403
    assert (
        client.patch(f"/api/v1/accords/{accord.pk}/", {"title": "X"}, format="json").status_code
        == 404
    )
    report = client.get(
        "/api/v1/reports/", {"commission": "CORI", "start": "2022-09-01", "end": "2022-11-30"}
    )
    assert report.status_code == 403
    commissions = client.get("/api/v1/commissions/").json()["results"]
    assert [c["acronym"] for c in commissions] == ["CPRU"]


def test_related_records_of_another_commission_cannot_be_referenced(
    other_commission, seed_commission
):
    client, _ = token_client(commissions=[other_commission])
    session = seed_commission.sessions.first()
    response = client.post(
        "/api/v1/accords/",
        {"commission": "CPRU", "session": session.pk, "title": "Ajeno"},
        format="json",
    )
    assert response.status_code == 400
    assert "session" in response.json()["errors"]


def test_revoked_token_answers_401(seed_commission):
    client, token = token_client(commissions=[seed_commission])
    assert client.get("/api/v1/accords/").status_code == 200
    api_token_revoke(token=token)
    response = client.get("/api/v1/accords/")
    assert response.status_code == 401
    assert response.json()["detail"] == "El token fue revocado."
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("header", [None, "Token no-existe", "Token", "Bearer x"])
def test_missing_or_wrong_credentials_answer_401(db, header):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/accords/")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_token_records_its_last_use(seed_commission):
    client, token = token_client(commissions=[seed_commission])
    assert token.last_used_at is None
    client.get("/api/v1/commissions/")
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    ("role", "granted", "reads", "writes"),
    [
        (COUNCIL, True, 200, 403),
        (SECRETARIAT, True, 200, 201),
        (SECRETARIAT, False, 403, 403),
        (ADMINISTRATION, False, 200, 201),
        (None, True, 403, 403),
    ],
)
def test_signed_in_users_have_the_web_roles(seed_commission, role, granted, reads, writes):
    user = make_user("persona-api", role, [seed_commission] if granted else [])
    client = APIClient()
    client.force_login(user)
    assert client.get("/api/v1/accords/", {"commission": "CORI"}).status_code == reads
    assert client.post("/api/v1/executive-notes/", NEW_NOTE, format="json").status_code == writes


def test_only_administration_creates_commissions(rw_client):
    response = rw_client.post(
        "/api/v1/commissions/",
        {"name": "Otra", "acronym": "OTRA", "kind": "permanente", "active_from": "2023-01-01"},
        format="json",
    )
    assert response.status_code == 403


def test_create_api_token_command_prints_a_working_key(seed_commission, capsys):
    call_command("create_api_token", "--name", "integración", "--commission", "CORI", "--read-only")
    key = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(name="integración")
    assert token.read_only
    assert token.prefix == key[:8]
    assert key not in token.key_hash
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/accords/").json()["count"] == 13


def test_admin_shows_the_new_key_once(client, django_user_model, seed_commission):
    admin_user = django_user_model.objects.create_superuser("raiz", "r@example.com", "clave-1")
    client.force_login(admin_user)
    response = client.post(
        "/admin/cori/apitoken/add/",
        {"name": "tablero", "read_only": "on", "commissions": [seed_commission.pk]},
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="tablero")
    assert token.created_by == admin_user
    assert "no se volverá a mostrar" in response.content.decode()
    page = client.get(f"/admin/cori/apitoken/{token.pk}/change/").content.decode()
    assert "no se volverá a mostrar" not in page


# --- who may edit what: the table of cori.access.may_edit, asked by the API too ---------

COMMISSION_CHANGE = {"name": "Comisión renombrada", "acronym": "XYZ"}


def test_a_read_write_token_cannot_edit_its_commission(rw_client, seed_commission):
    response = rw_client.patch(
        f"/api/v1/commissions/{seed_commission.pk}/", COMMISSION_CHANGE, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Solo Administración crea o modifica los datos de una comisión."
    )
    seed_commission.refresh_from_db()
    assert seed_commission.acronym == "CORI"


@pytest.mark.parametrize(("role", "status"), [(SECRETARIAT, 403), (ADMINISTRATION, 200)])
def test_only_administration_edits_a_commission_signed_in(seed_commission, role, status):
    client = APIClient()
    client.force_login(make_user("comisiones", role, [seed_commission]))
    response = client.patch(
        f"/api/v1/commissions/{seed_commission.pk}/", {"name": "Renombrada"}, format="json"
    )
    assert response.status_code == status
    seed_commission.refresh_from_db()
    assert (seed_commission.name == "Renombrada") == (status == 200)


CATALOGUES = {
    "institutions": {"name": "Instituto de Prueba", "scope": "local", "sector": "academia"},
    "persons": {"full_name": "Persona de Prueba"},
    "parties": {"name": "Partido de Prueba", "acronym": "PP"},
    "areas": {"name": "Área de Prueba", "acronym": "AP"},
}


def _clients(seed_commission) -> dict[str, APIClient]:
    clients = {
        "token de lectura y escritura": token_client(commissions=[seed_commission])[0],
        "token de solo lectura": token_client(commissions=[seed_commission], read_only=True)[0],
    }
    for name, role in (
        ("secretaría técnica", SECRETARIAT),
        ("consejería", COUNCIL),
        ("administración", ADMINISTRATION),
    ):
        clients[name] = APIClient()
        clients[name].force_login(make_user(name.replace(" ", "-"), role, [seed_commission]))
    return clients


# (create, update, delete) for each kind of client
EXPECTED = {
    "token de lectura y escritura": (201, 200, 403),
    "token de solo lectura": (403, 403, 403),
    "secretaría técnica": (201, 200, 403),
    "consejería": (403, 403, 403),
    "administración": (201, 200, 204),
}


def _catalogue_record(resource: str, name: str):
    from agreements.models import Institution
    from commissions.models import Area, Party, Person

    if resource == "persons":
        return Person.objects.create(full_name=name)
    model = {"institutions": Institution, "parties": Party, "areas": Area}[resource]
    extra = {"scope": "local", "sector": "academia"} if resource == "institutions" else {}
    if resource == "parties":
        extra = {"acronym": name[-12:]}
    return model.objects.create(name=name, **extra)


@pytest.mark.parametrize("resource", CATALOGUES)
def test_catalogues_are_edited_by_writers_and_deleted_by_administration(seed_commission, resource):
    text_field = "full_name" if resource == "persons" else "name"
    got = {}
    for index, (name, client) in enumerate(_clients(seed_commission).items()):
        data = {**CATALOGUES[resource], text_field: f"Nuevo para {name}"}
        if "acronym" in data:
            data["acronym"] = f"P{index}"
        created = client.post(f"/api/v1/{resource}/", data, format="json")
        record = _catalogue_record(resource, f"Existente para {name}")
        changed = client.patch(
            f"/api/v1/{resource}/{record.pk}/", {text_field: f"Cambio {name}"}, format="json"
        )
        deleted = client.delete(f"/api/v1/{resource}/{record.pk}/")
        got[name] = (created.status_code, changed.status_code, deleted.status_code)
        if deleted.status_code == 403 and not name.endswith("lectura") and name != "consejería":
            assert deleted.json()["detail"] == (
                "Solo Administración elimina registros de los catálogos compartidos "
                "(personas, partidos, áreas, instituciones)."
            )
        assert type(record).objects.filter(pk=record.pk).exists() == (deleted.status_code != 204)
    assert got == EXPECTED


def test_expired_token_answers_401_in_spanish(seed_commission):
    import datetime

    from django.utils import timezone

    client, token = token_client(commissions=[seed_commission])
    token.expires_at = timezone.now() + datetime.timedelta(hours=1)
    token.save()
    assert client.get("/api/v1/accords/").status_code == 200
    token.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    token.save()
    response = client.get("/api/v1/accords/")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("El token venció el ")


def test_token_stops_working_when_its_creator_is_deactivated(seed_commission, django_user_model):
    from cori.api.services import api_token_create

    creator = make_user("creadora", ADMINISTRATION)
    _token, key = api_token_create(
        name="integración SIGE", commissions=[seed_commission], created_by=creator
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/accords/").status_code == 200
    creator.is_active = False
    creator.save()
    response = client.get("/api/v1/accords/")
    assert response.status_code == 401
    assert "desactivada" in response.json()["detail"]


def test_create_api_token_command_sets_an_expiry(seed_commission, capsys):
    call_command(
        "create_api_token", "--name", "temporal", "--commission", "CORI", "--expires", "2000-01-31"
    )
    key = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(name="temporal")
    assert token.expires_at.isoformat().startswith("2000-01-31T")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/accords/").status_code == 401


def test_admin_sets_a_token_expiry(client, django_user_model, seed_commission):
    admin_user = django_user_model.objects.create_superuser("raiz2", "r@example.com", "clave-1")
    client.force_login(admin_user)
    response = client.post(
        "/admin/cori/apitoken/add/",
        {
            "name": "con-vencimiento",
            "read_only": "on",
            "commissions": [seed_commission.pk],
            "expires_at_0": "31/12/2030",
            "expires_at_1": "00:00:00",
        },
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="con-vencimiento")
    assert token.expires_at.year == 2030


def test_session_files_follow_the_tokens_commissions_not_its_creators(
    seed_commission, other_commission
):
    # A token for another commission, created by Administración (who sees every commission).
    creator = make_user("creadora-token", ADMINISTRATION)
    _token, key = api_token_create(
        name="otra", commissions=[other_commission], read_only=True, created_by=creator
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    session = Session.objects.filter(commission=seed_commission).first()
    for path in ("convocatoria/", "packet/", "minutes/"):
        response = client.get(f"/api/v1/sessions/{session.pk}/{path}")
        assert response.status_code == 404, path
        assert "no tiene acceso" in response.json()["detail"]
