"""The report on agreements (issue 21): a registry with known figures gives exactly those
figures in the JSON, the HTML, the PDF and the Word file."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from reports.content import REPORT_KINDS, report_to_dict, report_to_json
from reports.renderers import render_docx, render_html, render_pdf
from reports.selectors.agreement_report import agreement_report_content
from tests.factories import CommissionFactory
from tests.registry import (
    CONCLUDED,
    END,
    IN_FORCE,
    NEGOTIATING,
    SERIES,
    SIGNED_TOTAL,
    START,
    registry_build,
)
from tests.reports.conftest import docx_text, pdf_text, squeeze
from tests.staff import ADMINISTRATION, SECRETARIAT, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.database]

# What every format states, in the report's words.
SENTENCES = (
    f"ha suscrito {SIGNED_TOTAL} instrumentos jurídicos desde 1999, de los cuales "
    f"{CONCLUDED} han concluido y {IN_FORCE} se encuentran vigentes.",
    "se suscribieron 2 instrumentos jurídicos.",
    "El año con más instrumentos suscritos es 2010, con 8 instrumentos jurídicos.",
    f"Al corte, {NEGOTIATING} instrumentos jurídicos se encuentran en proceso de "
    "suscripción o gestión.",
    "por eso la suma de la tabla (3) puede exceder los instrumentos suscritos (2).",
    "Convenio Marco de Modernización de la Participación Ciudadana",
    "Modernizar los mecanismos de participación ciudadana.",
    "Convenio de Educación Cívica en negociación",
    "Memorando internacional en gestión",
)


@pytest.fixture
def report():
    registry_build(CommissionFactory())
    return agreement_report_content(start=START, end=END)


def _table(report, number):
    for section in report.walk():
        for block in section.blocks:
            if block.kind == "table" and block.number == number:
                return {row[0].text: row[1].text for row in block.rows + block.footer}
    raise AssertionError(f"Sin tabla {number}")


def test_the_json_states_the_known_figures(report):
    data = json.loads(report_to_json(report))
    assert data["kind"] == "convenios"
    assert data["figures"] == {
        "instrumentos_suscritos": SIGNED_TOTAL,
        "instrumentos_concluidos": CONCLUDED,
        "instrumentos_vigentes": IN_FORCE,
        "instrumentos_en_gestion": NEGOTIATING,
        "suscritos_periodo": 2,
        "anio_con_mas_suscritos": 2010,
        "suscritos_anio_con_mas": 8,
    }
    assert [section.anchor for section in report.sections] == list(
        REPORT_KINDS["convenios"].sections
    )
    series = _table(report, "2")
    assert {int(y): int(c) for y, c in series.items() if y != "Total" and c != "0"} == SERIES
    assert series["Total"] == str(SIGNED_TOTAL)
    sectors = _table(report, "3")
    assert sectors["Institución académica"] == "1" and sectors["Organismo electoral"] == "1"
    assert sectors["Gobierno"] == "1" and sectors["Total"] == "3"
    chart = next(b for s in report.walk() for b in s.blocks if b.kind == "chart")
    assert chart.maximum == 8 and chart.bars[0].label == "1999"


def test_the_html_pdf_and_word_state_the_same_figures(report):
    html = render_html(report, links=False, standalone=True)
    assert "<svg" in html and 'role="img"' in html
    texts = {
        "html": squeeze(html),
        "pdf": squeeze(pdf_text(render_pdf(report))),
        "docx": squeeze(docx_text(render_docx(report))),
    }
    for name, text in texts.items():
        for sentence in SENTENCES:
            assert squeeze(sentence) in text, (name, sentence)
        assert squeeze(report.title) in text, name


def test_the_renderers_read_no_database(report):
    with CaptureQueriesContext(connection) as queries:
        render_html(report, links=False)
        render_docx(report)
    assert len(queries) == 0


def test_the_quarterly_informe_keeps_its_kind_out_of_the_json(seed_report):
    assert "kind" not in report_to_dict(seed_report)
    assert seed_report.subject.startswith("Informe trimestral de actividades")


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def api(seed_commission):
    registry_build(seed_commission)
    return _client(make_user("api-convenios", SECRETARIAT, [seed_commission]))


def test_the_api_answers_the_typed_json_and_the_files(api):
    url = "/api/v1/agreement-reports/"
    period = {"start": START.isoformat(), "end": END.isoformat()}
    body = api.get(url, period).json()
    assert body["kind"] == "convenios"
    assert body["figures"]["instrumentos_suscritos"] == SIGNED_TOTAL
    see_other = api.get(url, {**period, "format": "pdf"})
    assert see_other.status_code == 303
    pdf = api.get(see_other["Location"])
    assert pdf["Content-Type"] == "application/pdf"
    assert squeeze(SENTENCES[0]) in squeeze(pdf_text(pdf.content))
    docx = api.get(api.get(url, {**period, "format": "docx"})["Location"])
    assert squeeze(SENTENCES[2]) in squeeze(docx_text(docx.content))
    html = api.get(url, {**period, "format": "html"})
    assert html["Content-Type"].startswith("text/html") and b"<svg" in html.content
    # A commission restricts it to what its chain owns or follows.
    restricted = api.get(url, {**period, "commission": "CORI"}).json()
    assert restricted["figures"]["instrumentos_suscritos"] == 1
    assert restricted["figures"]["instrumentos_en_gestion"] == 1


def test_the_api_refuses_a_period_backwards_in_spanish(api):
    response = api.get("/api/v1/agreement-reports/", {"start": "2026-07-31", "end": "2026-01-01"})
    assert response.status_code == 400
    assert response.json()["errors"]["end"] == [
        "La fecha final no puede ser anterior a la inicial."
    ]


def test_administration_opens_the_report_and_downloads_pdf_and_word(client, seed_commission):
    registry_build(seed_commission)
    client.force_login(make_user("admin-informe", ADMINISTRATION, []))
    period = {"inicio": START.isoformat(), "fin": END.isoformat()}
    page = client.get("/informes/convenios/", period)
    assert page.status_code == 200
    assert squeeze(SENTENCES[0]) in squeeze(page.content.decode())
    pdf = client.get("/informes/convenios/", {**period, "formato": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert squeeze(SENTENCES[3]) in squeeze(pdf_text(pdf.content))
    docx = client.get("/informes/convenios/", {**period, "formato": "docx"})
    assert squeeze(SENTENCES[4]) in squeeze(docx_text(docx.content))
    assert "convenios/" in client.get("/informes/").content.decode()


def test_the_page_is_administrations_only_and_refuses_bad_dates(client, seed_commission):
    client.force_login(make_user("st-informe", SECRETARIAT, [seed_commission]))
    assert client.get("/informes/convenios/").status_code == 403
    client.force_login(make_user("admin-fechas", ADMINISTRATION, []))
    page = client.get("/informes/convenios/", {"inicio": "2026-07-31", "fin": "2026-01-01"})
    assert "La fecha final no puede ser anterior a la inicial." in page.content.decode()


def test_a_cut_off_after_today_is_refused_on_the_page_and_the_api(client, api):
    """Figures «al» a day that has not come would state as fact what nobody knows yet."""
    refusal = (
        "La fecha de corte no puede ser posterior a hoy (domingo 6 de diciembre de 2026): "
        "el informe da las cifras a esa fecha."
    )
    response = api.get("/api/v1/agreement-reports/", {"start": "2026-01-01", "end": "2026-12-07"})
    assert response.status_code == 400
    assert response.json()["errors"]["end"] == [refusal]
    client.force_login(make_user("admin-futuro", ADMINISTRATION, []))
    page = client.get("/informes/convenios/", {"inicio": "2026-01-01", "fin": "2026-12-31"})
    text = page.content.decode()
    assert refusal.replace("(", "(") in text and 'value="2026-12-31"' in text
    assert (
        client.get(
            "/informes/convenios/", {"inicio": "2026-01-01", "fin": "2026-12-06"}
        ).status_code
        == 200
    )
