"""The seed quarter's órdenes del día, as the seed describes them."""

import datetime

import pytest
import time_machine

from sessions.models import AgendaItem, Session
from sessions.services.agenda import agenda_item_create, convocatoria_send
from tests.conftest import clock_moment

pytestmark = pytest.mark.django_db


def agenda(commission, kind, number):
    session = Session.objects.get(commission=commission, year=2022, kind=kind, number=number)
    return list(session.agenda_items.order_by("order").select_related("accord", "minutes_session"))


def test_the_second_ordinary_session_approves_its_agenda_and_the_first_sessions_minuta(
    seed_commission,
):
    items = agenda(seed_commission, "ordinaria", 2)
    assert [item.kind for item in items[:3]] == ["asistencia", "orden_del_dia", "minutas"]
    assert items[1].accord.code == "CORI/006/22"
    assert items[2].accord.code == "CORI/007/22"
    assert items[2].minutes_session.number == 1
    # The informes presented keep their link to the report's section II.
    reports = [item for item in items if item.kind == AgendaItem.Kind.REPORT]
    assert reports and all(item.presented_item_id for item in reports)


def test_the_third_ordinary_session_approves_two_minutas_by_one_accord(seed_commission):
    items = agenda(seed_commission, "ordinaria", 3)
    minutas = [item for item in items if item.kind == AgendaItem.Kind.MINUTES_APPROVAL]
    assert {item.accord.code for item in minutas} == {"CORI/012/22"}
    assert sorted(item.minutes_session.kind for item in minutas) == ["extraordinaria", "ordinaria"]
    accords = [item.accord.code for item in items if item.kind == "proyecto_acuerdo"]
    assert accords == ["CORI/013/22"]


def test_every_accord_of_the_quarter_is_on_an_agenda(seed_commission):
    linked = set(
        AgendaItem.objects.filter(session__commission=seed_commission)
        .exclude(accord=None)
        .values_list("accord__code", flat=True)
    )
    assert {f"CORI/{n:03d}/22" for n in range(1, 14)} <= linked


def test_the_demo_convocatoria_reaches_every_seat_parties_included(
    seed_commission, mailoutbox, django_capture_on_commit_callbacks
):
    session = Session.objects.get(commission=seed_commission, status=Session.Status.SCHEDULED)
    agenda_item_create(session=session, kind=AgendaItem.Kind.ROLL_CALL, title="Lista")
    # A week before the demo's next session (8 December 2022): never sent after it.
    with (
        time_machine.travel(clock_moment(datetime.date(2022, 12, 1)), tick=True),
        django_capture_on_commit_callbacks(execute=True),
    ):
        convocatoria_send(session=session, link=lambda token: f"https://cori.test/{token}/")
    addresses = sorted(address for message in mailoutbox for address in message.to)
    assert len(addresses) == 20  # every seat of both grids: 4 members, 7 parties, 9 areas
    assert "mauricio.huesca@iecm.example" in addresses
    assert "representacion.pri@iecm.example" in addresses
    assert all(address.endswith("@iecm.example") for address in addresses)
