"""Publication: what staff mark published appears on the anonymous page /publico/<ACRONYM>/
and its Atom feed; nothing unpublished, no draft, no personal data beyond names."""

import datetime

import pytest
import time_machine
from defusedxml import ElementTree as ET
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reports.models import IssuedReport
from sessions.models import Accord, AgendaItem, Convocatoria, Minutes, Publication
from sessions.services import accord_create
from sessions.services.agenda import convocatoria_send
from sessions.services.followup import publication_create
from tests.conftest import clock_moment
from tests.factories import CommissionFactory, MembershipFactory, PersonFactory, SessionFactory
from tests.staff import COUNCIL, SECRETARIAT, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.clock]  # reads "today": CI runs it on other days
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def commission():
    commission = CommissionFactory(acronym="CPUB", name="Comisión de Publicación de Prueba")
    session = SessionFactory(commission=commission, number=1, date=datetime.date(2022, 9, 26))
    published = accord_create(
        commission=commission, session=session, title="Se aprueba el orden del día."
    )
    accord_create(commission=commission, session=session, title="Acuerdo aún no publicado.")
    report = IssuedReport.objects.create(
        commission=commission,
        period_start=datetime.date(2022, 9, 1),
        period_end=datetime.date(2022, 11, 30),
        session=session,
        title="Informe trimestral septiembre-noviembre de 2022",
        content_json="{}",
        content_sha256="0" * 64,
        pdf=b"%PDF-1.7",
        pdf_sha256="0" * 64,
    )
    secretary = make_user("secretaria", SECRETARIAT, [commission])
    publication_create(commission=commission, target=published, user=secretary)
    publication_create(commission=commission, target=report, user=secretary)
    return commission


def test_an_anonymous_visitor_sees_only_what_was_published(client, commission):
    page = client.get(reverse("public_page", args=["CPUB"]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Comisión de Publicación de Prueba" in text
    assert "CPUB/001/22: Se aprueba el orden del día." in text
    assert "Informe trimestral septiembre-noviembre de 2022" in text
    assert "Acuerdo aún no publicado." not in text
    assert "secretaria" not in text  # who published is not personal data to show
    assert "Cerrar sesión" not in text


def test_a_withdrawn_accord_and_an_unsent_convocatoria_never_reach_the_public_page(
    client, commission
):
    accord = Accord.objects.get(code="CPUB/001/22")
    accord.status = Accord.Status.WITHDRAWN
    accord.save()
    session = SessionFactory(commission=commission, number=2, date=datetime.date(2022, 10, 31))
    AgendaItem.objects.create(session=session, order=1, title="Punto del borrador")
    draft = Convocatoria.objects.create(session=session, year=2022, number=1, code="CPUB/C/001/22")
    with pytest.raises(ValidationError) as error:
        publication_create(commission=commission, target=draft)
    assert "no se ha enviado es un borrador" in str(error.value)
    with pytest.raises(ValidationError):
        publication_create(commission=commission, target=accord)
    text = client.get(reverse("public_page", args=["CPUB"])).content.decode()
    assert "Se aprueba el orden del día." not in text
    assert "Punto del borrador" not in text
    assert "CPUB/C/001/22" not in text


def test_a_sent_convocatoria_is_published_with_its_orden_del_dia(
    client, commission, django_capture_on_commit_callbacks
):
    session = SessionFactory(
        commission=commission,
        number=2,
        date=datetime.date(2022, 10, 31),
        time=datetime.time(11, 0),
        status="programada",
    )
    MembershipFactory(commission=commission, person=PersonFactory(email="integrante@iecm.mx"))
    AgendaItem.objects.create(session=session, order=2, title="Aprobación del orden del día")
    AgendaItem.objects.create(session=session, order=1, title="Lista de asistencia")
    with (
        time_machine.travel(clock_moment(datetime.date(2022, 10, 24)), tick=True),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sent = convocatoria_send(session=session, link=lambda token: f"https://cori.test/{token}/")
    publication_create(commission=commission, target=sent)
    text = client.get(reverse("public_page", args=["CPUB"])).content.decode()
    assert "CPUB/CONV/001/22: Segunda sesión ordinaria de 2022" in text
    assert "lunes 31 de octubre de 2022, a las 11:00 horas" in text
    assert text.index("Lista de asistencia") < text.index("Aprobación del orden del día")


def test_the_atom_feed_lists_the_published_records(client, commission):
    response = client.get(reverse("public_feed", args=["CPUB"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert sorted(titles) == [
        "Acuerdo: CPUB/001/22: Se aprueba el orden del día.",
        "Informe: Informe trimestral septiembre-noviembre de 2022",
    ]
    assert "Acuerdo aún no publicado." not in response.content.decode()


def test_staff_publish_and_withdraw_the_councillors_only_read(client, commission):
    pending = Accord.objects.get(code="CPUB/002/22")
    client.force_login(make_user("consejera", COUNCIL, [commission]))
    page = client.get(reverse("publication_manage", args=["CPUB"]))
    assert page.status_code == 200
    assert "Publicar</button>" not in page.content.decode()
    refused = client.post(
        reverse("publication_manage", args=["CPUB"]),
        {"accion": "publicar", "tipo": "acuerdo", "id": pending.pk},
    )
    assert refused.status_code == 403

    client.force_login(make_user("secretaria-2", SECRETARIAT, [commission]))
    client.post(
        reverse("publication_manage", args=["CPUB"]),
        {"accion": "publicar", "tipo": "acuerdo", "id": pending.pk},
    )
    assert (
        "Acuerdo aún no publicado."
        in client.get(reverse("public_page", args=["CPUB"])).content.decode()
    )
    publication = Publication.objects.get(accord=pending)
    client.post(
        reverse("publication_manage", args=["CPUB"]),
        {"accion": "retirar", "publicacion": publication.pk},
    )
    client.logout()
    text = client.get(reverse("public_page", args=["CPUB"])).content.decode()
    assert "Acuerdo aún no publicado." not in text


def test_a_record_of_another_commission_is_not_published_here(client, commission):
    other = CommissionFactory(acronym="COTR")
    foreign = accord_create(
        commission=other, session=SessionFactory(commission=other), title="Ajeno."
    )
    client.force_login(make_user("secretaria-3", SECRETARIAT, [commission]))
    response = client.post(
        reverse("publication_manage", args=["CPUB"]),
        {"accion": "publicar", "tipo": "acuerdo", "id": foreign.pk},
    )
    assert response.status_code == 404
    assert not Publication.objects.filter(accord=foreign).exists()
    assert client.get(reverse("public_page", args=["NOEXISTE"])).status_code == 404


def test_only_an_approved_minuta_is_published(client, commission):
    first = commission.sessions.get()
    second = SessionFactory(commission=commission, number=2, date=datetime.date(2022, 10, 31))
    draft = Minutes.objects.create(session=second, body="Borrador de la segunda sesión.")
    with pytest.raises(ValidationError) as error:
        publication_create(commission=commission, target=draft)
    assert "no está aprobada es un borrador" in str(error.value)
    approved = Minutes.objects.create(
        session=first,
        body="En la Ciudad de México, se reunieron las personas integrantes.",
        status=Minutes.Status.APPROVED,
        approved_at=timezone.now(),
        approved_by_session=second,
        content_sha256="a" * 64,
    )
    publication_create(commission=commission, target=approved)
    text = client.get(reverse("public_page", args=["CPUB"])).content.decode()
    assert "Minuta de la primera sesión ordinaria de 2022" in text
    assert "aprobada en la segunda sesión ordinaria del lunes 31 de octubre de 2022" in text
    assert "se reunieron las personas integrantes" in text
    assert "Borrador de la segunda sesión." not in text


# --- a standard feed (issue 19, point 7) ---------------------------------------------------


def test_the_feed_is_standard_and_encloses_each_published_document(
    client, commission, settings, django_capture_on_commit_callbacks
):
    """feedparser reads it without complaint; ids come from SITE_URL whatever the Host;
    each published minuta, convocatoria and informe is an enclosure the page links too."""
    import feedparser

    settings.SITE_URL = "https://cori.iecm.mx"
    first = commission.sessions.get()
    second = SessionFactory(
        commission=commission, number=2, date=datetime.date(2022, 10, 31), status="programada"
    )
    AgendaItem.objects.create(session=second, order=1, title="Lista de asistencia")
    MembershipFactory(commission=commission, person=PersonFactory(email="integrante@iecm.mx"))
    with (
        time_machine.travel(clock_moment(datetime.date(2022, 10, 24)), tick=True),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sent = convocatoria_send(session=second, link=lambda token: f"https://cori.test/{token}/")
    publication_create(commission=commission, target=sent)
    approved = Minutes.objects.create(
        session=first,
        body="En la Ciudad de México, se reunieron las personas integrantes.",
        status=Minutes.Status.APPROVED,
        approved_at=timezone.now(),
        approved_by_session=second,
        content_sha256="a" * 64,
    )
    publication_create(commission=commission, target=approved)

    response = client.get(reverse("public_feed", args=["CPUB"]), HTTP_HOST="localhost")
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    page = "https://cori.iecm.mx/publico/CPUB/"
    assert parsed.feed.id == page
    assert parsed.feed.author == "Comisión de Publicación de Prueba"
    assert all(entry.id.startswith(f"{page}#") for entry in parsed.entries)
    assert all(entry.link.startswith(page) for entry in parsed.entries)

    enclosed = {}
    for entry in parsed.entries:
        for link in entry.links:
            if link.rel == "enclosure":
                enclosed[entry.title.split(":")[0]] = link
    assert set(enclosed) == {"Informe", "Convocatoria y orden del día", "Minuta aprobada"}
    public = client.get(reverse("public_page", args=["CPUB"])).content.decode()
    for link in enclosed.values():
        assert link.type == "application/pdf"
        assert link.href.startswith("https://cori.iecm.mx/publico/CPUB/")
        path = link.href.removeprefix("https://cori.iecm.mx")
        pdf = client.get(path)  # anonymous, as the page's reader
        assert pdf.status_code == 200
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
        assert int(link.length) == len(pdf.content)
        assert f'href="{path}"' in public
    report = IssuedReport.objects.get(commission=commission)
    assert client.get(enclosed["Informe"].href.removeprefix("https://cori.iecm.mx")).content == (
        bytes(report.pdf)
    )

    # Asked again unchanged: 304; the feed says when it last changed.
    again = client.get(
        reverse("public_feed", args=["CPUB"]),
        HTTP_IF_NONE_MATCH=response["ETag"],
    )
    assert (again.status_code, again.content) == (304, b"")
    assert response["Last-Modified"]


def test_a_withdrawn_publications_document_is_no_longer_served(client, commission):
    report = IssuedReport.objects.get(commission=commission)
    publication = Publication.objects.get(issued_report=report)
    page = client.get(reverse("public_page", args=["CPUB"])).content.decode()
    path = reverse("public_document", args=["CPUB", publication.pk])
    assert f'href="{path}"' in page
    assert client.get(path).status_code == 200
    publication.delete()
    assert client.get(path).status_code == 404
