"""The report over the API is the same object the PDF is made from."""

import json

from django.core.management import call_command

from reports.content import report_to_json
from reports.selectors import report_content
from reports.services import report_issue

PERIOD = {"commission": "CORI", "start": "2022-09-01", "end": "2022-11-30"}


def test_report_json_is_the_report_content(rw_client, seed_commission):
    import datetime

    response = rw_client.get("/api/v1/reports/", PERIOD)
    assert response.status_code == 200
    expected = report_content(
        commission=seed_commission,
        start=datetime.date(2022, 9, 1),
        end=datetime.date(2022, 11, 30),
    )
    assert response.json() == json.loads(report_to_json(expected))


def test_report_files(rw_client):
    pdf = rw_client.get("/api/v1/reports/pdf/", PERIOD)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    docx = rw_client.get("/api/v1/reports/docx/", PERIOD)
    assert docx.status_code == 200
    assert docx.content.startswith(b"PK")
    missing = rw_client.get(
        "/api/v1/reports/pdf/", {"commission": "CORI"}, HTTP_ACCEPT="application/pdf"
    )
    assert missing.status_code == 400
    assert missing["Content-Type"] == "application/json"


def test_issued_reports_are_listed_and_downloaded(rw_client, seed_commission):
    import datetime

    session = seed_commission.sessions.get(date="2022-12-08")
    issued = report_issue(
        commission=seed_commission,
        period_start=datetime.date(2022, 9, 1),
        period_end=datetime.date(2022, 11, 30),
        session=session,
        issued_by=None,
    )
    listing = rw_client.get("/api/v1/issued-reports/").json()
    assert [row["id"] for row in listing["results"]] == [issued.pk]
    assert listing["results"][0]["pdf_sha256"] == issued.pdf_sha256
    pdf = rw_client.get(f"/api/v1/issued-reports/{issued.pk}/pdf/")
    assert pdf.content == bytes(issued.pdf)
    content = rw_client.get(f"/api/v1/issued-reports/{issued.pk}/json/")
    assert content.content == issued.content_json.encode()


def test_schema_validates(tmp_path, rw_client):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
    response = rw_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/accords/by-code/" in paths
    assert "tokenAuth" in response.json()["components"]["securitySchemes"]


def test_swagger_ui_uses_the_sidecar_assets(rw_client, client, django_user_model):
    user = django_user_model.objects.create_superuser("docs", "d@example.com", "clave-1")
    client.force_login(user)
    page = client.get("/api/docs/").content.decode()
    assert "drf_spectacular_sidecar" in page
    assert "jsdelivr" not in page
    assert "unpkg" not in page


def test_the_issued_reports_word_file_is_served_and_linked(rw_client, client, seed_commission):
    """Every stored format of an issued report (issue 19, point 5), each with its ETag."""
    import datetime

    from django.urls import reverse

    from cori.access import SECRETARIAT
    from tests.staff import make_user

    session = seed_commission.sessions.get(date="2022-12-08")
    issued = report_issue(
        commission=seed_commission,
        period_start=datetime.date(2022, 9, 1),
        period_end=datetime.date(2022, 11, 30),
        session=session,
        issued_by=None,
    )
    docx = rw_client.get(f"/api/v1/issued-reports/{issued.pk}/docx/")
    assert docx.status_code == 200
    assert docx.content == bytes(issued.docx)
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "emitido-informe-cori-2022-09-01-2022-11-30.docx" in docx["Content-Disposition"]
    # The stored files never change: their SHA-256 is their ETag; a client that has them
    # gets 304 without a body.
    stored = {"pdf": issued.pdf_sha256, "docx": issued.docx_sha256, "json": issued.content_sha256}
    for fmt, sha256 in stored.items():
        url = f"/api/v1/issued-reports/{issued.pk}/{fmt}/"
        first = rw_client.get(url)
        assert first["ETag"] == f'"{sha256}"'
        again = rw_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert (again.status_code, again.content) == (304, b"")
        assert rw_client.get(url, HTTP_IF_NONE_MATCH='"otro"').status_code == 200

    client.force_login(make_user("secretaria-emitidos", SECRETARIAT, [seed_commission]))
    period = {"acronym": "CORI", "start": "2022-09-01", "end": "2022-11-30"}
    page = client.get(reverse("reports:issue", kwargs=period)).content.decode()
    link = reverse("reports:issued_file", args=[issued.pk, "docx"])
    assert f'<a href="{link}">Word</a>' in page
    assert client.get(link).content == bytes(issued.docx)
