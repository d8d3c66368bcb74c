"""The orden del día as sent is what the convocatoria says forever: items added or changed
after sending wait for an adenda (numbered, dated, e-mailed to the same recipients), and the
public page and its Atom feed show the convocatoria as sent and each adenda sent."""

import datetime
import importlib
import io

import pytest
import time_machine
from defusedxml import ElementTree as ET
from django.apps import apps as django_apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document

from cori.states import StateConflict
from sessions.convocatoria import convocatoria_content, convocatoria_docx
from sessions.models import AgendaItem, Convocatoria, Session
from sessions.selectors.agenda import agenda_pending
from sessions.services.agenda import (
    CONVOCATORIA_LIFECYCLE,
    agenda_item_create,
    agenda_item_move,
    agenda_item_update,
    convocatoria_addendum_send,
    convocatoria_send,
)
from sessions.services.followup import publication_create, publication_withdraw
from tests.factories import MembershipFactory, PersonFactory, SessionFactory
from tests.sessions.test_agenda_services import private_folders  # noqa: F401
from tests.staff import COUNCIL, SECRETARIAT, make_user

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def session():
    session = SessionFactory(
        date=datetime.date(2030, 3, 15),
        time=datetime.time(11, 0),
        status=Session.Status.SCHEDULED,
    )
    for email in ("presidenta@iecm.mx", "integrante@iecm.mx"):
        MembershipFactory(commission=session.commission, person=PersonFactory(email=email))
    agenda_item_create(
        session=session, kind=AgendaItem.Kind.ROLL_CALL, title="Lista de asistencia."
    )
    agenda_item_create(session=session, kind=AgendaItem.Kind.REPORT, title="Informe anual.")
    return session


def send(session, capture):
    with capture(execute=True):
        return convocatoria_send(session=session, link=lambda token: f"https://cori.test/{token}/")


def public_text(client, session) -> str:
    return client.get(reverse("public_page", args=[session.commission.acronym])).content.decode()


def feed_entries(client, session) -> list[tuple[str, str]]:
    response = client.get(reverse("public_feed", args=[session.commission.acronym]))
    feed = ET.fromstring(response.content)
    return [
        (entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}summary").text or "")
        for entry in feed.iter(f"{ATOM}entry")
    ]


def test_an_item_added_after_sending_is_not_shown_under_the_published_convocatoria(
    client, session, django_capture_on_commit_callbacks
):
    convocatoria = send(session, django_capture_on_commit_callbacks)
    publication_create(commission=session.commission, target=convocatoria)
    agenda_item_create(session=session, kind=AgendaItem.Kind.REPORT, title="Punto tardío.")
    text = public_text(client, session)
    assert "Informe anual." in text
    assert "Punto tardío." not in text
    assert all("Punto tardío." not in summary for _, summary in feed_entries(client, session))


def test_a_title_changed_after_sending_keeps_the_title_sent_on_the_public_page(
    client, session, django_capture_on_commit_callbacks
):
    convocatoria = send(session, django_capture_on_commit_callbacks)
    publication_create(commission=session.commission, target=convocatoria)
    item = session.agenda_items.get(title="Informe anual.")
    agenda_item_update(item=item, title="Informe anual corregido.")
    text = public_text(client, session)
    assert "Informe anual." in text
    assert "Informe anual corregido." not in text


def test_an_addendum_sends_what_changed_numbered_to_the_same_recipients_and_is_published(
    client, session, django_capture_on_commit_callbacks
):
    convocatoria = send(session, django_capture_on_commit_callbacks)
    publication_create(commission=session.commission, target=convocatoria)
    added = agenda_item_create(session=session, kind=AgendaItem.Kind.REPORT, title="Punto tardío.")
    item = session.agenda_items.get(title="Informe anual.")
    agenda_item_update(item=item, title="Informe anual corregido.")
    assert [entry.state for entry in agenda_pending(session)] == ["modificado", "nuevo"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        addendum = convocatoria_addendum_send(session=session)
    assert addendum.number == 1 and addendum.sent_at is not None
    assert sorted(message.to[0] for message in mail.outbox) == [
        "integrante@iecm.mx",
        "presidenta@iecm.mx",
    ]
    message = mail.outbox[0]
    assert message.subject.startswith(f"Adenda 1 a la convocatoria {convocatoria.code}")
    assert "se modifica el punto 2: Informe anual corregido." in message.body
    assert f"se agrega el punto {added.order}: Punto tardío." in message.body
    assert agenda_pending(session) == []
    text = public_text(client, session)
    assert f"Adenda 1 a la convocatoria {convocatoria.code}" in text
    assert "Enviada el domingo 6 de diciembre de 2026" in text
    assert "Punto 3: Punto tardío." in text and "Punto 2: Informe anual corregido." in text
    titles = [title for title, _ in feed_entries(client, session)]
    assert (
        f"Adenda a la convocatoria: Adenda 1 a la convocatoria {convocatoria.code}: "
        in (
            titles[0][
                : len(f"Adenda a la convocatoria: Adenda 1 a la convocatoria {convocatoria.code}: ")
            ]
        )
    )
    # The convocatoria still says what it said: its orden del día as sent.
    (summary,) = [s for t, s in feed_entries(client, session) if t.startswith("Convocatoria")]
    assert "Informe anual." in summary and "Punto tardío." not in summary
    # A second change is a second adenda.
    agenda_item_create(session=session, kind=AgendaItem.Kind.OTHER, title="Otro punto.")
    with django_capture_on_commit_callbacks(execute=True):
        assert convocatoria_addendum_send(session=session).number == 2


def test_an_addendum_needs_a_sent_convocatoria_and_a_change_to_send(
    session, django_capture_on_commit_callbacks
):
    with pytest.raises(StateConflict, match="no se ha enviado"):
        convocatoria_addendum_send(session=session)
    convocatoria = send(session, django_capture_on_commit_callbacks)
    with pytest.raises(StateConflict, match="no hay adenda que enviar"):
        convocatoria_addendum_send(session=session)
    with pytest.raises(StateConflict, match="se envían como adenda"):
        send(session, django_capture_on_commit_callbacks)
    item = session.agenda_items.get(title="Informe anual.")
    agenda_item_move(item=item, offset=-1)  # only the order moved: nothing to announce
    assert agenda_pending(session) == []
    assert not convocatoria.addenda.exists()


def test_the_convocatoria_goes_from_draft_to_sent_to_published(
    session, django_capture_on_commit_callbacks
):
    with pytest.raises(StateConflict, match="de «Borrador» a «Publicada»"):
        CONVOCATORIA_LIFECYCLE.check(Convocatoria.State.DRAFT, Convocatoria.State.PUBLISHED)
    convocatoria = send(session, django_capture_on_commit_callbacks)
    assert convocatoria.state == Convocatoria.State.SENT
    publication = publication_create(commission=session.commission, target=convocatoria)
    convocatoria.refresh_from_db()
    assert convocatoria.state == Convocatoria.State.PUBLISHED
    publication_withdraw(publication=publication)
    convocatoria = Convocatoria.objects.get(pk=convocatoria.pk)
    assert convocatoria.state == Convocatoria.State.SENT


def test_the_staff_page_says_what_was_sent_and_sends_the_pending_addendum(
    client, session, django_capture_on_commit_callbacks
):
    send(session, django_capture_on_commit_callbacks)
    agenda_item_create(session=session, kind=AgendaItem.Kind.REPORT, title="Punto tardío.")
    client.force_login(make_user("st", SECRETARIAT, [session.commission]))
    url = reverse("session_agenda", args=[session.commission.acronym, session.pk])
    page = client.get(url).content.decode()
    assert page.count("Enviado con la convocatoria") == 2
    assert "Agregado después del envío: pendiente de adenda" in page
    assert "Enviar la adenda por correo" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"accion": "adenda"}, follow=True)
    page = response.content.decode()
    assert "Se envió la adenda 1 a la convocatoria" in page
    assert "Enviado en la adenda 1 (6 de diciembre de 2026)" in page
    assert "Enviar la adenda por correo" not in page
    client.force_login(make_user("consejera", COUNCIL, [session.commission]))
    agenda_item_create(session=session, kind=AgendaItem.Kind.OTHER, title="Otro punto.")
    page = client.get(url).content.decode()
    assert "pendiente de adenda" in page and "Enviar la adenda por correo" not in page
    assert client.post(url, {"accion": "adenda"}).status_code == 403


def test_convocatorias_sent_before_the_snapshot_get_the_agenda_as_it_was_when_sent(
    session, time_machine
):
    sent_at = timezone.now()
    convocatoria = Convocatoria.objects.create(
        session=session, year=2030, number=1, code="X/CONV/001/30", sent_at=sent_at
    )
    time_machine.move_to(sent_at + datetime.timedelta(hours=1))
    item = session.agenda_items.get(title="Informe anual.")
    agenda_item_update(item=item, title="Informe anual corregido.")
    agenda_item_create(session=session, kind=AgendaItem.Kind.OTHER, title="Punto tardío.")
    migration = importlib.import_module("sessions.migrations.0013_convocatoria_adenda")
    migration.snapshot_sent_convocatorias(django_apps, None)
    assert list(convocatoria.sent_items.values_list("order", "title", "item")) == [
        (1, "Lista de asistencia.", session.agenda_items.get(order=1).pk),
        (2, "Informe anual.", item.pk),
    ]


def test_the_convocatoria_file_says_the_agenda_as_sent_and_its_addenda(
    session, django_capture_on_commit_callbacks
):
    send(session, django_capture_on_commit_callbacks)
    agenda_item_create(session=session, kind=AgendaItem.Kind.REPORT, title="Punto tardío.")

    def text() -> str:
        body = convocatoria_docx(convocatoria_content(session))
        return "\n".join(p.text for p in Document(io.BytesIO(body)).paragraphs)

    assert "2. Informe anual." in text() and "Punto tardío." not in text()
    with django_capture_on_commit_callbacks(execute=True):
        convocatoria_addendum_send(session=session)
    assert "Adenda 1, enviada el domingo 6 de diciembre de 2026" in text()
    assert "Punto 3: Punto tardío." in text()
    # The orden del día alone (the packet's) is today's.
    assert [item.title for item in convocatoria_content(session).items][-1] == "Punto tardío."


def test_no_adenda_is_sent_after_the_session(session, django_capture_on_commit_callbacks):
    send(session, django_capture_on_commit_callbacks)
    agenda_item_create(
        session=session, kind=AgendaItem.Kind.GENERAL_MATTERS, title="Asuntos generales."
    )
    mail.outbox.clear()
    with (
        time_machine.travel(
            datetime.datetime(2030, 3, 16, 10, tzinfo=timezone.get_current_timezone())
        ),
        pytest.raises(ValidationError, match="no puede tener fecha posterior a la sesión"),
    ):
        convocatoria_addendum_send(session=session)
    assert not session.convocatoria.addenda.exists()
    assert not mail.outbox
