"""The seed quarter loads completely, with the seed's own figures, and idempotently."""

import datetime

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from agreements.models import Agreement, AgreementProgress, PertinenceOpinion
from agreements.selectors import agreement_registry_totals
from commissions.models import Membership
from outreach.models import (
    Bulletin,
    Communication,
    Direction,
    Event,
    ExecutiveNote,
    FollowedSession,
    Mailing,
    Mission,
    NewsSubmission,
    SystemUpdate,
)
from outreach.selectors import communication_table, communications_year_to_date
from sessions.models import Accord, Attendance, PresentedItem, Session

# The seed's figures: the PostgreSQL pass runs these too (database)
pytestmark = pytest.mark.database

START, END = datetime.date(2022, 9, 1), datetime.date(2022, 11, 30)
DOMAIN_APPS = ("cori", "commissions", "commission_sessions", "agreements", "outreach")


def _snapshot() -> str:
    """Every row of every domain table, fields and primary keys included."""
    models = [
        model
        for model in apps.get_models()
        if model._meta.app_label in DOMAIN_APPS and not model.__name__.startswith("Historical")
    ]
    rows = [obj for model in models for obj in model.objects.order_by("pk")]
    text = serializers.serialize("json", rows)
    # Timestamps of a refreshed row move; the data do not.
    return "\n".join(line for line in text.split(",") if '"updated_at"' not in line)


def test_load_demo_twice_leaves_the_same_data(seed_commission):
    before = _snapshot()
    history = [
        model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    ]
    call_command("load_demo", force=True)
    assert _snapshot() == before
    # Nothing changed, so nothing was written: the audit history did not grow either.
    assert [
        model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    ] == history


def test_seed_quarter_has_the_four_sessions_held(seed_commission):
    held = Session.objects.filter(
        commission=seed_commission, date__range=(START, END), status=Session.Status.HELD
    ).order_by("date")
    assert [(s.title, s.date) for s in held] == [
        ("Primera sesión ordinaria", datetime.date(2022, 9, 26)),
        ("Segunda sesión ordinaria", datetime.date(2022, 10, 24)),
        ("Primera sesión extraordinaria", datetime.date(2022, 10, 27)),
        ("Tercera sesión ordinaria", datetime.date(2022, 11, 23)),
    ]
    assert {s.modality for s in held} == {Session.Modality.REMOTE}
    # The session where the report is presented is scheduled, outside the period.
    assert Session.objects.get(
        commission=seed_commission, status=Session.Status.SCHEDULED
    ).date == (datetime.date(2022, 12, 8))


def test_every_attendance_cell_of_both_grids_is_recorded(seed_commission):
    sessions = list(
        Session.objects.filter(commission=seed_commission, status=Session.Status.HELD).order_by(
            "date"
        )
    )
    seats = Membership.objects.filter(commission=seed_commission)
    assert seats.count() == 20
    for session in sessions:
        assert session.attendance.count() == 20

    def row(label: str) -> list[bool]:
        cells = {
            cell.session_id: cell.status == Attendance.Status.PRESENT
            for cell in Attendance.objects.filter(session__in=sessions).select_related(
                "membership__party", "membership__area", "membership__person"
            )
            if cell.membership.label == label
        }
        return [cells[session.pk] for session in sessions]

    assert row("Mauricio Huesca Rodríguez") == [True, True, True, True]
    assert row("Partido Revolucionario Institucional") == [False, True, True, False]
    assert row("Partido de la Revolución Democrática") == [True, False, False, False]
    assert row("Partido Verde Ecologista de México") == [False, False, True, False]
    assert row("MORENA") == [True, False, True, True]
    assert row("Partido del Trabajo") == [False, False, False, False]
    estefania = seats.get(person__full_name="Estefanía Mena Ibarra")
    assert row(estefania.label) == [False, True, False, True]
    present = Attendance.objects.filter(
        session__in=sessions, status=Attendance.Status.PRESENT
    ).count()
    # Ticks in the seed's grids: members 4×4; parties PRI 2, PRD 1, PVEM 1, MORENA 3,
    # PAN 4; areas 9×4 less DEAP 1, UTAJ 1 and UTSI 2.
    assert present == 16 + 11 + 32


def test_thirteen_accords_numbered_in_sequence(seed_commission):
    accords = Accord.objects.filter(commission=seed_commission).order_by("number")
    assert [a.code for a in accords] == [f"CORI/{n:03d}/22" for n in range(1, 14)]
    by_session = {
        title: accords.filter(session__date=day).count()
        for title, day in [
            ("1a ordinaria", datetime.date(2022, 9, 26)),
            ("2a ordinaria", datetime.date(2022, 10, 24)),
            ("1a extraordinaria", datetime.date(2022, 10, 27)),
            ("3a ordinaria", datetime.date(2022, 11, 23)),
        ]
    }
    assert by_session == {
        "1a ordinaria": 5,
        "2a ordinaria": 2,
        "1a extraordinaria": 3,
        "3a ordinaria": 3,
    }


def test_fifteen_items_presented_with_the_footnoted_sessions(seed_commission):
    items = PresentedItem.objects.filter(commission=seed_commission)
    assert items.count() == 15
    recurring = {
        item.title: item.sessions.count()
        for item in items.prefetch_related("sessions")
        if item.sessions.count() > 1
    }
    assert recurring == {
        "Informes sobre la suscripción y seguimiento de convenios interinstitucionales": 3,
        "Informes sobre la construcción del Análisis y Evaluación del Cumplimiento del Convenio "
        "General de Coordinación y Colaboración INE-IECM para el Proceso Electoral Concurrente "
        "2020-2021 y sus Anexos": 2,
        "Informe sobre la organización de la quinta edición del concurso de cortometrajes Vota "
        "Film Fest “¡Luz, cámara y acción ciudadana!”": 2,
    }


@pytest.mark.parametrize(
    ("model", "lookup", "expected"),
    [
        (FollowedSession, {"body": FollowedSession.Body.GENERAL_COUNCIL}, 4),
        (FollowedSession, {"body": FollowedSession.Body.COMMISSION}, 1),
        (Bulletin, {}, 8),
        (SystemUpdate, {"system": SystemUpdate.System.CG_FOLLOW_UP}, 9),
        (SystemUpdate, {"system": SystemUpdate.System.SIVOPLE}, 13),
        (Communication, {"direction": Direction.INE_TO_IECM}, 128),
        (Communication, {"direction": Direction.IECM_TO_INE}, 39),
        (PertinenceOpinion, {}, 8),
        (ExecutiveNote, {"scope": ExecutiveNote.Scope.INTERNATIONAL}, 5),
        (Mission, {}, 3),
        (Event, {}, 7),
    ],
)
def test_seed_counts(seed_commission, model, lookup, expected):
    assert model.objects.filter(commission=seed_commission, **lookup).count() == expected


def test_mailings_per_audience(seed_commission):
    mailings = Mailing.objects.filter(audience__commission=seed_commission)
    assert mailings.filter(audience__name="Red de Observación IECM").count() == 39
    assert mailings.filter(audience__name="Voto Chilango").count() == 11


def test_news_items_sent_for_the_microsite_add_up_to_126(seed_commission):
    quantities = NewsSubmission.objects.filter(commission=seed_commission).values_list(
        "quantity", flat=True
    )
    assert sum(quantities) == 126


def test_tabla_1_1_every_cell_and_total(seed_commission):
    table = communication_table(
        commission=seed_commission, direction=Direction.INE_TO_IECM, start=START, end=END
    )
    grid = {
        status.label: [table.cell(status, kind) for kind in table.types] + [table.row_total(status)]
        for status in table.statuses
    }
    assert [kind.label for kind in table.types] == [
        "Oficio",
        "Circular",
        "Informativo",
        "Invitación",
    ]
    assert grid == {
        "Nuevo": [7, 0, 0, 0, 7],
        "En proceso": [17, 11, 0, 3, 31],
        "Para conocimiento": [0, 0, 76, 0, 76],
        "Concluido": [4, 9, 0, 0, 13],
        "Cancelado": [1, 0, 0, 0, 1],
    }
    assert [table.column_total(kind) for kind in table.types] == [29, 20, 76, 3]
    assert table.total == 128


def test_tabla_1_2_every_cell_and_total(seed_commission):
    table = communication_table(
        commission=seed_commission, direction=Direction.IECM_TO_INE, start=START, end=END
    )
    grid = {
        status.label: [table.cell(status, kind) for kind in table.types] + [table.row_total(status)]
        for status in table.statuses
    }
    assert [kind.label for kind in table.types] == ["Oficio", "Consultas"]
    assert grid == {"En proceso": [4, 0, 4], "Asignada": [8, 0, 8], "Concluida": [26, 1, 27]}
    assert [table.column_total(kind) for kind in table.types] == [38, 1]
    assert table.total == 39


def test_sivople_year_to_date_comes_from_balance_and_rows(seed_commission):
    received = communications_year_to_date(
        commission=seed_commission, direction=Direction.INE_TO_IECM, end=END
    )
    assert sum(received.values()) == 404
    assert received["para_conocimiento"] == 232
    assert received["en_proceso"] + received["nuevo"] == 119
    assert received["concluido"] == 50
    assert received["cancelado"] == 3
    sent = communications_year_to_date(
        commission=seed_commission, direction=Direction.IECM_TO_INE, end=END
    )
    assert sum(sent.values()) == 151
    assert sent["concluida"] == 131


def test_agreements_of_each_table(seed_commission):
    agreements = Agreement.objects.filter(commission=seed_commission)
    negotiating = agreements.filter(status=Agreement.Status.NEGOTIATING)
    assert negotiating.filter(management_mode=Agreement.ManagementMode.DIRECT).count() == 3
    assert negotiating.filter(management_mode=Agreement.ManagementMode.ACCOMPANIMENT).count() == 10
    signed = agreements.filter(signing_date__range=(START, END)).order_by("signing_date")
    assert [a.signing_date.isoformat() for a in signed] == [
        "2022-09-07",
        "2022-10-17",
        "2022-11-08",
        "2022-11-24",
        "2022-11-30",
    ]
    assert sorted(a.signing_ceremony for a in signed) == [
        "ninguno",
        "ninguno",
        "presencial",
        "virtual",
        "virtual",
    ]
    progress = AgreementProgress.objects.filter(agreement__commission=seed_commission)
    assert progress.values("agreement").distinct().count() == 18
    assert progress.count() == 36
    convenio_multilateral = agreements.get(
        title__startswith="Convenio de Colaboración Interinstitucional"
    )
    assert convenio_multilateral.counterparts.count() == 5


def test_registry_figures_come_from_the_opening_balance_and_rows(seed_commission):
    totals = agreement_registry_totals(commission=seed_commission, on=END)
    assert (totals.counted_since.year, totals.signed, totals.in_force) == (2019, 157, 64)
    before_quarter = agreement_registry_totals(
        commission=seed_commission, on=datetime.date(2022, 8, 31)
    )
    assert (before_quarter.signed, before_quarter.in_force) == (152, 59)
