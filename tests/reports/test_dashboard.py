import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cori.access import SECRETARIAT
from cori.demo.alerts import demo_alerts_load
from cori.demo.scale import demo_busy_year
from reports.dashboards import commission_alerts, dashboard
from reports.selectors import report_content
from reports.services import alerts_digest_send, alerts_dismiss
from sessions.models import Session
from sessions.selectors.periods import dashboard_period
from tests.reports.conftest import END, START
from tests.staff import make_user

# Reads "today": CI runs it on other days (clock). Figures: the PostgreSQL pass runs these too
# (database).
pytestmark = [pytest.mark.django_db, pytest.mark.clock, pytest.mark.database]


def test_dashboard_opens_on_the_seed_quarter(seed_commission):
    assert dashboard_period(commission=seed_commission, today=datetime.date(2026, 11, 28)) == (
        START,
        END,
    )


def test_dashboard_figures_equal_the_reports(seed_commission):
    board = dashboard(commission=seed_commission, start=START, end=END)
    report = report_content(commission=seed_commission, start=START, end=END).figures
    figures = {figure.key: figure for figure in board.figures}
    for key, figure in figures.items():
        assert figure.now == report.get(key, 0), key
    # June–August 2022, before the commission existed: only the IDPAC agreement (24 August)
    # and the registry's opening balance.
    assert (figures["sesiones"].before, figures["acuerdos"].before) == (0, 0)
    assert figures["convenios_suscritos_periodo"].before == 1
    assert figures["convenios_vigentes"].before == 59
    assert figures["acuerdos"].now == 13 and figures["convenios_vigentes"].now == 64
    attendance = next(
        c for c in board.charts if c.title.startswith("Asistencia de representaciones")
    )
    assert {bar.label: bar.value for bar in attendance.bars}["Partido Acción Nacional"] == 100
    assert {bar.label: bar.value for bar in attendance.bars}["MORENA"] == 75


def test_each_figure_links_to_the_list_with_as_many_records(client, seed_commission):
    client.force_login(make_user("tablero", SECRETARIAT, [seed_commission]))
    page = client.get(reverse("commission_home", args=["CORI"])).content.decode()
    links = dict(
        re.findall(r'<a href="([^"]+)" data-figure="(\w+)"[^>]*>', page)[i][::-1] for i in range(14)
    )
    for key, expected in {
        "sesiones": 4,
        "acuerdos": 13,
        "correos": 51,
        "eventos": 7,
        "opiniones": 8,
    }.items():
        listing = client.get(links[key].replace("&amp;", "&")).content.decode()
        assert f"{expected} registros." in listing, key


def test_dashboard_queries_do_not_grow_with_the_data(seed_commission):
    year = {"start": datetime.date(2023, 1, 1), "end": datetime.date(2023, 12, 31)}
    demo_busy_year(commission=seed_commission, year=2023, factor=1)
    with CaptureQueriesContext(connection) as small:
        dashboard(commission=seed_commission, **year)
    demo_busy_year(commission=seed_commission, year=2023, factor=19)
    with CaptureQueriesContext(connection) as large:
        board = dashboard(commission=seed_commission, **year)
    assert len(large) == len(small)
    assert {f.key: f.now for f in board.figures}["acuerdos"] == 20 * 13


def test_alerts_name_what_is_overdue(seed_commission):
    today = datetime.date(2023, 3, 1)
    demo_alerts_load(commission=seed_commission, today=today)
    Session.objects.create(
        commission=seed_commission,
        kind="ordinaria",
        year=2022,
        number=5,
        date=datetime.date(2022, 12, 15),
        status="celebrada",
    )
    messages = [
        alert.message for alert in commission_alerts(commission=seed_commission, today=today)
    ]
    assert any("termina en 45 días" in m for m in messages)
    assert "35 comunicaciones SIVOPLE siguen «En proceso» después de 30 días." in messages
    assert (
        "La sesión ordinaria programada para el jueves 26 de enero de 2023 no tiene registro."
        in messages
    )
    assert (
        "La sesión ordinaria programada para el jueves 23 de febrero de 2023 no tiene registro."
        in messages
    )
    assert not any(
        "8 de diciembre de 2022" in m for m in messages
    )  # recorded as a scheduled session
    assert any(
        m.startswith(
            "La minuta de la tercera sesión ordinaria del miércoles 23 de noviembre de 2022"
        )
        for m in messages
    )


def test_daily_digest_mails_the_alerts_to_the_commissions_users(seed_commission):
    user = make_user("avisos", SECRETARIAT, [seed_commission])
    user.email = "avisos@iecm.example"
    user.save()
    assert alerts_digest_send(today=datetime.date(2023, 3, 1)) == 1
    assert mail.outbox[0].to == ["avisos@iecm.example"]
    assert mail.outbox[0].subject.endswith("alertas al miércoles 1 de marzo de 2023")
    assert "comunicaciones SIVOPLE siguen «En proceso»" in mail.outbox[0].body


def test_the_daily_digest_leaves_out_what_each_user_dismissed(seed_commission):
    today = datetime.date(2023, 3, 1)
    keeper = make_user("guarda", SECRETARIAT, [seed_commission])
    dismisser = make_user("descarta", SECRETARIAT, [seed_commission])
    for user in (keeper, dismisser):
        user.email = f"{user.username}@iecm.example"
        user.save()
    alerts = commission_alerts(commission=seed_commission, today=today)
    dismissed = alerts[0]
    alerts_dismiss(user=dismisser, commission=seed_commission, keys=[dismissed.key])
    alerts_digest_send(today=today)

    def body(address):
        return next(message.body for message in mail.outbox if address in message.to)

    assert f"- {dismissed.message}\n" in body("guarda@iecm.example")
    assert f"- {dismissed.message}\n" not in body("descarta@iecm.example")
