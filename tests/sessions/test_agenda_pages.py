"""The orden del día page, the convocatoria's files, the packet and the acuse, as each role
meets them."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
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


def test_an_item_is_edited_in_place_and_a_stale_edit_is_refused_with_the_input_kept(
    client, session
):
    client.force_login(make_user("st", SECRETARIAT, [session.commission]))
    item = agenda_item_create(session=session, kind="informe", title="Informe del trimestre.")
    agenda_item_create(session=session, kind="otro", title="Asuntos generales.")
    page = client.get(agenda_url(session)).content.decode()
    assert "Editar el punto 1" in page
    version = re.search(rf'name="punto-{item.pk}-version" value="(\d+)"', page).group(1)
    prefix = f"punto-{item.pk}-"
    edit = {
        "accion": "editar",
        "punto": item.pk,
        prefix + "kind": "informe",
        prefix + "title": "Informe del tercer trimestre.",
        prefix + "presenter": "Secretaría técnica",
        prefix + "version": version,
    }
    response = client.post(agenda_url(session), edit, follow=True)
    assert "Se guardó el punto 1 «Informe del tercer trimestre.»" in response.content.decode()
    item.refresh_from_db()
    assert (item.title, item.presenter, item.order) == (
        "Informe del tercer trimestre.",
        "Secretaría técnica",
        1,
    )
    # The same version again: somebody saved since, so it is refused and the typing kept.
    stale = {**edit, prefix + "title": "Otro título."}
    response = client.post(agenda_url(session), stale)
    page = response.content.decode()
    assert response.status_code == 200
    assert "No se guardó el punto 1" in page
    assert "Otro título." in page and f'id="editar-{item.pk}" open' in page
    item.refresh_from_db()
    assert item.title == "Informe del tercer trimestre."


def test_a_refused_edit_shows_its_error_at_the_field(client, session):
    client.force_login(make_user("st", SECRETARIAT, [session.commission]))
    item = agenda_item_create(session=session, kind="informe", title="Informe.")
    prefix = f"punto-{item.pk}-"
    response = client.post(
        agenda_url(session),
        {"accion": "editar", "punto": item.pk, prefix + "kind": "informe", prefix + "title": ""},
    )
    page = response.content.decode()
    edit = page[page.index(f'id="editar-{item.pk}" open') :]
    field = edit[edit.index(f'id="id_punto-{item.pk}-title"') :]
    assert 'aria-invalid="true"' in edit[: edit.index(f'id="id_punto-{item.pk}-title"') + 200]
    assert field.index("Este campo es obligatorio") < field.index("</details>")


def test_a_second_roll_call_is_accepted_with_a_warning(client, session):
    client.force_login(make_user("st", SECRETARIAT, [session.commission]))
    agenda_item_create(session=session, kind="asistencia", title="Lista de asistencia.")
    response = client.post(
        agenda_url(session),
        {"accion": "agregar", "kind": "asistencia", "title": "Lista de asistencia (reanudación)."},
        follow=True,
    )
    page = response.content.decode()
    assert session.agenda_items.filter(kind="asistencia").count() == 2
    assert (
        "El orden del día tiene 2 puntos «Lista de asistencia y declaración de quórum» "
        "(puntos 1 y 2)" in page
    )
    assert 'data-flag="punto_repetido"' in page  # and it stays on the page until fixed


def test_a_document_over_the_limit_keeps_the_title_and_names_the_item(client, session):
    """The audit's other refusal: a 30 MB PDF (the limit is 20 MB), through the whole
    request, not only the form."""
    client.force_login(make_user("st", SECRETARIAT, [session.commission]))
    agenda_item_create(session=session, kind="asistencia", title="Lista de asistencia.")
    item = agenda_item_create(session=session, kind="informe", title="Informe trimestral.")
    big = SimpleUploadedFile(
        "informe.pdf", b"%PDF-1.7\n" + b"0" * (30 * 1024 * 1024), "application/pdf"
    )
    response = client.post(
        agenda_url(session),
        {"accion": "documento", "punto": item.pk, "title": "Anexo estadístico", "document": big},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "No se adjuntó el documento al punto 2 «Informe trimestral.»" in page
    assert "El archivo pesa 30\xa0MB; el máximo permitido es 20\xa0MB." in page
    assert f'id="documento-{item.pk}" open' in page
    assert 'value="Anexo estadístico"' in page
    assert not item.documents.exists()


def test_a_refused_document_keeps_the_title_and_names_the_item(client, session):
    client.force_login(make_user("st", SECRETARIAT, [session.commission]))
    agenda_item_create(session=session, kind="asistencia", title="Lista de asistencia.")
    item = agenda_item_create(session=session, kind="informe", title="Informe trimestral.")
    fake = SimpleUploadedFile("informe.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client.post(
        agenda_url(session),
        {"accion": "documento", "punto": item.pk, "title": "Anexo estadístico", "document": fake},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "No se adjuntó el documento a el punto 2 «Informe trimestral.»" not in page
    assert "No se adjuntó el documento al punto 2 «Informe trimestral.»" in page
    assert f'id="documento-{item.pk}" open' in page
    assert 'value="Anexo estadístico"' in page
    assert not item.documents.exists()
