"""The orden del día page, the convocatoria's files, the packet and the acuse, as each role
meets them."""

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from reports.dashboards import commission_alerts
from sessions.models import AgendaItem, Convocatoria, Session
from sessions.services.agenda import agenda_document_create, agenda_item_create
from tests.factories import MembershipFactory, PersonFactory, SessionFactory
from tests.sessions.test_agenda_services import pdf_of, private_folders  # noqa: F401
from tests.staff import COUNCIL, SECRETARIAT, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    session = SessionFactory(
        date=datetime.date(2030, 3, 15),
        time=datetime.time(11, 0),
        status=Session.Status.SCHEDULED,
    )
    MembershipFactory(
        commission=session.commission,
        role="presidencia",
        person=PersonFactory(full_name="Presidenta de Prueba", email="erika@iecm.mx"),
    )
    return session


def agenda_url(session):
    return reverse("session_agenda", args=[session.commission.acronym, session.pk])


def test_the_secretariat_builds_the_agenda_and_moves_an_item_without_javascript(client, session):
    client.force_login(make_user("st", SECRETARIAT, [session.commission]))
    url = agenda_url(session)
    response = client.post(url, {"accion": "apertura"}, follow=True)
    assert "Se agregaron 2 puntos de apertura." in response.content.decode()
    client.post(url, {"accion": "agregar", "kind": "informe", "title": "Informe trimestral."})
    last = session.agenda_items.get(title="Informe trimestral.")
    client.post(url, {"accion": "subir", "punto": last.pk})
    titles = list(session.agenda_items.order_by("order").values_list("title", flat=True))
    assert titles[1] == "Informe trimestral."
    page = client.get(url).content.decode()
    assert "↑ Subir" in page and "agenda-drag.js" in page


@pytest.mark.database
def test_drag_order_is_saved_and_a_stale_order_refused(client, session):
    client.force_login(make_user("st", SECRETARIAT, [session.commission]))
    first = agenda_item_create(session=session, kind="informe", title="Uno.")
    second = agenda_item_create(session=session, kind="informe", title="Dos.")
    url = agenda_url(session)
    client.post(url, {"accion": "ordenar", "orden": [second.pk, first.pk]})
    assert list(session.agenda_items.order_by("order")) == [second, first]
    response = client.post(url, {"accion": "ordenar", "orden": [second.pk]}, follow=True)
    assert "no corresponde a los puntos de la sesión" in response.content.decode()


def test_a_councillor_reads_but_does_not_edit(client, session):
    client.force_login(make_user("consejera", COUNCIL, [session.commission]))
    assert client.get(agenda_url(session)).status_code == 200
    assert client.post(agenda_url(session), {"accion": "apertura"}).status_code == 403


def test_sending_mails_the_convocatoria_and_confirming_on_the_acuse_link_records_its_time(
    client, session, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://cori.iecm.mx"  # the link names the site, not the request's Host
    agenda_item_create(session=session, kind="asistencia", title="Lista de asistencia.")
    client.force_login(make_user("st", SECRETARIAT, [session.commission]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(agenda_url(session), {"accion": "enviar"}, follow=True)
    assert "Se envió la convocatoria" in response.content.decode()
    assert [message.to for message in mail.outbox] == [["erika@iecm.mx"]]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"
    link = next(
        line for line in mail.outbox[0].body.splitlines() if "/convocatorias/acuse/" in line
    )
    assert "https://cori.iecm.mx/convocatorias/acuse/" in link
    client.logout()
    path = link[link.index("/convocatorias/") :]
    convocatoria = Convocatoria.objects.get(session=session)
    assert "Confirmar recepción" in client.get(path).content.decode()
    assert convocatoria.recipients.get().acknowledged_at is None  # opening is not an acuse
    page = client.post(path).content.decode()
    assert "Acuse de recibo registrado" in page
    assert convocatoria.recipients.get().acknowledged_at is not None


def test_a_late_convocatoria_is_flagged_on_the_session_page_and_in_the_alerts(
    client, seed_commission
):
    session = SessionFactory(
        commission=seed_commission,
        date=datetime.date(2022, 12, 14),
        time=datetime.time(11, 0),
        number=9,
    )
    agenda_item_create(session=session, kind="asistencia", title="Lista de asistencia.")
    Convocatoria.objects.create(
        session=session,
        year=2022,
        number=90,
        code="CORI/CONV/090/22",
        sent_at=datetime.datetime(2022, 12, 13, 9, 0, tzinfo=datetime.UTC),
    )
    client.force_login(make_user("consejera", COUNCIL, [seed_commission]))
    page = client.get(
        reverse("record_detail", args=["CORI", "sesiones", session.pk])
    ).content.decode()
    assert "se envió el martes 13 de diciembre de 2022" in page and "después del plazo" in page
    alerts = commission_alerts(commission=seed_commission, today=datetime.date(2022, 12, 20))
    assert any(
        alert.kind == "convocatoria" and "CORI/CONV/090/22" in alert.message for alert in alerts
    )


def test_everyone_convened_downloads_the_convocatoria_and_the_packet(client, session):
    item = agenda_item_create(session=session, kind=AgendaItem.Kind.REPORT, title="Informe.")
    document = agenda_document_create(item=item, title="Informe", document=pdf_of(2))
    client.force_login(make_user("consejera", COUNCIL, [session.commission]))
    base = [session.commission.acronym, session.pk]
    pdf = client.get(reverse("session_convocatoria", args=[*base, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "Convocatoria" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    docx = client.get(reverse("session_convocatoria", args=[*base, "docx"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "1. Informe." in text
    packet = client.get(reverse("session_packet", args=base))
    assert packet["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(packet.content)).pages) >= 3
    doc = client.get(reverse("agenda_document", args=[*base, document.pk]))
    assert doc.status_code == 200
    client.force_login(make_user("otra", COUNCIL, []))
    assert client.get(reverse("session_packet", args=base)).status_code == 403
    assert client.get(reverse("agenda_document", args=[*base, document.pk])).status_code == 403
