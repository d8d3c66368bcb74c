"""The report on agreements (issue 21): a registry with known figures gives exactly those
figures in the JSON, the HTML, the PDF and the Word file."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
