"""The orden del día through /api/v1/: items, documents, the convocatoria and the packet."""

import datetime
import io

import pytest
from pypdf import PdfReader

from sessions.models import AgendaItem, Session
from sessions.services.agenda import agenda_document_create, agenda_item_create
from tests.factories import SessionFactory
from tests.sessions.test_agenda_services import pdf_of, private_folders  # noqa: F401
from tests.staff import COUNCIL, SECRETARIAT, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return SessionFactory(
        date=datetime.date(2030, 3, 15), time=datetime.time(11, 0), status=Session.Status.SCHEDULED
    )


def test_the_secretariat_adds_an_item_at_the_end_through_the_api(client, session):
    agenda_item_create(session=session, kind="asistencia", title="Lista de asistencia.")
    client.force_login(make_user("st", SECRETARIAT, [session.commission]))
    response = client.post(
        "/api/v1/agenda-items/",
        {"session": session.pk, "kind": "informe", "title": "Informe trimestral."},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["order"] == 2
    listed = client.get(f"/api/v1/agenda-items/?session={session.pk}").json()
    assert [row["title"] for row in listed["results"]] == [
        "Lista de asistencia.",
        "Informe trimestral.",
    ]


def test_convocatoria_and_packet_files_through_the_api(client, session):
    item = agenda_item_create(session=session, kind=AgendaItem.Kind.REPORT, title="Informe.")
    document = agenda_document_create(item=item, title="Informe", document=pdf_of(2))
    client.force_login(make_user("consejera", COUNCIL, [session.commission]))
    pdf = client.get(f"/api/v1/sessions/{session.pk}/convocatoria/?format=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    docx = client.get(f"/api/v1/sessions/{session.pk}/convocatoria/?format=docx")
    assert docx.status_code == 200 and "wordprocessingml" in docx["Content-Type"]
    packet = client.get(f"/api/v1/sessions/{session.pk}/packet/")
    assert packet.status_code == 200
    assert len(PdfReader(io.BytesIO(packet.content)).pages) >= 3
    assert client.get(f"/api/v1/documents/{document.pk}/file/").status_code == 200
    client.force_login(make_user("otra", COUNCIL, []))
    assert client.get(f"/api/v1/sessions/{session.pk}/packet/").status_code == 404


def test_the_documents_list_describes_each_pdf_and_links_its_file(client, session):
    """As seen: GET /api/v1/documents/ answered 500 («Los documentos no tienen URL
    pública») once a document existed."""
    item = agenda_item_create(session=session, kind=AgendaItem.Kind.REPORT, title="Informe.")
    document = agenda_document_create(item=item, title="Informe", document=pdf_of(2))
    client.force_login(make_user("consejera", COUNCIL, [session.commission]))
    response = client.get("/api/v1/documents/")
    assert response.status_code == 200, response.content
    (row,) = [row for row in response.json()["results"] if row["id"] == document.pk]
    assert row["document"]["url"].endswith(f"/api/v1/documents/{document.pk}/file/")
    assert row["document"]["size"] > 0
    assert client.get(row["document"]["url"]).status_code == 200
