"""The institute's report on agreements and the commission's informe anual are issued and
frozen like the quarterly informe (issue 21, point 4): content, PDF/A, reading PDF, Word
and their SHA-256 kept; one issue per kind and period; never before the period ends; the
pages and the API show the issued version and serve its stored bytes."""

import datetime
import hashlib
import json
import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from agreements.models import AgreementYearBalance
from cori.api.services import api_token_create
from cori.states import StateConflict
from outreach.models import Event
from reports.content import report_to_json
from reports.issuing import report_kind_issue
from reports.models import IssuedReport
from reports.selectors.agreement_report import agreement_report_content
from reports.selectors.annual_report import annual_report_content
from tests.conftest import TEST_TODAY
from tests.factories import CommissionFactory
from tests.registry import END, SIGNED_TOTAL, START, registry_build
from tests.reports.conftest import docx_text, pdf_text, squeeze
from tests.staff import ADMINISTRATION, COUNCIL, SECRETARIAT, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.database]

YEAR = 2025  # ended before TEST_TODAY (6 December 2026)
PERIOD = {"inicio": START.isoformat(), "fin": END.isoformat()}


def _text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.content.decode()))


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def admin(client, seed_commission):
    registry_build(seed_commission)
    client.force_login(make_user("admin-emite", ADMINISTRATION, []))
    return client


@pytest.fixture
def commission(db):
    return CommissionFactory()


@pytest.fixture
def secretary(client, commission):
    client.force_login(make_user("st-anual-emite", SECRETARIAT, [commission]))
    return client


def _issue_institute(start=START, end=END, user=None) -> IssuedReport:
    return report_kind_issue(kind="convenios", start=start, end=end, issued_by=user)


# --- The institute's report ---------------------------------------------------------------


def test_administration_issues_the_institute_report_and_it_stays_frozen(admin):
    expected = report_to_json(agreement_report_content(start=START, end=END))
    response = admin.post("/informes/convenios/emitir/", {**PERIOD, "confirmacion": "on"})
    assert response.status_code == 302
    issued = IssuedReport.objects.get()
    assert (issued.kind, issued.commission, issued.session) == ("convenios", None, None)
    assert (issued.period_start, issued.period_end) == (START, END)
    assert issued.content_json == expected
    assert issued.content_sha256 == hashlib.sha256(expected.encode()).hexdigest()
    for field in ("pdf", "reading_pdf", "docx"):
        body = bytes(getattr(issued, field))
        digest = getattr(issued, "pdf_sha256" if field == "pdf" else f"{field}_sha256")
        assert digest == hashlib.sha256(body).hexdigest(), field
    assert issued.issued_by.username == "admin-emite"

    # Later data change the report of today, not the issued one.
    AgreementYearBalance.objects.filter(year=2010, sector="academia").update(signed_count=50)
    assert agreement_report_content(start=START, end=END).figures["instrumentos_suscritos"] == (
        SIGNED_TOTAL + 45
    )
    page = _text(admin.get(response.url))
    versions = page.split('id="emitidos"')[1]
    assert "Emitido el" in versions and issued.pdf_sha256[:12] in versions
    pdf = admin.get(f"/informes/emitidos/{issued.pk}/pdf/")
    assert pdf.content == bytes(issued.pdf)
    assert f"suscrito {SIGNED_TOTAL} instrumentos" in " ".join(pdf_text(pdf.content).split())
    assert admin.get(f"/informes/emitidos/{issued.pk}/json/").content.decode() == expected
    word = admin.get(f"/informes/emitidos/{issued.pk}/docx/").content
    assert squeeze(f"suscrito {SIGNED_TOTAL} instrumentos") in squeeze(docx_text(word))


def test_the_institute_report_is_issued_once_per_period(admin):
    _issue_institute()
    with pytest.raises(StateConflict) as refused:
        _issue_institute()
    assert "ya se emitió" in str(refused.value)
    page = admin.post("/informes/convenios/emitir/", {**PERIOD, "confirmacion": "on"})
    assert "ya se emitió" in _text(page)
    # The database keeps it too, whatever writes the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedReport.objects.create(
            kind="convenios", period_start=START, period_end=END, title="Otra", content_json="{}"
        )
    assert IssuedReport.objects.count() == 1


def test_the_institute_report_is_not_issued_before_its_cut_off(admin):
    with pytest.raises(ValidationError) as refused:
        _issue_institute(end=TEST_TODAY)
    message = refused.value.messages[0]
    assert "la fecha de corte es el domingo 6 de diciembre de 2026" in message
    assert "se emite cuando la fecha de corte ha pasado" in message
    page = admin.post(
        "/informes/convenios/emitir/",
        {"inicio": START.isoformat(), "fin": TEST_TODAY.isoformat(), "confirmacion": "on"},
    )
    assert "se emite cuando la fecha de corte ha pasado" in _text(page)
    # Nor through the API, nor without the confirmation on the page.
    api = _api(make_user("admin-api-corte", ADMINISTRATION, []))
    body = {"kind": "convenios", "start": START.isoformat(), "end": TEST_TODAY.isoformat()}
    response = api.post("/api/v1/issued-reports/", body, format="json")
    assert response.status_code == 400
    assert "se emite cuando la fecha de corte ha pasado" in json.dumps(
        response.json(), ensure_ascii=False
    )
    assert admin.post("/informes/convenios/emitir/", PERIOD).status_code == 200
    assert not IssuedReport.objects.exists()


def test_only_administration_issues_the_institute_report(client, seed_commission):
    registry_build(seed_commission)
    client.force_login(make_user("st-no-emite", SECRETARIAT, [seed_commission]))
    response = client.post("/informes/convenios/emitir/", {**PERIOD, "confirmacion": "on"})
    assert response.status_code == 403
    api = _api(make_user("st-api-no-emite", SECRETARIAT, [seed_commission]))
    body = {"kind": "convenios", "start": START.isoformat(), "end": END.isoformat()}
    response = api.post("/api/v1/issued-reports/", body, format="json")
    assert response.status_code == 403
    assert not IssuedReport.objects.exists()


def test_the_api_issues_lists_and_serves_the_institute_report(seed_commission):
    registry_build(seed_commission)
    admin = make_user("admin-api-emite", ADMINISTRATION, [])
    _token, key = api_token_create(
        name="emite", commissions=[seed_commission], read_only=False, created_by=admin
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    body = {"kind": "convenios", "start": START.isoformat(), "end": END.isoformat()}
    created = api.post("/api/v1/issued-reports/", body, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["kind"], data["commission"], data["session"]) == ("convenios", None, None)
    issued = IssuedReport.objects.get()
    assert data["pdf_sha256"] == issued.pdf_sha256
    assert api.post("/api/v1/issued-reports/", body, format="json").status_code == 409
    # Any client reads the institute's issued reports (as it reads the report itself).
    reader = _api(make_user("consejera-lee", COUNCIL, [seed_commission]))
    listing = reader.get("/api/v1/issued-reports/", {"kind": "convenios"}).json()["results"]
    assert [row["id"] for row in listing] == [issued.pk]
    assert reader.get("/api/v1/issued-reports/", {"kind": "anual"}).json()["results"] == []
    pdf = reader.get(f"/api/v1/issued-reports/{issued.pk}/pdf/", HTTP_ACCEPT="application/pdf")
    assert pdf.content == bytes(issued.pdf) and pdf["ETag"] == f'"{issued.pdf_sha256}"'
    stored = reader.get(f"/api/v1/issued-reports/{issued.pk}/json/").content.decode()
    assert stored == issued.content_json


# --- The commission's informe anual -------------------------------------------------------


def _event(commission, day):
    Event.objects.create(commission=commission, title=f"Foro {day}", start_date=day)


def test_the_secretariat_issues_the_informe_anual_and_it_stays_frozen(secretary, commission):
    url = f"/informes/{commission.acronym}/anual/{YEAR}/"
    expected = report_to_json(annual_report_content(commission=commission, year=YEAR))
    response = secretary.post(f"{url}emitir/", {"confirmacion": "on"})
    assert response.status_code == 302 and response.url == url
    issued = IssuedReport.objects.get()
    assert (issued.kind, issued.commission, issued.session) == ("anual", commission, None)
    assert (issued.period_start, issued.period_end) == (
        datetime.date(YEAR, 1, 1),
        datetime.date(YEAR, 12, 31),
    )
    assert issued.content_json == expected
    assert bytes(issued.pdf).startswith(b"%PDF-") and issued.docx_sha256

    _event(commission, datetime.date(YEAR, 5, 5))  # recorded after the issue
    assert report_to_json(annual_report_content(commission=commission, year=YEAR)) != expected
    page = _text(secretary.get(url))
    versions = page.split('id="emitidos"')[1]
    assert "Emitido el" in versions and f"/informes/emitidos/{issued.pk}/pdf/" in versions
    assert secretary.get(f"/informes/emitidos/{issued.pk}/json/").content.decode() == expected
    # The quarterly informe of the same dates knows nothing of it.
    period = f"/informes/{commission.acronym}/{YEAR}-01-01/{YEAR}-12-31/emitir/"
    assert "Este periodo aún no tiene un informe emitido." in _text(secretary.get(period))
    again = secretary.post(f"{url}emitir/", {"confirmacion": "on"})
    assert "ya se emitió" in _text(again)
    assert IssuedReport.objects.count() == 1


def test_an_informe_anual_of_a_year_not_ended_or_before_the_commission_is_refused(
    secretary, commission
):
    current = TEST_TODAY.year
    with pytest.raises(ValidationError) as refused:
        report_kind_issue(kind="anual", commission=commission, year=current, issued_by=None)
    assert (
        f"el año {current} termina el jueves 31 de diciembre de {current}"
        in (refused.value.messages[0])
    )
    with pytest.raises(ValidationError) as refused:
        report_kind_issue(kind="anual", commission=commission, year=2019, issued_by=None)
    assert "inició funciones el miércoles 1 de enero de 2020" in refused.value.messages[0]
    page = secretary.post(
        f"/informes/{commission.acronym}/anual/{current}/emitir/", {"confirmacion": "on"}
    )
    assert f"el año {current} termina el" in _text(page)
    api = _api(make_user("st-api-anual", SECRETARIAT, [commission]))
    body = {"kind": "anual", "commission": commission.acronym, "year": current}
    response = api.post("/api/v1/issued-reports/", body, format="json")
    assert response.status_code == 400
    assert f"el año {current} termina el" in json.dumps(response.json(), ensure_ascii=False)
    assert not IssuedReport.objects.exists()


def test_the_api_issues_the_informe_anual_and_councillors_may_not(commission):
    council = _api(make_user("consejera-anual-api", COUNCIL, [commission]))
    body = {"kind": "anual", "commission": commission.acronym, "year": YEAR}
    assert council.post("/api/v1/issued-reports/", body, format="json").status_code == 403
    api = _api(make_user("st-api-anual-ok", SECRETARIAT, [commission]))
    created = api.post("/api/v1/issued-reports/", body, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["kind"], data["commission"]) == ("anual", commission.acronym)
    assert (data["period_start"], data["period_end"]) == (f"{YEAR}-01-01", f"{YEAR}-12-31")
    assert api.post("/api/v1/issued-reports/", body, format="json").status_code == 409
    listing = council.get("/api/v1/issued-reports/", {"kind": "anual"}).json()["results"]
    assert [row["id"] for row in listing] == [data["id"]]
    other = _api(make_user("ajena-anual-api", SECRETARIAT, [CommissionFactory()]))
    assert other.get("/api/v1/issued-reports/", {"kind": "anual"}).json()["results"] == []
    assert other.post("/api/v1/issued-reports/", body, format="json").status_code == 403


def test_councillors_see_the_issued_informe_anual_but_may_not_issue(client, commission):
    report_kind_issue(kind="anual", commission=commission, year=YEAR, issued_by=None)
    client.force_login(make_user("consejera-ve", COUNCIL, [commission]))
    url = f"/informes/{commission.acronym}/anual/{YEAR}/"
    page = _text(client.get(url))
    assert "Emitido el" in page.split('id="emitidos"')[1]
    assert 'name="confirmacion"' not in page
    assert client.post(f"{url}emitir/", {"confirmacion": "on"}).status_code == 403


def test_the_database_ties_each_kind_to_its_owner(commission, seed_commission):
    cases = [
        {"kind": "convenios", "commission": commission},  # the institute's, no commission
        {"kind": "anual"},  # a commission's
        {"kind": "informe_trimestral", "commission": commission},  # presented at a session
    ]
    for fields in cases:
        with pytest.raises(IntegrityError), transaction.atomic():
            IssuedReport.objects.create(
                period_start=START, period_end=END, title="x", content_json="{}", **fields
            )
    report_kind_issue(kind="anual", commission=commission, year=YEAR, issued_by=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedReport.objects.create(
            kind="anual",
            commission=commission,
            period_start=datetime.date(YEAR, 1, 1),
            period_end=datetime.date(YEAR, 12, 31),
            title="x",
            content_json="{}",
        )


def _figure_row(page: str, label: str) -> str:
    return page.split(f'<th scope="row" class="fw-normal">{label}</th>')[1].split("</tr>")[0]


def test_the_changes_since_an_issue_name_the_figures_of_each_kind(admin, client, commission):
    institute = _issue_institute()
    AgreementYearBalance.objects.filter(year=2010, sector="academia").update(signed_count=50)
    page = _text(admin.get(f"/informes/emitidos/{institute.pk}/cambios/"))
    row = _figure_row(page, "Instrumentos suscritos desde el primer registro")
    assert f"<del>{SIGNED_TOTAL}</del>" in row and f"<ins>{SIGNED_TOTAL + 45}</ins>" in row
    assert "Informe de convenios emitido el" in page
    annual = report_kind_issue(kind="anual", commission=commission, year=YEAR, issued_by=None)
    _event(commission, datetime.date(YEAR, 5, 5))
    client.force_login(make_user("consejera-cambios", COUNCIL, [commission]))
    page = _text(client.get(f"/informes/emitidos/{annual.pk}/cambios/"))
    assert "<del>0</del>" in _figure_row(page, "Eventos y actividades")
    assert f"Informe anual {YEAR} emitido el" in page
    # The institute's issued report is Administración's, as its page.
    assert client.get(f"/informes/emitidos/{institute.pk}/cambios/").status_code == 403
    assert client.get(f"/informes/emitidos/{institute.pk}/pdf/").status_code == 403
