"""The audit history reads every kind of value: dates, times of day, datetimes, choices."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cori.access import ADMINISTRATION
from cori.history import history_entries, latest_version
from sessions.models import Session
from sessions.services import session_update
from tests.staff import make_user

# Stored types (time of day) and locking: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]


def _session(seed_commission) -> Session:
    """The first session whose minuta is not approved (an approved one seals the session)."""
    return (
        Session.objects.filter(commission=seed_commission)
        .exclude(minutes__status="aprobada")
        .order_by("date")
        .first()
    )


def test_a_changed_hour_reads_as_an_hour_in_the_history_and_on_the_page(client, seed_commission):
    session = _session(seed_commission)
    session_update(session=session, time=datetime.time(11, 0))
    session_update(session=Session.objects.get(pk=session.pk), time=datetime.time(12, 30))
    [change] = history_entries(Session.objects.get(pk=session.pk))[0].changes
    assert (change.before, change.after) == ("11:00", "12:30")
    client.force_login(make_user("historia", ADMINISTRATION))
    page = client.get(reverse("record_detail", args=["CORI", "sesiones", session.pk]))
    assert page.status_code == 200
    assert "12:30" in page.content.decode()


def test_a_stale_api_edit_after_an_hour_changed_is_a_409_naming_the_change(seed_commission):
    session = _session(seed_commission)
    read = latest_version(session)
    session_update(session=session, time=datetime.time(9, 15))
    api = APIClient()
    api.force_authenticate(make_user("historia-api", ADMINISTRATION))
    response = api.patch(
        f"/api/v1/sessions/{session.pk}/",
        {"modality": "presencial"},
        format="json",
        HTTP_IF_MATCH=f'"{read}"',
    )
    assert response.status_code == 409
    assert "09:15" in response.json()["detail"]
