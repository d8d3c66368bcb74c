"""Bad input never answers 500: deep JSON, huge bodies, unknown paths, impossible periods;
and every path under /api/ answers JSON, errors included."""

import pytest
from django.test import override_settings
from django.urls import reverse

from cori.access import ADMINISTRATION
from tests.staff import make_user

PERIOD = {"commission": "CORI", "start": "2022-09-01", "end": "2022-11-30"}


def _json_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["detail"]
    return body


RANGE = "Las fechas del periodo deben estar entre 1990 y 2100."
ORDER = "La fecha final no puede ser anterior a la inicial."


def test_deeply_nested_json_answers_400(rw_client):
    body = "[" * 100_000 + "]" * 100_000
    response = rw_client.generic(
        "POST", "/api/v1/bulletins/", body, content_type="application/json"
    )
    assert _json_error(response, 400)["code"] == "parse_error"


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_limit_answers_413_json(rw_client):
    body = '{"title": "' + "x" * 2000 + '"}'
    response = rw_client.generic(
        "POST", "/api/v1/bulletins/", body, content_type="application/json"
    )
    assert _json_error(response, 413)["code"] == "request_too_large"
    assert "1,000" in response.json()["detail"] or "1000" in response.json()["detail"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_form_over_the_limit_answers_a_spanish_413_page(client, seed_commission):
    client.force_login(make_user("grande", ADMINISTRATION))
    response = client.post(
        reverse("record_create", args=["CORI", "boletines"]), {"title": "x" * 2000}
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "demasiado grande" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/api/v1/no-existe/", "/api/nada/", "/api/v1/accords/x/y/", "/api/v2/"]
)
def test_unknown_api_paths_answer_404_json(rw_client, path):
    assert _json_error(rw_client.get(path), 404)["code"] == "not_found"


def test_unknown_pages_keep_the_html_404(client, db):
    response = client.get("/no-existe/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_wrong_method_answers_405_json(rw_client, seed_commission):
    response = rw_client.delete("/api/v1/reports/", PERIOD)
    assert _json_error(response, 405)["code"] == "method_not_allowed"


def test_an_api_crash_answers_500_json(rw_client, seed_commission, monkeypatch, client):
    from sessions.api.views import CommissionViewSet

    def crash(self, request, *args, **kwargs):
        raise RuntimeError("falla de prueba")

    monkeypatch.setattr(CommissionViewSet, "list", crash)
    rw_client.raise_request_exception = False
    body = _json_error(rw_client.get("/api/v1/commissions/"), 500)
    assert body["code"] == "server_error"
    assert "falla de prueba" not in body["detail"]


def test_a_page_crash_keeps_an_html_500(client, seed_commission, monkeypatch):
    import cori.views

    def crash(*args, **kwargs):
        raise RuntimeError("falla de prueba")

    monkeypatch.setattr(cori.views, "user_commissions", crash)
    client.raise_request_exception = False
    client.force_login(make_user("caida", ADMINISTRATION))
    response = client.get("/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert "error" in response.content.decode().lower()


def test_schema_answers_json_when_asked(rw_client):
    response = rw_client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert response.json()["openapi"].startswith("3.")


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("0001-01-01", "2022-11-30", RANGE),
        ("2022-09-01", "9999-12-31", RANGE),
        ("2022-11-30", "2022-09-01", ORDER),
        ("1989-12-31", "1990-03-31", RANGE),
    ],
)
def test_api_report_periods_out_of_range_answer_400(
    rw_client, seed_commission, start, end, message
):
    for path in ("/api/v1/reports/", "/api/v1/reports/pdf/", "/api/v1/reports/docx/"):
        response = rw_client.get(path, {**PERIOD, "start": start, "end": end})
        assert _json_error(response, 400)["errors"] == {"end": [message]}


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("0001-01-01", "9999-12-31", RANGE),
        ("2022-11-30", "2022-09-01", ORDER),
        ("2022-09-01", "2101-01-01", RANGE),
    ],
)
@pytest.mark.parametrize("view", ["period", "preview", "json", "docx", "pdf", "draft"])
def test_report_pages_with_an_impossible_period_answer_400(
    client, seed_commission, start, end, message, view
):
    client.force_login(make_user("periodos", ADMINISTRATION))
    if view in {"json", "docx", "pdf"}:
        url = reverse("reports:file", args=["CORI", start, end, view])
    else:
        url = reverse(f"reports:{view}", args=["CORI", start, end])
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert message in text


@pytest.mark.parametrize(
    ("start", "end"),
    [("0001-01-01", "0001-03-31"), ("9999-10-01", "9999-12-31"), ("2022-01-01", "2150-01-01")],
)
def test_dashboard_with_implausible_dates_shows_the_message(client, seed_commission, start, end):
    client.force_login(make_user("tablero", ADMINISTRATION))
    response = client.get(reverse("commission_home", args=["CORI"]), {"inicio": start, "fin": end})
    assert response.status_code == 400
    assert "entre 1990 y 2100" in response.content.decode()


def test_superscript_digits_are_not_numbers(rw_client, seed_commission):
    """ "²".isdigit() is True but int("²") fails: ids, pages, filters and If-Match."""
    session = seed_commission.sessions.order_by("pk").first()
    assert _json_error(rw_client.get("/api/v1/sessions/²/"), 404)
    assert _json_error(rw_client.get("/api/v1/sessions/", {"page_size": "²"}), 400)
    assert _json_error(rw_client.get("/api/v1/sessions/", {"page": "²"}), 400)
    assert _json_error(rw_client.get("/api/v1/accords/", {"year": "²"}), 400)
    stale = rw_client.patch(
        f"/api/v1/sessions/{session.pk}/", {"time": None}, format="json", HTTP_IF_MATCH='"²"'
    )
    assert _json_error(stale, 409)["code"] == "version_conflict"
