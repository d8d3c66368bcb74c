import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cori.demo.scale import demo_busy_year
from outreach.models import Audience, Mailing
from reports.content import report_to_json
from reports.renderers import render_pdf
from reports.selectors import (
    report_changes,
    report_checklist,
    report_content,
)
from reports.services import report_draft_save
from sessions.models import Attendance, Session
from sessions.selectors.periods import commission_quarters, report_ordinal
from sessions.services import accord_create, attendance_record
from tests.factories import CommissionFactory, MembershipFactory, SessionFactory
from tests.reports.conftest import END, START, pdf_text, squeeze

# Figures: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]


def _text(report) -> str:
    return squeeze(report_to_json(report))


def test_content_query_count_does_not_grow_with_the_data(
    seed_commission, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as seed_queries:
        seed = report_content(commission=seed_commission, start=START, end=END)
    demo_busy_year(commission=seed_commission, year=2023, factor=20)
    with django_assert_num_queries(len(seed_queries)):
        busy = report_content(
            commission=seed_commission,
            start=datetime.date(2023, 1, 1),
            end=datetime.date(2023, 12, 31),
        )
    assert busy.figures["acuerdos"] == 20 * seed.figures["acuerdos"]
    assert busy.figures["comunicaciones_recibidas"] == 20 * seed.figures["comunicaciones_recibidas"]
    assert busy.figures["correos"] == 20 * seed.figures["correos"]


def test_a_period_with_no_activity_says_so_and_renders(seed_commission):
    report = report_content(
        commission=seed_commission,
        start=datetime.date(2023, 3, 1),
        end=datetime.date(2023, 5, 31),
    )
    assert report.figures["sesiones"] == 0
    assert report.figures["acuerdos"] == 0
    text = squeeze(pdf_text(render_pdf(report)))
    assert (
        squeeze("Durante el periodo de marzo a mayo de 2023 la Comisión no celebró sesiones.")
        in text
    )
    assert squeeze("la Comisión no adoptó acuerdos.") in text
    assert squeeze("no se registraron actividades en esta línea de acción") in text


def test_another_commissions_records_never_appear(seed_commission):
    other = CommissionFactory(name="Comisión de Prueba Aislada", acronym="CPA")
    seat = MembershipFactory(commission=other, person__full_name="Consejera Ajena Total")
    session = SessionFactory(commission=other, date=datetime.date(2022, 10, 3), number=1)
    attendance_record(session=session, cells={seat: (Attendance.Status.PRESENT, "")})
    accord_create(commission=other, session=session, title="Acuerdo exclusivo de la otra comisión")
    audience = Audience.objects.create(commission=other, name="Audiencia ajena")
    Mailing.objects.create(
        audience=audience, date=datetime.date(2022, 10, 4), subject="Correo ajeno"
    )

    cori = _text(report_content(commission=seed_commission, start=START, end=END))
    for foreign in ("Consejera Ajena Total", "CPA/001/22", "Acuerdo exclusivo", "Correo ajeno"):
        assert squeeze(foreign) not in cori
    theirs = report_content(commission=other, start=START, end=END)
    assert theirs.figures["sesiones"] == 1 and theirs.figures["acuerdos"] == 1
    text = _text(theirs)
    assert squeeze("CPA/001/22") in text and squeeze("Correo ajeno") in text
    for ours in ("CORI/001/22", "Mauricio Huesca", "Boletín Electoral", "Voto Chilango"):
        assert squeeze(ours) not in text


def test_seed_checklist_names_what_looks_incomplete(seed_commission):
    messages = [
        item.message for item in report_checklist(commission=seed_commission, start=START, end=END)
    ]
    # The third ordinary session's minutes are approved at the fourth, after the period.
    assert messages == [
        "La minuta de la tercera sesión ordinaria del miércoles 23 de noviembre de 2022 no se ha aprobado.",
        "20 convenios suscritos no tienen fecha de suscripción.",
    ]


def test_checklist_finds_a_session_without_attendance_and_an_accord_without_session():
    commission = CommissionFactory()
    SessionFactory(
        commission=commission,
        date=datetime.date(2022, 10, 3),
        kind=Session.Kind.EXTRAORDINARY,
        number=1,
    )
    accord = accord_create(commission=commission, title="Sin sesión", year=2022)
    # The commission's own gaps ("Falta el acuerdo de creación…") are tested in test_prose.
    messages = [
        item.message
        for item in report_checklist(commission=commission, start=START, end=END)
        if not item.message.startswith("Falta ")
    ]
    assert messages == [
        "La primera sesión extraordinaria del lunes 3 de octubre de 2022 no tiene asistencia "
        "registrada.",
        f"El acuerdo {accord.code} no indica la sesión en que se adoptó.",
    ]


def test_draft_prose_replaces_placeholders_and_rejects_unknown_ones(seed_commission):
    report_draft_save(
        commission=seed_commission,
        period_start=START,
        period_end=END,
        presented_at=None,
        agenda_point=None,
        introduction="Informe de la {comision} ({siglas}) para {periodo}.",
        closing="Se cumplieron las metas del trimestre.",
    )
    report = report_content(commission=seed_commission, start=START, end=END)
    introduction = report.sections[0].blocks[0].runs[0].text
    assert introduction == (
        "Informe de la Comisión Provisional de Relaciones Interinstitucionales (CORI) para "
        "septiembre a noviembre de 2022."
    )
    assert report.sections[-1].title == "Consideraciones finales"
    with pytest.raises(ValidationError) as error:
        report_draft_save(
            commission=seed_commission,
            period_start=START,
            period_end=END,
            presented_at=None,
            agenda_point=None,
            introduction="Hola {comisión} {x}",
            closing="",
        )
    assert error.value.message_dict["introduction"][0].startswith(
        "No se reconocen {comisión}, {x}."
    )


def test_seed_cover_names_the_session_and_agenda_point(seed_commission):
    report = report_content(commission=seed_commission, start=START, end=END)
    assert (report.cover.agenda_point, report.cover.session, report.cover.date) == (
        "Punto 3",
        "Cuarta sesión ordinaria",
        "jueves 8 de diciembre de 2022",
    )
    assert report.title == (
        "Primer informe trimestral de actividades de la Comisión Provisional de "
        "Relaciones Interinstitucionales"
    )


def test_ordinal_and_quarters_follow_the_commissions_life(seed_commission):
    assert report_ordinal(commission=seed_commission, start=datetime.date(2023, 3, 1)) == 3
    quarters = commission_quarters(commission=seed_commission, today=datetime.date(2023, 4, 10))
    assert quarters == [
        (datetime.date(2023, 3, 1), datetime.date(2023, 5, 31)),
        (datetime.date(2022, 12, 1), datetime.date(2023, 2, 28)),
        (datetime.date(2022, 9, 1), datetime.date(2022, 11, 30)),
    ]


def test_changes_list_figures_and_rows_added_removed_and_edited(seed_commission):
    issued = json.loads(
        report_to_json(report_content(commission=seed_commission, start=START, end=END))
    )
    session = Session.objects.get(commission=seed_commission, date="2022-11-23")
    accord_create(commission=seed_commission, session=session, title="Acuerdo agregado después")
    mailing = Mailing.objects.filter(audience__name="Voto Chilango").order_by("date").first()
    mailing.subject = "Asunto corregido"
    mailing.save()
    current = json.loads(
        report_to_json(report_content(commission=seed_commission, start=START, end=END))
    )
    changes = report_changes(issued=issued, current=current)
    assert [
        (f.key, f.label, f.before, f.after, f.delta) for f in changes.figures if f.key == "acuerdos"
    ] == [("acuerdos", "Acuerdos adoptados", 13, 14, 1)]
    assert [row for _, before, row in changes.edited_rows if "Asunto corregido" in row]
    assert report_changes(issued=issued, current=issued).empty
