"""What sends e-mail is limited per address and per client (issue 20, point 3): password
reset, invitations, convocatoria adendas. The answer is the same for an address CORI knows
and one it does not."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from cori.access import ADMINISTRATION, SECRETARIAT
from sessions.models import AgendaItem
from sessions.services.agenda import agenda_item_create
from tests.sessions.test_agenda_addendum import send, session  # noqa: F401
from tests.staff import make_user

pytestmark = pytest.mark.django_db
LIMITED = "Ya se pidieron varios enlaces"


def _reset(client, email: str, address: str = "10.0.0.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def _answers(client, email: str, times: int, address: str) -> list[tuple[int, str]]:
    answers = []
    for _ in range(times):
        response = _reset(client, email, address)
        body = response.content.decode() if response.status_code != 302 else response.url
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
        answers.append((response.status_code, body.replace(email, "<correo>")))
    return answers


def test_ten_resets_for_one_address_send_three_emails_and_say_so_in_spanish(client, db):
    user = make_user("ana", SECRETARIAT)
    user.email = "ana@iecm.mx"
    user.save()
    answers = _answers(client, "ana@iecm.mx", 10, "10.0.0.1")
    assert len(mail.outbox) == 3
    assert [status for status, _ in answers] == [302] * 3 + [429] * 7
    refused = answers[-1][1]
    assert LIMITED in refused and "espere 60 minutos" in refused
    # An address without an account: the very same answers, and of course no e-mail.
    mail.outbox.clear()
    assert _answers(client, "nadie@iecm.mx", 10, "10.0.0.9") == answers
    assert mail.outbox == []


def test_one_client_asking_for_many_addresses_is_stopped_too(client, db):
    for number in range(12):
        user = make_user(f"persona{number}", SECRETARIAT)
        user.email = f"persona{number}@iecm.mx"
        user.save()
    statuses = [_reset(client, f"persona{n}@iecm.mx").status_code for n in range(12)]
    assert statuses == [302] * 10 + [429] * 2
    assert len(mail.outbox) == 10
    # Another client is not held back by the first.
    assert _reset(client, "persona0@iecm.mx", address="10.0.0.2").status_code == 302


@override_settings(EMAIL_RATE_LIMITS={"invitation": (3, 4, 3600)})
def test_invitations_are_limited_per_address_and_per_administrator(
    client, seed_commission, mailoutbox
):
    admin = make_user("jefa", ADMINISTRATION)
    client.force_login(admin)
    client.post(
        reverse("people:user_invite"),
        {
            "first_name": "Ana",
            "last_name": "López",
            "email": "ana.lopez@iecm.mx",
            "roles": [SECRETARIAT],
            "commissions": [seed_commission.pk],
        },
    )
    user = get_user_model().objects.get(email="ana.lopez@iecm.mx")
    resend = reverse("people:user_action", args=[user.pk, "reenviar-invitacion"])
    pages = [client.post(resend, follow=True).content.decode() for _ in range(3)]
    assert "Se envió de nuevo la invitación." in pages[1]
    assert "Ya se enviaron varias invitaciones a este correo" in pages[2]
    assert len(mailoutbox) == 3  # the invitation and two re-sends
    # The fourth invitation of this administrator within the hour, to a new address: refused
    # and nothing kept.
    response = client.post(
        reverse("people:user_invite"),
        {
            "first_name": "Beto",
            "last_name": "Ruiz",
            "email": "beto.ruiz@iecm.mx",
            "roles": [SECRETARIAT],
            "commissions": [seed_commission.pk],
        },
    )
    assert "Ya se enviaron varias invitaciones" in response.content.decode()
    assert not get_user_model().objects.filter(email="beto.ruiz@iecm.mx").exists()
    assert len(mailoutbox) == 3


@override_settings(EMAIL_RATE_LIMITS={"convocatoria": (3, 30, 3600)})
def test_adendas_stop_before_they_flood_the_members(
    client,
    session,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    send(session, django_capture_on_commit_callbacks)
    client.force_login(make_user("st", SECRETARIAT, [session.commission]))
    url = reverse("session_agenda", args=[session.commission.acronym, session.pk])
    pages = []
    for number in range(3):
        agenda_item_create(session=session, kind=AgendaItem.Kind.OTHER, title=f"Punto {number}.")
        with django_capture_on_commit_callbacks(execute=True):
            pages.append(client.post(url, {"accion": "adenda"}, follow=True).content.decode())
    assert "Se envió la adenda 2" in pages[1]
    assert "Ya se enviaron varios correos de esta sesión" in pages[2]
    # Two members: the convocatoria and two adendas each, the third adenda not sent.
    assert len(mail.outbox) == 6
    assert session.convocatoria.addenda.count() == 2
