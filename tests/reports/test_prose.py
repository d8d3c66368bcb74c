"""Prose that never shows a hole (issue 11, point 4): a sentence built from optional data
has all its values or is left out, and the checklist names what is missing."""

import datetime
import re

import pytest
from django.urls import reverse

from reports.renderers import render_html, render_pdf
from reports.selectors import report_checklist, report_content
from sessions.models import Attendance, Session
from sessions.services import attendance_record
from tests.factories import CommissionFactory, MembershipFactory, PersonFactory, SessionFactory
from tests.reports.conftest import END, START, pdf_text

pytestmark = pytest.mark.django_db

HOLES = [
    (re.compile(r"\S  +\S"), "a double space"),
    (re.compile(r" [.,;:]"), "a space before a point or comma"),
    (re.compile(r"\(\s*\)"), "empty parentheses"),
    (
        re.compile(r"\b(?:el|la|en|del|de|su|los|las)\s*[.,]"),
        "an article or preposition before a point",
    ),
]


def _visible_text(html: str) -> str:
    body = html[html.index("<body") :]
    text = re.sub(r"<[^>]+>", "", body)
    text = re.sub(r"&nbsp;", " ", text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _holes(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        if re.search(r"\.{4,}", line):  # the índice's leaders
            continue
        for pattern, what in HOLES:
            if pattern.search(line):
                found.append(f"{what}: {line!r}")
    return found


@pytest.fixture
def bare_commission():
    """A commission entered with only its required fields (as through the API), one member
    and one ordinary session held in the period with its attendance."""
    commission = CommissionFactory(name="Comisión de Prueba Mínima", acronym="CPM")
    seat = MembershipFactory(commission=commission, person=PersonFactory(full_name="Ana Pérez"))
    session = SessionFactory(
        commission=commission, date=datetime.date(2022, 10, 3), number=1, kind="ordinaria"
    )
    attendance_record(session=session, cells={seat: (Attendance.Status.PRESENT, "")})
    return commission


def test_a_commission_with_only_required_fields_renders_without_holes(bare_commission):
    report = report_content(commission=bare_commission, start=START, end=END)
    html = _visible_text(render_html(report, links=False))
    assert "previsto en el" not in html
    assert "mediante el acuerdo" not in html
    assert "Programa Anual de Trabajo" not in html.split("I. Sesiones")[0].split("Introducción")[-1]
    assert _holes(html) == []
    pdf = pdf_text(render_pdf(report))
    assert _holes(pdf) == []


def test_one_session_is_told_in_the_singular(bare_commission):
    report = report_content(commission=bare_commission, start=START, end=END)
    html = _visible_text(render_html(report, links=False))
    one_line = " ".join(html.split())
    assert (
        "la Comisión celebró una sesión ordinaria, en modalidad a distancia, mediante el uso de "
        "herramientas tecnológicas, en la fecha que aparece en la tabla siguiente:"
    ) in one_line
    assert "celebró una sesión, una sesión" not in one_line
    assert "en las fechas" not in one_line


def test_no_programme_means_the_introduction_describes_none(bare_commission):
    report = report_content(commission=bare_commission, start=START, end=END)
    introduction = report.sections[0]
    text = " ".join(
        run.text for block in introduction.blocks if block.kind == "paragraph" for run in block.runs
    )
    assert "PAT" not in text
    results = report.sections[3]
    assert "No hay un Programa Anual de Trabajo vigente en el periodo." in " ".join(
        run.text for block in results.blocks for run in block.runs
    )


def test_checklist_names_what_is_missing_and_links_to_its_form(bare_commission):
    items = report_checklist(commission=bare_commission, start=START, end=END)
    by_message = {item.message: item.href for item in items}
    change = reverse("admin:commissions_commission_change", args=[bare_commission.pk])
    for missing in (
        "Falta el fundamento legal de la comisión.",
        "Falta el acuerdo de creación de la comisión.",
        "Falta la sesión del Consejo General en que se creó la comisión.",
        "Falta la fecha del acuerdo de creación de la comisión.",
    ):
        assert by_message[missing] == change
    programmes = reverse("record_create", args=["CPM", "programas"])
    assert by_message["Falta el Programa Anual de Trabajo vigente en el periodo."] == programmes
    secretary = reverse("record_create", args=["CPM", "integracion"])
    assert by_message["Falta la secretaría técnica de la comisión."] == secretary


def test_sessions_of_one_kind_are_not_named_twice():
    commission = CommissionFactory(acronym="CPD")
    for number, day in ((1, 3), (2, 17)):
        SessionFactory(
            commission=commission,
            date=datetime.date(2022, 10, day),
            number=number,
            kind=Session.Kind.ORDINARY,
        )
    report = report_content(commission=commission, start=START, end=END)
    text = "".join(run.text for run in report.sections[1].blocks[0].runs)
    assert text.startswith(
        "Durante el periodo que se reporta, la Comisión celebró dos sesiones ordinarias, en modalidad"
    )
    assert "en las fechas que aparecen en la tabla siguiente:" in text
