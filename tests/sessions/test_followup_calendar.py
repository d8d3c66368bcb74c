"""The commission's calendar: a month of sessions, and an iCalendar feed that calendar
clients read with a personal key."""

import datetime
import re
from urllib.parse import urlsplit

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from commissions.models import PlannedSession, WorkProgramme
from sessions.models import CalendarToken, Convocatoria, Session
from tests.factories import CommissionFactory, SessionFactory
from tests.staff import COUNCIL, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.clock]  # reads "today": CI runs it on other days


@pytest.fixture
def commission():
    commission = CommissionFactory(acronym="CCAL")
    SessionFactory(
        commission=commission,
        number=1,
        date=datetime.date(2022, 9, 26),
        time=datetime.time(11, 0),
    )
    SessionFactory(
        commission=commission, number=1, kind="extraordinaria", date=datetime.date(2022, 10, 7)
    )
    SessionFactory(
        commission=commission,
        number=2,
        date=datetime.date(2022, 10, 28),
        status=Session.Status.CONVENED,
    )
    programme = WorkProgramme.objects.create(
        commission=commission,
        year=2022,
        title="PAT 2022",
        valid_from=datetime.date(2022, 1, 1),
        valid_until=datetime.date(2022, 12, 31),
    )
    # Held three days later: the same session, not a second event.
    PlannedSession.objects.create(programme=programme, planned_date=datetime.date(2022, 9, 23))
    # Nothing recorded near it: an event "programada en el PAT".
    PlannedSession.objects.create(programme=programme, planned_date=datetime.date(2022, 12, 15))
    return commission


def _events(content: bytes):
    calendar = icalendar.Calendar.from_ical(content)
    return [component for component in calendar.walk("VEVENT")]


def test_the_feed_parses_with_one_event_per_session_and_per_unheld_planned_session(
    client, commission
):
    client.force_login(make_user("consejera", COUNCIL, [commission]))
    response = client.get(reverse("session_calendar_ics", args=["CCAL"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = _events(response.content)
    sessions = Session.objects.filter(commission=commission)
    assert len(events) == sessions.count() + 1
    uids = {str(event["UID"]) for event in events}
    held_for_the_plan = sessions.get(date=datetime.date(2022, 9, 26))
    assert {
        f"sesion-{session.pk}@localhost" for session in sessions.exclude(pk=held_for_the_plan.pk)
    } <= uids
    first = next(e for e in events if "Primera sesión ordinaria" in str(e["SUMMARY"]))
    start = first.decoded("DTSTART")
    assert (start.date(), start.hour, start.minute) == (datetime.date(2022, 9, 26), 11, 0)
    assert str(first["URL"]).endswith(
        reverse(
            "record_detail", args=["CCAL", "sesiones", sessions.get(number=1, kind="ordinaria").pk]
        )
    )
    planned = next(e for e in events if "programada en el PAT" in str(e["SUMMARY"]))
    assert str(planned["UID"]).startswith("pat-")
    assert planned.decoded("DTSTART") == datetime.date(2022, 12, 15)
    assert "programada en el PAT" in str(planned["SUMMARY"])
    scheduled = next(e for e in events if "convocada" in str(e["SUMMARY"]))
    assert scheduled.decoded("DTSTART") == datetime.date(2022, 10, 28)


def test_a_personal_key_is_shown_once_stored_hashed_and_revocable(client, commission):
    user = make_user("consejera", COUNCIL, [commission])
    client.force_login(user)
    page = client.post(reverse("session_calendar", args=["CCAL"]), {"accion": "crear"})
    text = page.content.decode()
    assert "cópielo ahora: no se vuelve a mostrar" in text
    url = text.split('id="enlace-suscripcion"')[0].rsplit('value="', 1)[1].split('"')[0]
    key = urlsplit(url).path.rsplit("/", 1)[1].removesuffix(".ics")
    assert key not in CalendarToken.objects.get(user=user).key_hash
    assert key not in client.get(reverse("session_calendar", args=["CCAL"])).content.decode()

    client.logout()
    path = reverse("session_calendar_ics", args=["CCAL"])
    subscribed = client.get(reverse("session_calendar_key_ics", args=["CCAL", key]))
    assert subscribed.status_code == 200
    assert len(_events(subscribed.content)) == 4
    assert CalendarToken.objects.get(user=user).last_used_at is not None
    assert client.get(path).status_code == 302  # no key, no session: the login page
    assert client.get(reverse("session_calendar_key_ics", args=["CCAL", "otra"])).status_code == 403
    other = client.get(reverse("session_calendar_key_ics", args=["CORI", key]))
    assert other.status_code == 403  # the key reads only the user's commissions

    client.force_login(user)
    client.post(reverse("session_calendar", args=["CCAL"]), {"accion": "revocar"})
    client.logout()
    refused = client.get(path, {"token": key})
    assert refused.status_code == 403
    assert "no es válido o fue revocado" in refused.content.decode()


def test_the_month_view_shows_held_convened_and_planned_sessions(client, commission):
    client.force_login(make_user("consejera", COUNCIL, [commission]))
    september = client.get(reverse("session_calendar", args=["CCAL"]), {"mes": "2022-09"})
    text = september.content.decode()
    assert "Calendario de sesiones: septiembre de 2022" in text
    assert "Primera sesión ordinaria de la CCAL" in text
    assert 'data-event-state="celebrada"' in text
    assert "programada en el PAT" not in text  # the planned 23rd was held on the 26th
    october = client.get(reverse("session_calendar", args=["CCAL"]), {"mes": "2022-10"})
    assert 'data-event-state="convocada"' in october.content.decode()
    december = client.get(reverse("session_calendar", args=["CCAL"]), {"mes": "2022-12"})
    assert 'data-event-state="programada en el PAT"' in december.content.decode()


def test_the_calendar_and_the_pats_sessions_have_names_that_tell_them_apart(client, commission):
    """As seen: «Calendario de sesiones» (the month) and «Calendario de sesiones del PAT»
    (the PAT's slots), two pages with near-identical names in the same menu."""
    client.force_login(make_user("consejera", COUNCIL, [commission]))
    month = client.get(reverse("session_calendar", args=["CCAL"])).content.decode()
    slots = client.get(reverse("record_list", args=["CCAL", "calendario"])).content.decode()
    assert "<title>Calendario de sesiones · CCAL · CORI</title>" in month
    assert '<h1 class="mb-0">Sesiones del programa de trabajo (PAT)</h1>' in slots
    for page in (month, slots):
        assert "Calendario de sesiones del PAT" not in page  # in the menu of both


def test_a_programada_session_is_not_called_convocada(client, commission):
    """As seen: a programada session, its convocatoria not sent, read «convocada» in the
    calendar and its feed."""
    SessionFactory(
        commission=commission,
        number=3,
        date=datetime.date(2022, 11, 25),
        status=Session.Status.SCHEDULED,
    )
    client.force_login(make_user("consejera", COUNCIL, [commission]))
    november = client.get(reverse("session_calendar", args=["CCAL"]), {"mes": "2022-11"})
    text = november.content.decode()
    assert 'data-event-state="programada"' in text
    assert 'data-event-state="convocada"' not in text
    events = _events(client.get(reverse("session_calendar_ics", args=["CCAL"])).content)
    third = next(e for e in events if "Tercera sesión ordinaria" in str(e["SUMMARY"]))
    assert "programada" in str(third["SUMMARY"]) and "convocada" not in str(third["SUMMARY"])


def test_an_event_links_the_convocatoria_and_the_packet_once_sent(client, commission):
    session = Session.objects.get(commission=commission, number=2, kind="ordinaria")
    convocatoria = Convocatoria.objects.create(
        session=session, year=2022, number=1, code="CCAL/C/001/22"
    )
    client.force_login(make_user("consejera", COUNCIL, [commission]))
    path = reverse("session_calendar_ics", args=["CCAL"])
    packet = reverse("session_packet", args=["CCAL", session.pk])

    def description():
        events = _events(client.get(path).content)
        event = next(e for e in events if str(e["UID"]) == f"sesion-{session.pk}@localhost")
        return str(event["DESCRIPTION"])

    assert packet not in description()  # not sent yet: a draft is not linked
    convocatoria.sent_at = timezone.now()
    convocatoria.save()
    text = description()
    assert reverse("session_convocatoria", args=["CCAL", session.pk, "pdf"]) in text
    assert packet in text
    month = client.get(reverse("session_calendar", args=["CCAL"]), {"mes": "2022-10"})
    assert packet in month.content.decode()


# --- a standard calendar (issue 19, point 6) -----------------------------------------------


def _ics(client, **query):
    response = client.get(reverse("session_calendar_ics", args=["CCAL"]), query)
    assert response.status_code == 200
    return response


def _event(content: bytes, summary: str):
    return next(e for e in _events(content) if summary in str(e["SUMMARY"]))


def test_the_calendar_declares_the_time_zone_of_its_times(client, commission):
    """RFC 5545 §3.2.19: a TZID needs its VTIMEZONE; two independent parsers agree."""
    import vobject

    client.force_login(make_user("consejera", COUNCIL, [commission]))
    content = _ics(client).content
    calendar = icalendar.Calendar.from_ical(content)
    zones = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    used = {
        event["DTSTART"].params["TZID"]
        for event in calendar.walk("VEVENT")
        if "TZID" in event["DTSTART"].params
    }
    assert used == {"America/Mexico_City"}
    assert used <= zones
    parsed = vobject.readOne(content.decode())
    assert [zone.tzid.value for zone in parsed.vtimezone_list] == ["America/Mexico_City"]
    first = next(e for e in parsed.vevent_list if "Primera sesión" in e.summary.value)
    assert first.dtstart.value.utcoffset() == datetime.timedelta(hours=-6)


def test_a_change_of_time_moves_sequence_and_last_modified(client, commission):
    import time_machine

    from cori.records import record_update

    client.force_login(make_user("consejera", COUNCIL, [commission]))
    before = _ics(client)
    assert _ics(client).content == before.content  # nothing changed: the same bytes
    unchanged = client.get(
        reverse("session_calendar_ics", args=["CCAL"]), HTTP_IF_NONE_MATCH=before["ETag"]
    )
    assert (unchanged.status_code, unchanged.content) == (304, b"")
    first = _event(before.content, "Primera sesión ordinaria")

    session = Session.objects.get(commission=commission, date=datetime.date(2022, 9, 26))
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        record_update(session, changes={"time": datetime.time(12, 30)})
    after = _ics(client)
    moved = _event(after.content, "Primera sesión ordinaria")
    assert moved["UID"] == first["UID"]
    assert moved["SEQUENCE"] > first.get("SEQUENCE", 0)
    assert moved.decoded("LAST-MODIFIED") > first.decoded("LAST-MODIFIED")
    assert moved.decoded("DTSTART").hour == 12
    assert after["ETag"] != before["ETag"]
    assert after["Last-Modified"] != before["Last-Modified"]
    other = _event(after.content, "Primera sesión extraordinaria")
    assert other["SEQUENCE"] == _event(before.content, "Primera sesión extraordinaria")["SEQUENCE"]


def test_a_planned_session_keeps_its_uid_once_it_is_recorded(client, commission):
    """A PAT slot and the session recorded for it are one event: no delete and add."""
    client.force_login(make_user("consejera", COUNCIL, [commission]))
    planned = _event(_ics(client).content, "programada en el PAT")
    uid = str(planned["UID"])
    session = SessionFactory(
        commission=commission, number=3, date=datetime.date(2022, 12, 16), time=None
    )
    events = _events(_ics(client).content)
    same = [e for e in events if str(e["UID"]) == uid]
    assert len(same) == 1
    assert same[0].decoded("DTSTART") == session.date
    assert "Tercera sesión ordinaria" in str(same[0]["SUMMARY"])
    assert same[0]["SEQUENCE"] > planned.get("SEQUENCE", 0)  # a revision of the same event
    assert not any("programada en el PAT" in str(e["SUMMARY"]) for e in events)


def test_uids_and_links_name_the_configured_site_not_the_request(client, commission, settings):
    settings.SITE_URL = "https://cori.iecm.mx"
    client.force_login(make_user("consejera", COUNCIL, [commission]))
    content = _ics(client, HTTP_HOST="localhost").content
    events = _events(content)
    assert all(str(e["UID"]).endswith("@cori.iecm.mx") for e in events)
    assert all(str(e["URL"]).startswith("https://cori.iecm.mx/") for e in events if "URL" in e)
    page = client.post(reverse("session_calendar", args=["CCAL"]), {"accion": "crear"})
    assert "https://cori.iecm.mx/comisiones/CCAL/calendario/" in page.content.decode()


def test_a_bad_key_gets_a_plain_text_403(client, commission):
    refused = client.get(reverse("session_calendar_ics", args=["CCAL"]), {"token": "otra"})
    assert refused.status_code == 403
    assert refused["Content-Type"] == "text/plain; charset=utf-8"
    assert refused.content.decode() == "El enlace de suscripción no es válido o fue revocado."
    user = make_user("consejera", COUNCIL, [commission])
    client.force_login(user)
    page = client.post(reverse("session_calendar", args=["CCAL"]), {"accion": "crear"})
    url = page.content.decode().split('id="enlace-suscripcion"')[0].rsplit('value="', 1)[1]
    key = urlsplit(url.split('"')[0]).path.rsplit("/", 1)[1].removesuffix(".ics")
    client.logout()
    other = client.get(reverse("session_calendar_key_ics", args=["CORI", key]))
    assert (other.status_code, other["Content-Type"]) == (403, "text/plain; charset=utf-8")


def test_the_feed_reads_a_fixed_number_of_queries_however_many_sessions(client, commission):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_user("consejera", COUNCIL, [commission]))
    _ics(client)  # the session and permissions warmed up

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _ics(client)
        return len(captured)

    before = queries()
    for number in range(3, 9):
        session = SessionFactory(
            commission=commission, number=number, date=datetime.date(2022, 11, number)
        )
        session.time = datetime.time(10, 0)
        session.save()  # a second history entry: a revision
    assert queries() == before


def _new_subscription_url(client, user) -> str:
    client.force_login(user)
    page = client.post(reverse("session_calendar", args=["CCAL"]), {"accion": "crear"})
    assert "no-store" in page["Cache-Control"]  # the page that shows the key, once
    text = page.content.decode()
    return text.split('id="enlace-suscripcion"')[0].rsplit('value="', 1)[1].split('"')[0]


def test_the_personal_key_travels_in_the_path_not_the_query_string(client, commission):
    """Proxies log query strings: the key is a part of the path (issue 20, item 7)."""
    url = _new_subscription_url(client, make_user("consejera", COUNCIL, [commission]))
    assert "?" not in url
    assert re.fullmatch(r"https?://[^/?]+/comisiones/CCAL/calendario/[\w-]+\.ics", url), url
    client.logout()
    subscribed = client.get(urlsplit(url).path)
    assert subscribed.status_code == 200
    assert subscribed["Content-Type"].startswith("text/calendar")
    refused = client.get(reverse("session_calendar_key_ics", args=["CCAL", "otra-clave"]))
    assert (refused.status_code, refused["Content-Type"]) == (403, "text/plain; charset=utf-8")


@pytest.mark.clock
def test_a_key_in_the_query_string_works_until_the_documented_day(
    client, commission, settings, time_machine
):
    url = _new_subscription_url(client, make_user("consejera", COUNCIL, [commission]))
    key = urlsplit(url).path.rsplit("/", 1)[1].removesuffix(".ics")
    client.logout()
    old = reverse("session_calendar_ics", args=["CCAL"])
    assert client.get(old, {"token": key}).status_code == 200
    last = datetime.date.fromisoformat(settings.CALENDAR_QUERY_KEY_UNTIL)
    time_machine.move_to(
        datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time(10))
    )
    gone = client.get(old, {"token": key})
    assert (gone.status_code, gone["Content-Type"]) == (410, "text/plain; charset=utf-8")
    assert "copie el nuevo enlace" in gone.content.decode()
