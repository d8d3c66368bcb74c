"""The commission's iCalendar feed read by icalendar and vobject, and its public Atom feed
read by feedparser, as calendar clients and feed readers do (issue 19, item 10)."""

import datetime

import feedparser
import icalendar
import pytest
import vobject

from sessions.models import Session
from tests.factories import SessionFactory
from tests.staff import COUNCIL, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar_text(client, seed_commission) -> str:
    client.force_login(make_user("calendario", COUNCIL, [seed_commission]))
    response = client.get("/comisiones/CORI/calendario.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response.content.decode()


@pytest.fixture
def feed_response(client, seed_commission):
    response = client.get("/publico/CORI/feed.atom")
    assert response.status_code == 200
    return response


def test_icalendar_and_vobject_read_every_event(calendar_text):
    calendar = icalendar.Calendar.from_ical(calendar_text)
    events = list(calendar.walk("VEVENT"))
    assert events
    for event in events:
        for name in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert name in event, (name, event.get("UID"))
    assert len({str(event["UID"]) for event in events}) == len(events)
    parsed = vobject.readOne(calendar_text)
    assert len(parsed.vevent_list) == len(events)


def test_every_tzid_has_its_vtimezone(client, seed_commission):
    # RFC 5545 §3.2.19: each TZID names a VTIMEZONE of the calendar. The seed's sessions
    # have no time (all-day events): one with a time says its zone.
    SessionFactory(
        commission=seed_commission,
        date=datetime.date(2026, 12, 17),
        time=datetime.time(11, 0),
        status=Session.Status.SCHEDULED,
    )
    client.force_login(make_user("calendario", COUNCIL, [seed_commission]))
    calendar = icalendar.Calendar.from_ical(client.get("/comisiones/CORI/calendario.ics").content)
    zones = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    used = {
        event["DTSTART"].params["TZID"]
        for event in calendar.walk("VEVENT")
        if "TZID" in event["DTSTART"].params
    }
    assert used == {"America/Mexico_City"}
    assert used <= zones


def test_feedparser_reads_the_atom_feed_without_complaint(feed_response):
    assert feed_response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(feed_response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.entries
    for entry in feed.entries:
        assert entry.id and entry.link and entry.updated_parsed and entry.title
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)


def test_the_atom_feed_names_its_author(feed_response):
    feed = feedparser.parse(feed_response.content)
    assert feed.feed.get("author") or all(entry.get("author") for entry in feed.entries)
