"""The home of each role on the commission's page: a councillor sees what matters now, the
secretariat what is missing; a fixed number of queries whatever the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from commissions.models import Area
from cori.text import long_date
from reports.homes import council_home, secretariat_home
from reports.models import IssuedReport
from sessions.models import Accord, Convocatoria, Session
from sessions.services import accord_create
from tests.conftest import clock_moment
from tests.factories import AgreementFactory, SessionFactory
from tests.staff import COUNCIL, SECRETARIAT, make_user

# The homes read "now": each test runs again on a quarter's last and next first day (CI).
# Figures: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.clock, pytest.mark.database]


def _next_session(commission, today, *, sent=True):
    session = SessionFactory(
        commission=commission,
        date=today + datetime.timedelta(days=10),
        number=9,
        status=Session.Status.SCHEDULED,
        time=datetime.time(11, 0),
    )
    Convocatoria.objects.create(
        session=session,
        year=session.date.year,
        number=90,
        code=f"CORI/CONV/090/{session.date:%y}",
        sent_at=timezone.now() if sent else None,
    )
    return session


def _followed_accord(commission, session, due):
    accord = accord_create(commission=commission, session=session, title="Informe de avance.")
    accord.responsible_area = Area.objects.order_by("pk").first()
    accord.due_date = due
    accord.save()
    return accord


def _issued(commission, session):
    return IssuedReport.objects.create(
        commission=commission,
        period_start=datetime.date(2022, 9, 1),
        period_end=datetime.date(2022, 11, 30),
        session=session,
        title="Primer informe trimestral",
        content_json="{}",
        content_sha256="0" * 64,
        pdf=b"%PDF-",
        pdf_sha256="0" * 64,
    )


def test_a_councillor_home_names_the_next_session_with_its_convocatoria_and_packet(
    seed_commission,
):
    today = timezone.localdate()
    session = _next_session(seed_commission, today)
    home = council_home(commission=seed_commission, today=today)
    assert home.next_session == session
    labels = [label for label, _ in home.next_links]
    assert labels == ["Sesión", "Convocatoria (PDF)", "Carpeta de la sesión (PDF)"]
    # The latest sessions held, newest first, with their accords counted.
    third = home.recent_sessions[0]
    assert (third.title, third.accord_count) == ("Tercera sesión ordinaria", 3)


def test_an_unsent_convocatoria_is_not_linked(seed_commission):
    today = timezone.localdate()
    _next_session(seed_commission, today, sent=False)
    home = council_home(commission=seed_commission, today=today)
    assert [label for label, _ in home.next_links] == ["Sesión"]


def test_a_councillor_home_lists_pending_and_overdue_accords_ending_agreements_and_the_report(
    client, seed_commission
):
    today = timezone.localdate()
    held = Session.objects.filter(commission=seed_commission, status="celebrada").latest("date")
    overdue = _followed_accord(seed_commission, held, datetime.date(2022, 12, 15))
    agreement = AgreementFactory(
        commission=seed_commission,
        status=Agreement.Status.SIGNED,
        signing_date=datetime.date(2022, 1, 10),
        valid_until=today + datetime.timedelta(days=30),
    )
    _issued(seed_commission, held)
    session = _next_session(seed_commission, today)
    client.force_login(make_user("consejera", COUNCIL, [seed_commission]))
    page = client.get(reverse("commission_home", args=["CORI"])).content.decode()
    assert "Lo que importa ahora" in page and "Lo que falta" not in page
    assert f"<strong>Tercera sesión ordinaria</strong>, {session.long_date}" not in page
    assert f"<strong>{session.title}</strong>, {session.long_date}, a las 11:00 horas" in page
    assert reverse("session_packet", args=["CORI", session.pk]) in page
    assert "Acuerdos en seguimiento: 1 pendiente, 1 vencido" in page
    assert f"{overdue.code}</a>" in page
    assert f"fecha compromiso: {long_date(datetime.date(2022, 12, 15))}" in page
    assert f"{agreement.title}</a>: termina el {long_date(agreement.valid_until)}" in page
    assert (
        "Primer informe trimestral, del 1 de septiembre de 2022 al 30 de noviembre de 2022" in page
    )
    # Each recent session leads to its page with its accords and the voting page.
    assert reverse("session_record", args=["CORI", held.pk]) in page
    assert reverse("session_votes", args=["CORI", held.pk]) in page


def test_the_secretariat_home_shows_what_is_missing(client, seed_commission):
    today = timezone.localdate()
    bare = SessionFactory(
        # Held today: inside the current quarter on any day, its first included.
        commission=seed_commission,
        date=today,
        number=20,
    )
    home = secretariat_home(commission=seed_commission, today=today)
    assert home.start <= today <= home.end
    assert bare in home.without_attendance
    assert any("no tiene asistencia registrada" in item.message for item in home.checklist)
    client.force_login(make_user("secretaria", SECRETARIAT, [seed_commission]))
    page = client.get(reverse("commission_home", args=["CORI"])).content.decode()
    assert "Lo que falta" in page and "Lo que importa ahora" not in page
    assert f"Para el informe de {home.label}" in page
    assert "Sesiones celebradas sin asistencia registrada: 1" in page
    assert reverse("session_record", args=["CORI", bare.pk]) in page


def _home_batch(commission, held, today, number):
    """One of each record the home reads, in each window it reads them from: a session
    held three days ago (this quarter) and one 40 days ago (the quarter before, on most
    days), an accord due in the next weeks and an agreement ending within the warning."""
    for days in (3, 40):
        SessionFactory(
            commission=commission, date=today - datetime.timedelta(days=days), number=number + days
        )
    _followed_accord(commission, held, today + datetime.timedelta(days=10 + number % 7))
    AgreementFactory(
        commission=commission,
        status=Agreement.Status.SIGNED,
        signing_date=datetime.date(2022, 1, 10),
        valid_until=today + datetime.timedelta(days=10 + number % 7),
    )


# Like with like: the small and the large data hold records in the same windows (a prefetch
# that Django skips on an empty result would otherwise count as growth). Three days: the
# first of CORI's quarter, one inside it and its last (the home's periods change there).
@pytest.mark.clock
@pytest.mark.parametrize("day", ["2026-12-01", "2027-01-17", "2027-02-28"])
@pytest.mark.parametrize("role", [COUNCIL, SECRETARIAT])
def test_the_home_queries_do_not_grow_with_the_data(
    client, seed_commission, role, day, time_machine
):
    time_machine.move_to(clock_moment(datetime.date.fromisoformat(day)))
    client.force_login(make_user("usuario", role, [seed_commission]))
    today = timezone.localdate()
    assert today == datetime.date.fromisoformat(day)
    url = reverse("commission_home", args=["CORI"])
    held = Session.objects.filter(commission=seed_commission, status="celebrada").latest("date")
    _followed_accord(seed_commission, held, datetime.date(2022, 12, 15))
    _home_batch(seed_commission, held, today, 100)
    _next_session(seed_commission, today)  # a sent convocatoria: its agenda is read
    _issued(seed_commission, held)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for batch in range(1, 6):
        _home_batch(seed_commission, held, today, 100 + 100 * batch)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)
    assert Accord.objects.filter(commission=seed_commission, due_date__isnull=False).count() == 7
