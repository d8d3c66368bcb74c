"""Alerts as a user sees them: grouped by kind with a count, dismissed or postponed per user,
those older than the PAT in force summarised in one line, dates in words."""

import datetime
import re

import pytest
from django.db import connection
from django.db.utils import IntegrityError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commissions.models import PlannedSession, WorkProgramme
from cori.text import long_date
from reports.alerts import alert_board, group_alerts
from reports.dashboards import Alert
from reports.models import AlertDismissal
from reports.services import alerts_dismiss, alerts_restore
from tests.factories import CommissionFactory
from tests.staff import COUNCIL, SECRETARIAT, make_user

# Reads "today": CI runs it on other days (clock). Figures and dates counted in SQL: the
# PostgreSQL pass runs these too (database).
pytestmark = [pytest.mark.django_db, pytest.mark.clock, pytest.mark.database]
TODAY = datetime.date(2026, 12, 1)
CALENDAR = "12 sesiones del calendario 2023 sin registro"


def _titles(board):
    return [group.title for group in board.groups]


def test_the_calendar_alerts_are_one_group_with_a_count(seed_commission):
    user = make_user("consejera", COUNCIL, [seed_commission])
    board = alert_board(commission=seed_commission, user=user, today=TODAY)
    assert CALENDAR in _titles(board)
    group = next(group for group in board.groups if group.key == "calendario:2023")
    assert len(group.alerts) == 12
    assert group.alerts[0].message == (
        "La sesión ordinaria programada para el jueves 26 de enero de 2023 no tiene registro."
    )
    assert not any("/20" in alert.message for g in board.groups for alert in g.alerts)


def test_group_titles_agree_with_their_count():
    one = Alert("minuta", "m", "/", key="X:minuta:1", group="minuta")
    two = Alert("minuta", "n", "/", key="X:minuta:2", group="minuta")
    assert group_alerts([one])[0].title == "1 minuta sin aprobar en la sesión ordinaria siguiente"
    assert group_alerts([one, two])[0].title == (
        "2 minutas sin aprobar en la sesión ordinaria siguiente"
    )


def test_dismissing_a_group_hides_it_for_that_user_only(seed_commission):
    council = make_user("consejera", COUNCIL, [seed_commission])
    secretary = make_user("secretaria", SECRETARIAT, [seed_commission])
    group = next(
        g
        for g in alert_board(commission=seed_commission, user=council, today=TODAY).groups
        if g.key == "calendario:2023"
    )
    assert alerts_dismiss(user=council, commission=seed_commission, keys=group.keys) == 12
    after = alert_board(commission=seed_commission, user=council, today=TODAY)
    assert CALENDAR not in _titles(after)
    assert after.hidden == 12
    assert CALENDAR in _titles(alert_board(commission=seed_commission, user=secretary, today=TODAY))
    assert alerts_restore(user=council, commission=seed_commission) == 12
    assert CALENDAR in _titles(alert_board(commission=seed_commission, user=council, today=TODAY))


def test_a_postponed_alert_comes_back_on_its_date(seed_commission):
    user = make_user("consejera", COUNCIL, [seed_commission])
    board = alert_board(commission=seed_commission, user=user, today=TODAY)
    key = board.groups[0].alerts[0].key
    alerts_dismiss(
        user=user, commission=seed_commission, keys=[key], until=TODAY + datetime.timedelta(7)
    )
    week = [TODAY + datetime.timedelta(days) for days in (6, 7)]
    hidden = [
        key
        not in {
            a.key
            for g in alert_board(commission=seed_commission, user=user, today=day).groups
            for a in g.alerts
        }
        for day in week
    ]
    assert hidden == [True, False]
    # Dismissing it again for good replaces the postponement (one row per user and alert).
    alerts_dismiss(user=user, commission=seed_commission, keys=[key])
    assert AlertDismissal.objects.get(user=user, key=key).until is None


def test_one_row_per_user_and_alert(seed_commission):
    user = make_user("consejera", COUNCIL, [seed_commission])
    AlertDismissal.objects.create(user=user, key="CORI:sivople:35")
    with pytest.raises(IntegrityError):
        AlertDismissal.objects.create(user=user, key="CORI:sivople:35")


def test_keys_of_another_commission_are_refused(seed_commission):
    user = make_user("consejera", COUNCIL, [seed_commission])
    with pytest.raises(Exception, match="No se indicó qué alerta descartar"):
        alerts_dismiss(user=user, commission=seed_commission, keys=["OTRA:sivople:1"])


def test_alerts_older_than_the_pat_in_force_are_summarised_in_one_line(seed_commission):
    WorkProgramme.objects.create(
        commission=seed_commission,
        year=2026,
        title="Programa Anual de Trabajo 2026",
        valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2026, 12, 31),
    )
    user = make_user("consejera", COUNCIL, [seed_commission])
    board = alert_board(commission=seed_commission, user=user, today=TODAY)
    assert CALENDAR not in _titles(board)
    assert board.old_summary.startswith(
        "12 alertas anteriores al PAT vigente (desde el jueves 1 de enero de 2026): " + CALENDAR
    )


def test_alert_board_queries_do_not_grow_with_the_alerts(seed_commission):
    user = make_user("consejera", COUNCIL, [seed_commission])
    programme = WorkProgramme.objects.get(commission=seed_commission, year=2023)
    with CaptureQueriesContext(connection) as small:
        alert_board(commission=seed_commission, user=user, today=TODAY)
    PlannedSession.objects.bulk_create(
        PlannedSession(
            programme=programme, kind="extraordinaria", planned_date=datetime.date(2023, 5, day)
        )
        for day in range(1, 29, 3)
    )
    alerts_dismiss(
        user=user, commission=seed_commission, keys=["CORI:calendario:2023-05-01:extraordinaria"]
    )
    with CaptureQueriesContext(connection) as large:
        board = alert_board(commission=seed_commission, user=user, today=TODAY)
    assert len(large) == len(small)
    assert board.hidden == 1


def test_the_alerts_form_dismisses_postpones_and_restores(client, seed_commission):
    client.force_login(make_user("consejera", COUNCIL, [seed_commission]))
    home = reverse("commission_home", args=["CORI"])
    url = reverse("alerts_update", args=["CORI"])
    page = client.get(home).content.decode()
    assert CALENDAR in page
    keys = [f"CORI:calendario:2023-{m:02d}-{d:02d}:ordinaria" for m, d in ((1, 26), (2, 23))]
    response = client.post(url, {"accion": "descartar", "clave": keys}, follow=True)
    assert response.redirect_chain[-1][0] == home + "#alertas"
    page = response.content.decode()
    assert "Se descartaron 2 alertas." in page
    assert "10 sesiones del calendario 2023 sin registro" in page
    assert "2 alertas descartadas o pospuestas." in page
    response = client.post(url, {"accion": "posponer", "clave": keys[:1]}, follow=True)
    week = long_date(timezone.localdate() + datetime.timedelta(days=7))
    assert f"Se pospuso 1 alerta hasta el {week}." in response.content.decode()
    assert AlertDismissal.objects.get(key=keys[0]).until is not None
    response = client.post(url, {"accion": "restablecer"}, follow=True)
    assert CALENDAR in response.content.decode()


def test_the_alerts_form_asks_for_access_and_post(client, seed_commission):
    url = reverse("alerts_update", args=["CORI"])
    assert client.post(url, {"accion": "descartar", "clave": "CORI:x"}).status_code == 302
    client.force_login(make_user("otra", SECRETARIAT, [CommissionFactory(acronym="OTRA")]))
    assert client.post(url, {"accion": "descartar", "clave": "CORI:x"}).status_code == 403
    client.force_login(make_user("consejera", COUNCIL, [seed_commission]))
    assert client.get(url).status_code == 405


def test_each_dismiss_button_names_its_alert_without_a_space_before_the_colon(
    client, seed_commission
):
    """As seen: a screen reader read «Descartar : 10 sesiones…» (the name was built from
    «Descartar» and a hidden «: …» in two text nodes)."""
    client.force_login(make_user("consejera-descarta", COUNCIL, [seed_commission]))
    page = client.get(reverse("commission_home", args=["CORI"])).content.decode()
    labels = re.findall(r'aria-label="(Descartar[^"]*)"', page)
    assert labels and all(label.startswith("Descartar: ") for label in labels), labels
    assert "Descartar :" not in page
