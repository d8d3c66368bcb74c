"""Errors are JSON in Spanish: 400, 404, 409 (If-Match, duplicates), 415, 429; never 500."""

import pytest
from django.conf import settings
from django.test import override_settings

from sessions.models import Accord


@pytest.mark.database
def test_stale_if_match_answers_409(rw_client, seed_commission):
    # CORI/013/22: its session's minuta is a draft (an approved one seals its accords).
    accord = Accord.objects.get(commission=seed_commission, code="CORI/013/22")
    url = f"/api/v1/accords/{accord.pk}/"
    etag = rw_client.get(url)["ETag"]
    first = rw_client.patch(url, {"title": "Primera edición"}, format="json", HTTP_IF_MATCH=etag)
    assert first.status_code == 200
    second = rw_client.patch(url, {"title": "Edición vieja"}, format="json", HTTP_IF_MATCH=etag)
    assert second.status_code == 409
    assert second.json()["code"] == "version_conflict"
    assert "cambió" in second.json()["detail"]
    accord.refresh_from_db()
    assert accord.title == "Primera edición"
    assert (
        rw_client.delete(f"/api/v1/sessions/{accord.session_id}/", HTTP_IF_MATCH='"1"').status_code
        == 409
    )


def _open_session(commission):
    """A held session whose minuta is not approved (an approved one seals the session)."""
    return (
        commission.sessions.filter(status="celebrada").exclude(minutes__status="aprobada").first()
    )


@pytest.mark.database
def test_duplicate_accord_code_answers_409(rw_client, seed_commission):
    session = _open_session(seed_commission)
    response = rw_client.post(
        "/api/v1/accords/",
        {"commission": "CORI", "session": session.pk, "title": "Repetido", "code": "CORI/001/22"},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate"
    assert "Ya existe un acuerdo con esa clave" in response.json()["detail"]


@pytest.mark.database
def test_duplicate_unique_field_answers_409(rw_client):
    response = rw_client.post(
        "/api/v1/institutions/",
        {
            "name": "Instituto Nacional Electoral",
            "scope": "nacional",
            "sector": "organismo_electoral",
        },
        format="json",
    )
    assert response.status_code == 409


@pytest.mark.database
def test_protected_delete_answers_409(rw_client, seed_commission):
    session = seed_commission.sessions.order_by("date").first()
    response = rw_client.delete(f"/api/v1/sessions/{session.pk}/")
    assert response.status_code == 409
    assert "dependen" in response.json()["detail"]


def test_model_rules_answer_400_per_field(rw_client):
    response = rw_client.post(
        "/api/v1/missions/",
        {
            "commission": "CORI",
            "kind": "capacitacion",
            "title": "Al revés",
            "people": [1],
            "country": "Chile",
            "start_date": "2022-12-05",
            "end_date": "2022-12-01",
        },
        format="json",
    )
    assert response.status_code == 400
    # At the field that ends the range, as the staff form shows it.
    assert response.json()["errors"]["end_date"] == [
        "La misión no puede terminar antes de empezar."
    ]


@pytest.mark.database
@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/sessions/?date_after=2022-13-45", 400),
        ("/api/v1/sessions/?date_after=ayer", 400),
        ("/api/v1/sessions/?year=99999999999999999999999", 200),
        ("/api/v1/accords/?session=99999999999999999999999", 400),
        ("/api/v1/accords/?session=abc", 400),
        ("/api/v1/sessions/?no_such_filter=1", 200),
        ("/api/v1/sessions/?ordering=no_such_field", 400),
        ("/api/v1/sessions/?page=999", 404),
        ("/api/v1/sessions/?page_size=99999999999999999999", 200),
        ("/api/v1/sessions/99999999999999999999999/", 404),
        ("/api/v1/sessions/-1/", 404),
        ("/api/v1/sessions/abc/", 404),
        ("/api/v1/reports/?commission=CORI&start=2022-11-30&end=2022-09-01", 400),
        ("/api/v1/reports/?commission=CORI&start=x&end=y", 400),
        ("/api/v1/reports/?commission=NOPE&start=2022-09-01&end=2022-11-30", 403),
        ("/api/v1/issued-reports/999999999999999999999/pdf/", 404),
        ("/api/v1/sessions/?page_size=null", 400),
        ("/api/v1/sessions/?page_size=0", 400),
        ("/api/v1/accords/?year=0.5", 400),
        ("/api/v1/events/?without_line=null", 400),
        ("/api/v1/agreements/?signing_date_before=", 400),
        ("/api/v1/sessions/?q=%00", 400),
    ],
)
def test_bad_input_never_answers_500(rw_client, url, status):
    response = rw_client.get(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    if status != 200:
        assert response.json()["detail"]


def test_bad_json_and_wrong_content_type(rw_client):
    bad = rw_client.generic(
        "POST", "/api/v1/bulletins/", "{no es json", content_type="application/json"
    )
    assert bad.status_code == 400
    assert bad.json()["code"] == "parse_error"
    wrong = rw_client.generic("POST", "/api/v1/bulletins/", "a=b", content_type="text/plain")
    assert wrong.status_code == 415
    huge = rw_client.post(
        "/api/v1/sessions/",
        {"commission": "CORI", "kind": "ordinaria", "date": "2023-01-01", "number": 10**30},
        format="json",
    )
    assert huge.status_code == 400
    assert "number" in huge.json()["errors"]
    listed = rw_client.post("/api/v1/bulletins/", [1, 2], format="json")
    assert listed.status_code == 400
    typed = rw_client.post(
        "/api/v1/bulletins/",
        {"commission": "CORI", "date": "2022-12-09", "title": 7},
        format="json",
    )
    assert typed.status_code == 400
    assert "title" in typed.json()["errors"]
    control = rw_client.post(
        "/api/v1/bulletins/",
        {"commission": "CORI", "date": "2022-12-09", "title": "Bol\x01etín"},
        format="json",
    )
    assert control.status_code == 400
    assert control.json()["errors"]["title"] == [
        "El texto contiene caracteres de control no admitidos."
    ]
    acronym = rw_client.post(
        "/api/v1/bulletins/", {"commission": 0, "date": "2022-12-09"}, format="json"
    )
    assert acronym.status_code == 400


def test_throttled_client_gets_429(rw_client):
    rates = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "2/min"}}
    with override_settings(REST_FRAMEWORK=rates):
        assert rw_client.get("/api/v1/commissions/").status_code == 200
        assert rw_client.get("/api/v1/commissions/").status_code == 200
        response = rw_client.get("/api/v1/commissions/")
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Demasiadas solicitudes")
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize("page", ["", "x", "0", "-1"])
def test_a_page_that_is_not_a_positive_integer_is_a_400(client, seed_commission, page):
    from cori.access import ADMINISTRATION
    from tests.staff import make_user

    client.force_login(make_user(f"paginas{page or 'vacia'}", ADMINISTRATION))
    response = client.get("/api/v1/presented-items/", {"page": page})
    assert response.status_code == 400
    assert response.json()["errors"]["page"] == ["Indique un número de página desde 1."]
