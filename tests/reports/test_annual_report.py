"""The third kind of report (issue 21): the commission's informe anual, the quarterly
informe's content over the year plus the PAT's fulfilment per strategic line."""

import datetime
import json

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from commissions.models import Objective, PlannedSession, StrategicLine, WorkProgramme
from outreach.models import Event
from reports.content import REPORT_KINDS, report_to_dict
from reports.content_schema import FILE
from reports.renderers import render_docx, render_html, render_pdf
from reports.selectors import report_content
from reports.selectors.annual_report import annual_report_content, pat_fulfilment
from sessions.models import Accord, Session
from tests.factories import CommissionFactory, SessionFactory
from tests.reports.conftest import docx_text, pdf_text, squeeze
from tests.staff import COUNCIL, SECRETARIAT, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.database]

YEAR = 2030


@pytest.fixture
def seed_annual(seed_commission):
    return annual_report_content(commission=seed_commission, year=2022)


def _pat(commission):
    """A PAT for ``YEAR``: line 1.A plans 4 activities and has 2 events in the year (and one
    the year after), line 1.B plans none and has 1; 2 ordinary sessions planned, 1 held."""
    programme = WorkProgramme.objects.create(
        commission=commission,
        year=YEAR,
        title=f"PAT {YEAR}",
        valid_from=datetime.date(YEAR, 1, 1),
        valid_until=datetime.date(YEAR, 12, 31),
    )
    objective = Objective.objects.create(programme=programme, number=1, title="Vincular")
    first = StrategicLine.objects.create(
        objective=objective, letter="A", title="Eventos con el INE", planned_activities=4
    )
    second = StrategicLine.objects.create(objective=objective, letter="B", title="Difusión")
    for line, day in ((first, "03-10"), (first, "11-20"), (first, "01-05"), (second, "06-01")):
        year = YEAR + 1 if day == "01-05" else YEAR
        Event.objects.create(
            commission=commission,
            line=line,
            title=f"Evento {line.letter} {day}",
            start_date=datetime.date.fromisoformat(f"{year}-{day}"),
        )
    for month in (3, 9):
        PlannedSession.objects.create(
            programme=programme,
            kind=PlannedSession._meta.get_field("kind").default,
            planned_date=datetime.date(YEAR, month, 15),
        )
    SessionFactory(commission=commission, date=datetime.date(YEAR, 3, 16))
    SessionFactory(
        commission=commission, date=datetime.date(YEAR, 9, 15), status=Session.Status.CANCELLED
    )
    return commission


def test_the_seed_year_has_the_figures_of_the_years_data(seed_annual, seed_commission):
    year = {"session__commission": seed_commission, "session__date__year": 2022}
    assert seed_annual.figures["acuerdos"] == Accord.objects.filter(**year).count()
    held = Session.objects.filter(
        commission=seed_commission, date__year=2022, status=Session.Status.HELD
    )
    assert seed_annual.figures["sesiones"] == held.count()
    assert seed_annual.kind == "anual"
    assert seed_annual.title.startswith("Informe anual de actividades 2022 de la Comisión")
    assert [section.anchor for section in seed_annual.sections][:5] == list(
        REPORT_KINDS["anual"].sections
    )
    assert seed_annual.subject.startswith("Informe anual de actividades")


def test_the_json_validates_against_the_report_content_schema(seed_annual):
    schema = json.loads(FILE.read_text(encoding="utf-8"))
    data = report_to_dict(seed_annual)
    assert data["kind"] == "anual"
    jsonschema.Draft202012Validator(schema).validate(json.loads(json.dumps(data)))


def test_html_pdf_and_word_carry_the_title_and_the_pat_section(seed_annual):
    texts = {
        "html": squeeze(render_html(seed_annual, links=False, standalone=True)),
        "pdf": squeeze(pdf_text(render_pdf(seed_annual))),
        "docx": squeeze(docx_text(render_docx(seed_annual))),
    }
    for name, text in texts.items():
        assert squeeze(seed_annual.title) in text, name
        assert squeeze("Cumplimiento del Programa Anual de Trabajo") in text, name


def test_the_pat_fulfilment_per_line_matches_the_pat(db):
    commission = _pat(CommissionFactory())
    fulfilment = pat_fulfilment(
        commission=commission,
        start=datetime.date(YEAR, 1, 1),
        end=datetime.date(YEAR, 12, 31),
    )
    assert [(line.code, line.planned, line.events, line.percent) for line in fulfilment.lines] == [
        ("1.A", 4, 2, 50),
        ("1.B", None, 1, None),
    ]
    assert fulfilment.sessions == [("Ordinaria", 2, 1)]
    report = annual_report_content(commission=commission, year=YEAR)
    section = next(s for s in report.sections if s.anchor == "cumplimiento")
    lines, sessions = (block for block in section.blocks if block.kind == "table")
    assert [[cell.text for cell in row] for row in lines.rows] == [
        ["1.A", "Eventos con el INE", "4", "2", "50 %"],
        ["1.B", "Difusión", "—", "1", "—"],
    ]
    assert [cell.text for cell in lines.footer[0]] == ["Total", "", "4", "3", ""]
    assert [[cell.text for cell in row] for row in sessions.rows] == [["Ordinaria", "2", "1"]]
    assert report.figures["pat_lineas"] == 2 and report.figures["pat_sesiones_programadas"] == 2


def test_a_year_without_pat_says_so(db):
    report = annual_report_content(commission=CommissionFactory(), year=YEAR)
    section = next(s for s in report.sections if s.anchor == "cumplimiento")
    assert (
        section.blocks[0].runs[0].text == f"En {YEAR} no hubo un Programa Anual de Trabajo vigente."
    )


def test_councillors_open_the_page_and_download_pdf_and_word(client):
    commission = _pat(CommissionFactory())
    client.force_login(make_user("consejera-anual", COUNCIL, [commission]))
    url = f"/informes/{commission.acronym}/anual/{YEAR}/"
    page = client.get(url)
    assert page.status_code == 200
    assert f"Informe anual de actividades {YEAR}" in page.content.decode()
    pdf = client.get(url, {"formato": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert squeeze(f"Informe anual de actividades {YEAR}") in squeeze(pdf_text(pdf.content))
    docx = client.get(url, {"formato": "docx"})
    assert squeeze("Eventos con el INE") in squeeze(docx_text(docx.content))
    assert client.get(f"/informes/{commission.acronym}/anual/3000/").status_code == 400


def test_the_period_page_links_to_the_annual_report(client, seed_commission):
    client.force_login(make_user("st-anual", SECRETARIAT, [seed_commission]))
    page = client.get("/informes/CORI/2022-09-01/2022-11-30/")
    assert 'href="/informes/CORI/anual/2022/"' in page.content.decode()


def test_a_commission_outside_the_users_sees_no_annual_report(client, seed_commission):
    client.force_login(make_user("ajena-anual", COUNCIL, [CommissionFactory()]))
    assert client.get("/informes/CORI/anual/2022/").status_code == 403


def test_the_api_answers_the_typed_json_and_the_files(db):
    commission = _pat(CommissionFactory())
    api = APIClient()
    api.force_authenticate(make_user("api-anual", SECRETARIAT, [commission]))
    url, query = "/api/v1/annual-reports/", {"commission": commission.acronym, "year": YEAR}
    body = api.get(url, query).json()
    assert body["kind"] == "anual" and body["figures"]["pat_lineas"] == 2
    see_other = api.get(url, {**query, "format": "docx"})
    assert see_other.status_code == 303
    docx = api.get(see_other["Location"])
    assert squeeze("Eventos con el INE") in squeeze(docx_text(docx.content))
    html = api.get(url, {**query, "format": "html"})
    assert html["Content-Type"].startswith("text/html")
    refused = api.get(url, {"commission": commission.acronym, "year": 3000})
    assert refused.status_code == 400 and "year" in refused.json()["errors"]
    assert api.get(url, {"year": YEAR}).status_code == 400
    assert api.get(url, {"commission": "CORI", "year": 2022}).status_code == 403


def test_the_annual_report_reads_the_year_in_three_more_queries_than_its_informe(
    seed_commission,
):
    year = {"start": datetime.date(2022, 1, 1), "end": datetime.date(2022, 12, 31)}
    with CaptureQueriesContext(connection) as informe:
        report_content(commission=seed_commission, **year)
    with CaptureQueriesContext(connection) as annual:
        annual_report_content(commission=seed_commission, year=2022)
    assert len(annual) == len(informe) + 3
