"""The session page's quorum, the voting page and the minuta's page, as users see them."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from sessions import services
from sessions.models import AgendaItem, Attendance, Membership, Minutes, Session
from tests.staff import COUNCIL, SECRETARIAT, make_user


@pytest.fixture
def secretary(seed_commission) -> Client:
    client = Client()
    client.force_login(make_user("secretaria-votos", SECRETARIAT, [seed_commission]))
    return client


@pytest.fixture
def councillor(seed_commission) -> Client:
    client = Client()
    client.force_login(make_user("consejeria-votos", COUNCIL, [seed_commission]))
    return client


@pytest.fixture
def new_session(seed_commission) -> Session:
    """A session after the seed quarter, everybody present, with one proyecto de acuerdo."""
    session = services.session_create(
        commission=seed_commission, kind="ordinaria", date=datetime.date(2022, 12, 14)
    )
    seats = Membership.objects.filter(commission=seed_commission, end_date__isnull=True)
    services.attendance_record(session=session, cells={seat: ("presente", "") for seat in seats})
    AgendaItem.objects.create(
        session=session,
        order=4,
        kind=AgendaItem.Kind.DRAFT_ACCORD,
        title="Aprobación del informe de prueba",
    )
    return session


def _url(name, session, *args):
    return reverse(name, args=[session.commission.acronym, session.pk, *args])


def test_the_session_page_states_the_quorum_and_marks_the_councillors_boxes(
    secretary, seed_commission
):
    session = Session.objects.get(commission=seed_commission, kind="ordinaria", number=1)
    page = secretary.get(_url("session_record", session)).content.decode()
    assert page.count("Existe quórum: 3 de 3 integrantes con derecho a voto.") == 2
    assert page.count('data-vote="1"') == 3  # the presidency and two integrantes
    assert "sessions/quorum.js" in page
    chair = Membership.objects.get(commission=seed_commission, role="presidencia")
    Attendance.objects.filter(session=session).exclude(membership=chair).filter(
        membership__role="integrante"
    ).update(status="ausente")
    page = secretary.get(_url("session_record", session)).content.decode()
    assert "No existe quórum: 1 de 3 integrantes con derecho a voto (se requieren 2)." in page


def test_the_secretariat_records_a_vote_and_the_accord_takes_the_next_code(
    secretary, councillor, new_session
):
    item = new_session.agenda_items.get()
    seats = list(
        Membership.objects.filter(
            commission=new_session.commission, role__in=["presidencia", "integrante"]
        ).order_by("order")
    )
    page = secretary.get(_url("session_votes", new_session)).content.decode()
    assert "Existe quórum: 3 de 3 integrantes con derecho a voto." in page
    assert "Votación no registrada." in page
    data = {"item": item.pk, **{f"voto_{seat.pk}": "a_favor" for seat in seats}}
    data[f"voto_{seats[2].pk}"] = "abstencion"
    response = secretary.post(_url("session_votes", new_session), data, follow=True)
    page = response.content.decode()
    assert (
        "Aprobado por unanimidad: 2 votos a favor, 0 en contra y 1 abstención. "
        "Acuerdo CORI/014/22." in page
    )
    # The Consejería sees the votes, and cannot change them.
    page = councillor.get(_url("session_votes", new_session)).content.decode()
    assert "Abstención" in page and "Aprobado por unanimidad" in page
    assert "Guardar la votación" not in page
    assert councillor.post(_url("session_votes", new_session), data).status_code == 403


def test_a_vote_missing_a_councillor_is_refused_with_the_reason(secretary, new_session):
    item = new_session.agenda_items.get()
    chair = Membership.objects.get(commission=new_session.commission, role="presidencia")
    response = secretary.post(
        _url("session_votes", new_session), {"item": item.pk, f"voto_{chair.pk}": "a_favor"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "No se guardó:" in page
        and "Falta el voto de: Erika Estrada Ruiz, Bernardo Valle Monroy." in page
    )
    assert 'value="a_favor" checked' in page  # what was ticked stays ticked
    assert not item.votes.exists()


def test_the_minuta_from_draft_to_approval_then_frozen(secretary, councillor, new_session):
    url = _url("session_minutes", new_session)
    assert "La sesión aún no tiene minuta." in secretary.get(url).content.decode()
    secretary.post(url, {"accion": "generar"})
    minutes = Minutes.objects.get(session=new_session)
    assert "Existe quórum: 3 de 3 integrantes con derecho a voto." in minutes.body
    secretary.post(url, {"accion": "guardar", "body": minutes.body + "Texto revisado.\n"})
    page = secretary.post(url, {"accion": "enviar"}, follow=True).content.decode()
    assert "Marque la confirmación para enviar la minuta." in page
    secretary.post(url, {"accion": "enviar", "confirmar": "1"})
    minutes.refresh_from_db()
    assert minutes.status == "enviada" and minutes.body.endswith("Texto revisado.")
    later = services.session_create(
        commission=new_session.commission, kind="ordinaria", date=datetime.date(2023, 1, 25)
    )
    item = AgendaItem.objects.create(
        session=later,
        order=3,
        kind=AgendaItem.Kind.MINUTES_APPROVAL,
        title="Aprobación de la minuta",
        accord=services.accord_create(
            commission=later.commission, session=later, title="Aprobación de la minuta"
        ),
    )
    page = secretary.post(url, {"accion": "aprobar", "item": item.pk}).content.decode()
    assert "Marque la confirmación para aprobar la minuta." in page
    page = secretary.post(
        url, {"accion": "aprobar", "item": item.pk, "confirm": "on"}, follow=True
    ).content.decode()
    assert "La minuta quedó aprobada; su texto ya no cambia." in page
    assert "mediante el acuerdo CORI/001/23" in page
    assert "Guardar el texto" not in page
    response = secretary.post(url, {"accion": "guardar", "body": "Cambiado"})
    assert "La minuta ya está aprobada: su texto no cambia." in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.body.endswith("Texto revisado.")
    # Everyone with access downloads it.
    pdf = councillor.get(_url("session_minutes_file", new_session, "pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "Texto revisado." in text or "Existe quórum" in text
    docx = councillor.get(_url("session_minutes_file", new_session, "docx"))
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert councillor.post(url, {"accion": "generar"}).status_code == 403
