"""Orden del día, convocatoria and packet: the rules of the Reglamento's notice and the
packet's pages, as a user meets them."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from sessions.models import AgendaItem, Session
from sessions.packet import packet_for
from sessions.selectors.agenda import agenda_flags, agenda_opening
from sessions.services.agenda import (
    agenda_document_create,
    agenda_item_create,
    agenda_item_move,
    agenda_opening_add,
    convocatoria_acknowledge,
    convocatoria_send,
)
from tests.factories import MembershipFactory, PersonFactory, SessionFactory

# The agenda's order under row locks: the PostgreSQL pass runs these too (database)
pytestmark = [pytest.mark.django_db, pytest.mark.database]


def pdf_of(pages: int, name: str = "documento.pdf") -> SimpleUploadedFile:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


@pytest.fixture(autouse=True)
def private_folders(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "cori.documents.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "documents"},
        },
        "render_cache": {
            "BACKEND": "cori.printing.RenderCacheStorage",
            "OPTIONS": {"location": tmp_path / "cache"},
        },
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def convened_session(*, date: datetime.date, kind=Session.Kind.ORDINARY) -> Session:
    session = SessionFactory(
        date=date,
        time=datetime.time(11, 0),
        kind=kind,
        status=Session.Status.SCHEDULED,
    )
    for email in ("presidenta@iecm.mx", "integrante@iecm.mx"):
        MembershipFactory(commission=session.commission, person=PersonFactory(email=email))
    MembershipFactory(commission=session.commission, person=PersonFactory(email=""))
    agenda_item_create(
        session=session, kind=AgendaItem.Kind.ROLL_CALL, title="Lista de asistencia."
    )
    return session


def send(session: Session):
    return convocatoria_send(
        session=session, link=lambda token: f"https://cori.test/acuse/{token}/"
    )


def at(session: Session, hours_before: int) -> datetime.datetime:
    start = timezone.make_aware(datetime.datetime.combine(session.date, session.time))
    return start - datetime.timedelta(hours=hours_before)


def test_a_convocatoria_sent_late_is_flagged(django_capture_on_commit_callbacks):
    session = convened_session(date=datetime.date(2030, 3, 15))
    with django_capture_on_commit_callbacks(execute=True):
        convocatoria = send(session)
    # Sent 48 hours before an ordinary session: the commission asks for 72.
    convocatoria.sent_at = at(session, 48)
    convocatoria.save()
    session.refresh_from_db()
    flags = agenda_flags(session)
    assert [flag.kind for flag in flags] == ["convocatoria_tardia"]
    assert "después del plazo" in flags[0].message
    assert "al menos 72 horas" in flags[0].message


def test_a_convocatoria_sent_in_time_is_not_flagged_and_the_notice_is_a_setting(
    django_capture_on_commit_callbacks,
):
    session = convened_session(date=datetime.date(2030, 3, 15))
    with django_capture_on_commit_callbacks(execute=True):
        convocatoria = send(session)
    convocatoria.sent_at = at(session, 80)
    convocatoria.save()
    session.refresh_from_db()
    assert agenda_flags(session) == []
    session.commission.notice_hours_ordinary = 96
    session.commission.save()
    session.refresh_from_db()
    assert [flag.kind for flag in agenda_flags(session)] == ["convocatoria_tardia"]


def test_an_item_added_after_the_convocatoria_was_sent_is_flagged(
    django_capture_on_commit_callbacks,
):
    session = convened_session(date=datetime.date(2030, 3, 15))
    with django_capture_on_commit_callbacks(execute=True):
        send(session)  # years ahead of the session: in time
    agenda_item_create(session=session, kind=AgendaItem.Kind.REPORT, title="Informe tardío.")
    session.refresh_from_db()
    flags = agenda_flags(session)
    assert [flag.kind for flag in flags] == ["punto_posterior"]
    assert "«Informe tardío.»" in flags[0].message


def test_the_convocatoria_is_mailed_to_every_seat_with_an_email_and_acknowledged_once(
    django_capture_on_commit_callbacks,
):
    session = convened_session(date=datetime.date(2030, 3, 15))
    with django_capture_on_commit_callbacks(execute=True):
        convocatoria = send(session)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "integrante@iecm.mx",
        "presidenta@iecm.mx",
    ]
    assert convocatoria.code.endswith("/30") and "/CONV/" in convocatoria.code
    body = mail.outbox[0].body
    assert "1. Lista de asistencia." in body
    token = body.split("https://cori.test/acuse/")[1].split("/")[0]
    recipient = convocatoria_acknowledge(token=token)
    first = recipient.acknowledged_at
    assert first is not None
    assert convocatoria_acknowledge(token=token).acknowledged_at == first
    with pytest.raises(ValidationError, match="ya se envió"):
        send(session)
    with pytest.raises(ValidationError, match="no es válida"):
        convocatoria_acknowledge(token=token + "x")


def test_the_opening_offers_the_minutas_not_yet_approved(seed_commission):
    later = SessionFactory(
        commission=seed_commission, date=datetime.date(2022, 12, 14), number=9, status="programada"
    )
    titles = [proposed.title for proposed in agenda_opening(later)]
    assert titles[0] == "Lista de asistencia y declaración de quórum."
    assert titles[1].startswith("Aprobación del orden del día")
    # The third ordinary session's minuta is pending at the end of the quarter.
    assert any("tercera sesión ordinaria" in title for title in titles[2:])
    assert not any("primera sesión ordinaria" in title for title in titles[2:])
    agenda_opening_add(session=later)
    assert agenda_opening(later) == []


def test_items_move_up_and_down():
    session = convened_session(date=datetime.date(2030, 3, 15))
    second = agenda_item_create(session=session, kind=AgendaItem.Kind.REPORT, title="Informe.")
    agenda_item_move(item=second, offset=-1)
    assert [item.title for item in session.agenda_items.order_by("order")] == [
        "Informe.",
        "Lista de asistencia.",
    ]


def test_the_packet_has_the_pages_of_its_parts_plus_the_convocatorias_and_bookmarks():
    session = convened_session(date=datetime.date(2030, 3, 15))
    report = agenda_item_create(session=session, kind=AgendaItem.Kind.REPORT, title="Informe.")
    agenda_document_create(item=report, title="Informe trimestral", document=pdf_of(3))
    agenda_document_create(item=report, title="Anexo", document=pdf_of(2))
    accord = agenda_item_create(
        session=session, kind=AgendaItem.Kind.DRAFT_ACCORD, title="Proyecto de acuerdo."
    )
    agenda_document_create(item=accord, title="Proyecto", document=pdf_of(1))

    plan, body = packet_for(session)
    packet = PdfReader(io.BytesIO(body))
    from sessions.convocatoria import agenda_pdf, convocatoria_pdf

    own = len(PdfReader(io.BytesIO(convocatoria_pdf(plan.content))).pages) + len(
        PdfReader(io.BytesIO(agenda_pdf(plan.content))).pages
    )
    assert len(packet.pages) == 3 + 2 + 1 + own
    outline = [entry.title for entry in packet.outline if not isinstance(entry, list)]
    assert outline[1:] == [
        "Orden del día",
        "1. Lista de asistencia.",  # without documents: at the orden del día
        "2. Informe.",
        "3. Proyecto de acuerdo.",
    ]
    assert f"Carpeta, página 1 de {len(packet.pages)}" in packet.pages[0].extract_text()

    # A document replaced: a new packet with the new page count.
    document = report.documents.get(title="Anexo")
    from sessions.services.agenda import agenda_document_update

    agenda_document_update(agenda_document=document, document=pdf_of(5, "anexo2.pdf"))
    _, again = packet_for(session)
    assert len(PdfReader(io.BytesIO(again)).pages) == 3 + 5 + 1 + own


def test_a_large_packet_is_built_by_the_render_queue(settings, monkeypatch):
    settings.SESSION_PACKET_INLINE_MAX_PAGES = 2
    session = convened_session(date=datetime.date(2030, 3, 15))
    report = agenda_item_create(session=session, kind=AgendaItem.Kind.REPORT, title="Informe.")
    agenda_document_create(item=report, title="Informe", document=pdf_of(3))
    queued = []
    monkeypatch.setattr("sessions.packet.packet_build_run", lambda pk: queued.append(pk))
    _plan, body = packet_for(session)
    assert queued == [session.pk] and body is None
