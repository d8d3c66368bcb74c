"""Who sees and changes what: token kind and scope, revoked tokens, signed-in roles."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from cori.api.services import api_token_revoke
from cori.models import ApiToken
from sessions.models import Accord
from tests.api.conftest import token_client
from tests.staff import ADMINISTRATION, COUNCIL, SECRETARIAT, make_user

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
