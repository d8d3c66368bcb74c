"""Every document of the session cycle says what it is, in Spanish, to a reader and to a
program: the PDF's title, author and language, the Word file's author, proofing language and
page numbers; an unsent convocatoria says it is a draft; the packet bookmarks every item."""

import datetime
import io
import re

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader
from weasyprint import HTML

from cori.identity import report_identity
from cori.printing import PDF_READING, write_tagged_pdf
from reports.renderers import render_docx
from reports.selectors import report_content
from sessions.convocatoria import convocatoria_content, convocatoria_docx, convocatoria_pdf
from sessions.minutes_render import minutes_document, render_minutes_docx, render_minutes_pdf
from sessions.models import AgendaItem, Minutes, Session
from sessions.packet import packet_for
from sessions.services.agenda import agenda_document_create, agenda_item_create, convocatoria_send
from tests.factories import MembershipFactory, PersonFactory, SessionFactory
from tests.pdf_structure import (
    PAGINATION_ARTIFACT,
    marked_content,
    page_content,
    structure_elements,
)
from tests.sessions.test_agenda_services import pdf_of, private_folders  # noqa: F401

pytestmark = pytest.mark.django_db


def _info(body: bytes) -> dict:
    with pikepdf.open(io.BytesIO(body)) as pdf:
        info = {key: str(value) for key, value in pdf.docinfo.items()}
        info["lang"] = str(pdf.Root.get("/Lang", ""))
        with pdf.open_metadata() as xmp:
            info["xmp_title"] = xmp.get("dc:title", "")
            info["xmp_language"] = str(xmp.get("dc:language", ""))
    return info


def _proofing_language(body: bytes) -> str:
    styles = Document(io.BytesIO(body)).styles.element
    lang = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    return lang.find(qn("w:lang")).get(qn("w:val"))


def _footer_fields(body: bytes) -> str:
    footer = Document(io.BytesIO(body)).sections[0].footer._element.xml
    return " ".join(re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", footer))


@pytest.fixture
def session():
    session = SessionFactory(
        date=datetime.date(2030, 3, 15), time=datetime.time(11, 0), status=Session.Status.SCHEDULED
    )
    MembershipFactory(
        commission=session.commission,
        person=PersonFactory(email="presidencia@example.org"),
        start_date=datetime.date(2029, 1, 1),
    )
    return session


def test_an_unsent_convocatoria_is_marked_as_a_draft_and_titled_without_a_gap(session):
    content = convocatoria_content(session)
    body = convocatoria_pdf(content)
    info = _info(body)
    title = f"Borrador de convocatoria · {session.title} de 2030 de la {session.commission.name}"
    assert info["/Title"] == title
    assert "  " not in info["/Title"]
    assert info["/Author"] == report_identity().name
    assert info["lang"] == "es-MX"
    text = " ".join(PdfReader(io.BytesIO(body)).pages[0].extract_text().split())
    assert "Borrador: convocatoria no enviada" in text


def test_a_sent_convocatoria_is_titled_with_its_number(session):
    agenda_item_create(session=session, kind=AgendaItem.Kind.REPORT, title="Informe.")
    convocatoria_send(session=session, link=lambda token: f"https://cori.example/acuse/{token}/")
    content = convocatoria_content(Session.objects.get(pk=session.pk))
    assert content.code
    info = _info(convocatoria_pdf(content))
    assert info["/Title"] == f"Convocatoria {content.code} · {content.heading}"
    text = PdfReader(io.BytesIO(convocatoria_pdf(content))).pages[0].extract_text()
    assert "Borrador" not in text
    word = convocatoria_docx(content)
    assert _proofing_language(word) == "es-MX"
    assert Document(io.BytesIO(word)).core_properties.author == report_identity().name


def test_the_minuta_has_an_author_and_a_title_in_sentence_case(seed_commission):
    minutes = Minutes.objects.filter(session__commission=seed_commission).first()
    document = minutes_document(minutes)
    info = _info(render_minutes_pdf(document))
    assert info["/Author"] == report_identity().name
    assert info["/Title"] == (
        f"Minuta de la {minutes.session.title.lower()} de {minutes.session.year} · "
        f"{seed_commission.acronym}"
    )
    assert info["lang"] == "es-MX"
    word = render_minutes_docx(document)
    properties = Document(io.BytesIO(word)).core_properties
    assert properties.author == report_identity().name
    assert properties.title == info["/Title"]
    assert _proofing_language(word) == "es-MX"
    assert _footer_fields(word).split() == ["PAGE", "NUMPAGES"]


def test_the_informes_word_file_is_proofed_in_spanish(seed_commission):
    report = report_content(
        commission=seed_commission,
        start=datetime.date(2022, 9, 1),
        end=datetime.date(2022, 11, 30),
    )
    word = render_docx(report)
    assert _proofing_language(word) == "es-MX"
    assert Document(io.BytesIO(word)).core_properties.author == report_identity().name


def test_the_packet_says_what_it_is_and_bookmarks_every_item(session):
    agenda_item_create(session=session, kind=AgendaItem.Kind.REPORT, title="Informe sin anexos.")
    with_document = agenda_item_create(
        session=session, kind=AgendaItem.Kind.REPORT, title="Informe con anexo."
    )
    agenda_document_create(item=with_document, title="Anexo", document=pdf_of(2))
    _plan, body = packet_for(session)
    info = _info(body)
    assert info["/Title"] == (
        f"Carpeta de la {session.title.lower()} de 2030 · {session.commission.acronym}"
    )
    assert info["/Author"] == report_identity().name
    assert info["lang"] == "es-MX"
    assert info["xmp_language"] and "es-MX" in info["xmp_language"]
    outline = [
        entry.title for entry in PdfReader(io.BytesIO(body)).outline if not isinstance(entry, list)
    ]
    items = [f"{item.order}. {item.title}" for item in session.agenda_items.order_by("order")]
    assert outline[:2] == [outline[0], "Orden del día"]
    assert outline[2:] == items


def _tagged_annex() -> SimpleUploadedFile:
    """Another body's tagged PDF, with a heading a screen reader finds."""
    html = (
        '<html lang="es-MX"><head><title>Anexo técnico</title></head>'
        "<body><h1>Anexo técnico con estructura</h1><p>Texto del anexo.</p></body></html>"
    )
    body = write_tagged_pdf(HTML(string=html), **PDF_READING)
    return SimpleUploadedFile("anexo.pdf", body, content_type="application/pdf")


def test_the_packet_keeps_the_structure_of_its_tagged_parts(session):
    item = agenda_item_create(session=session, kind=AgendaItem.Kind.REPORT, title="Informe.")
    agenda_document_create(item=item, title="Anexo técnico", document=_tagged_annex())
    agenda_document_create(item=item, title="Escaneo", document=pdf_of(1))
    _plan, body = packet_for(session)
    with pikepdf.open(io.BytesIO(body)) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked)
        reached = structure_elements(pdf)
        headings = [
            pdf.get_object(objgen)
            for objgen in reached
            if pdf.get_object(objgen).get("/S") == "/H1"
        ]
        texts = set()
        for number, _tag, element in marked_content(pdf):
            assert isinstance(element, pikepdf.Dictionary), number
            assert element.objgen in reached, number  # no content without a place
            texts.add(number)
        # The convocatoria's, the orden del día's and the annex's headings, in that order.
        assert len(headings) >= 3
        assert any(page > 2 for page in texts)  # the annex's tagged text is mapped too
        for page in pdf.pages:  # «Carpeta, página N de M» is a pagination artifact
            assert PAGINATION_ARTIFACT.search(page_content(page))
        with pdf.open_metadata() as xmp:
            # It binds documents as they came: it does not claim PDF/UA.
            assert xmp.get("{http://www.aiim.org/pdfua/ns/id/}part") is None
