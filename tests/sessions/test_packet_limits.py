"""A PDF whose pages inflate beyond the limit cannot break the session's packet: it is
refused when it is attached, and one stored before the limit existed gives a Spanish
answer naming it (409), never a 500, on the page and on the API."""

import datetime
import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import NameObject, StreamObject

from sessions.models import AgendaDocument, AgendaItem, Session
from sessions.services.agenda import agenda_document_create, agenda_item_create
from tests.factories import SessionFactory
from tests.sessions.test_agenda_services import private_folders  # noqa: F401
from tests.staff import COUNCIL, make_user

pytestmark = pytest.mark.django_db

LIMIT = 1024 * 1024


def inflating_pdf(inflated_bytes: int) -> bytes:
    """One page whose content stream is ``inflated_bytes`` of spaces once inflated (a few
    kilobytes on disk): the shape of a decompression bomb."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=612, height=792)
    stream = StreamObject()
    stream._data = zlib.compress(b" " * inflated_bytes, 9)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def small_limit(settings):
    settings.DOCUMENT_MAX_INFLATED_BYTES = LIMIT


@pytest.fixture
def session():
    return SessionFactory(
        date=datetime.date(2030, 3, 15), time=datetime.time(11, 0), status=Session.Status.SCHEDULED
    )


def test_the_bomb_is_small_on_disk():
    assert len(inflating_pdf(20 * LIMIT)) < 64 * 1024


def test_a_pdf_that_inflates_beyond_the_limit_is_refused_when_attached(small_limit, session):
    item = agenda_item_create(session=session, kind=AgendaItem.Kind.REPORT, title="Informe.")
    upload = SimpleUploadedFile("bomba.pdf", inflating_pdf(20 * LIMIT), "application/pdf")
    with pytest.raises(ValidationError) as refused:
        agenda_document_create(item=item, title="Anexo", document=upload)
    (message,) = refused.value.messages
    assert message.startswith("Las páginas del PDF ocupan más de ")
    assert message.endswith(": adjunte una versión optimizada o dividida del documento.")
    assert not AgendaDocument.objects.exists()


def test_a_pdf_under_the_limit_is_attached(small_limit, session):
    item = agenda_item_create(session=session, kind=AgendaItem.Kind.REPORT, title="Informe.")
    upload = SimpleUploadedFile("normal.pdf", inflating_pdf(LIMIT // 2), "application/pdf")
    document = agenda_document_create(item=item, title="Anexo", document=upload)
    assert document.pk


def _stored_before_the_limit(session) -> AgendaDocument:
    """A bomb saved without the check, as a file stored before the limit existed."""
    item = agenda_item_create(session=session, kind=AgendaItem.Kind.REPORT, title="Informe.")
    document = AgendaDocument(item=item, title="Anexo pesado", order=1)
    document.document.save("anexo.pdf", ContentFile(inflating_pdf(20 * LIMIT)), save=False)
    document.save()
    return document


def test_the_packet_page_names_the_document_it_cannot_read(client, small_limit, session):
    _stored_before_the_limit(session)
    client.force_login(make_user("consejera", COUNCIL, [session.commission]))
    url = reverse("session_packet", args=[session.commission.acronym, session.pk])
    response = client.get(url, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "No se pudo armar la carpeta de la sesión" in page
    assert "«Anexo pesado» (punto 1)" in page


def test_the_packet_api_answers_409_naming_the_document(client, small_limit, session):
    _stored_before_the_limit(session)
    client.force_login(make_user("consejera", COUNCIL, [session.commission]))
    response = client.get(f"/api/v1/sessions/{session.pk}/packet/")
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/json")
    assert "«Anexo pesado» (punto 1)" in response.json()["detail"]
