"""The personal acuse link: opening it (GET, HEAD, as an e-mail link scanner does) records
nothing; the councillor confirms with a button (POST, CSRF-protected); the link expires after
``CONVOCATORIA_ACKNOWLEDGEMENT_DAYS`` days and says so, and what to do."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from sessions.models import AgendaItem, ConvocatoriaRecipient, Session
from sessions.services.agenda import agenda_item_create, convocatoria_send
from tests.factories import MembershipFactory, PersonFactory, SessionFactory
from tests.sessions.test_agenda_services import private_folders  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(django_capture_on_commit_callbacks) -> str:
    session = SessionFactory(
        date=datetime.date(2030, 3, 15),
        time=datetime.time(11, 0),
        status=Session.Status.SCHEDULED,
    )
    MembershipFactory(
        commission=session.commission,
        person=PersonFactory(full_name="Consejera de Prueba", email="consejera@iecm.mx"),
    )
    agenda_item_create(
        session=session, kind=AgendaItem.Kind.ROLL_CALL, title="Lista de asistencia."
    )
    with django_capture_on_commit_callbacks(execute=True):
        convocatoria_send(
            session=session, link=lambda token: f"https://cori.test/convocatorias/acuse/{token}/"
        )
    url = re.search(r"https://cori\.test(/convocatorias/acuse/\S+/)", mail.outbox[0].body)
    return url.group(1)


def acknowledged() -> datetime.datetime | None:
    return ConvocatoriaRecipient.objects.get().acknowledged_at


def test_opening_the_link_records_nothing_and_offers_to_confirm(client, link):
    page = client.get(link)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Confirmar recepción" in text
    assert 'method="post"' in text and "csrfmiddlewaretoken" in text
    assert client.head(link).status_code == 200
    assert acknowledged() is None


def test_confirming_records_the_acuse_once(client, link):
    page = client.post(link)
    assert "Acuse de recibo registrado" in page.content.decode()
    first = acknowledged()
    assert first is not None
    client.post(link)
    assert acknowledged() == first
    assert "quedó registrado el" in client.get(link).content.decode()


def test_the_confirmation_needs_the_forms_csrf_token(link):
    scanner = Client(enforce_csrf_checks=True)
    assert scanner.post(link).status_code == 403
    assert acknowledged() is None
    page = scanner.get(link).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert scanner.post(link, {"csrfmiddlewaretoken": token}).status_code == 200
    assert acknowledged() is not None


def test_the_email_says_until_when_the_link_is_valid(link, settings):
    assert settings.CONVOCATORIA_ACKNOWLEDGEMENT_DAYS == 30
    # Sent on Sunday 6 December 2026 at 10:00 (the tests' day): valid for 30 days.
    assert "La liga vale hasta el martes 5 de enero de 2027" in mail.outbox[0].body


@pytest.mark.clock
def test_an_expired_link_says_so_and_records_nothing(client, link, time_machine, settings):
    sent = ConvocatoriaRecipient.objects.get().sent_at
    days = settings.CONVOCATORIA_ACKNOWLEDGEMENT_DAYS
    time_machine.move_to(sent + datetime.timedelta(days=days) - datetime.timedelta(minutes=1))
    assert "Confirmar recepción" in client.get(link).content.decode()
    time_machine.move_to(sent + datetime.timedelta(days=days, minutes=1))
    for response in (client.get(link), client.post(link)):
        text = response.content.decode()
        assert response.status_code == 410
        assert "La liga de acuse venció el" in text
        assert "Secretaría Técnica" in text
        assert "Confirmar recepción" not in text
    assert acknowledged() is None
    assert timezone.now() > sent
