"""The session page's quorum, the voting page and the minuta's page, as users see them."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from commissions.models import Membership
from reports.homes import recent_sessions
from sessions import services
from sessions.models import AgendaItem, Attendance, Minutes, Session
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
        commission=seed_commission,
        kind="ordinaria",
        date=datetime.date(2022, 12, 14),
        status="celebrada",
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


@pytest.mark.database
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
        commission=new_session.commission,
        kind="ordinaria",
        date=datetime.date(2023, 1, 25),
        status="celebrada",
    )
    item = AgendaItem.objects.create(
        session=later,
        order=3,
        kind=AgendaItem.Kind.MINUTES_APPROVAL,
        title="Aprobación de la minuta",
        minutes_session=new_session,
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


def _voted_codes(page: str) -> list[str]:
    return re.findall(r"Acuerdo (CORI/\d{3}/\d{2})\.", page)


def test_every_accord_a_seed_session_adopted_is_on_its_voting_page_as_the_home_counts(
    councillor, seed_commission
):
    held = Session.objects.filter(commission=seed_commission, status="celebrada")
    assert held.count() == 4
    for session in held:
        # The home's line for the session: «N acuerdos · Votación».
        (home,) = [
            s
            for s in recent_sessions(commission=seed_commission, today=session.date)
            if s.pk == session.pk
        ]
        page = councillor.get(_url("session_votes", session)).content.decode()
        codes = set(_voted_codes(page))
        adopted = set(session.accords.filter(status="adoptado").values_list("code", flat=True))
        assert codes == adopted, session
        assert len(codes) == home.accord_count, session
        assert page.count("Votación no registrada.") >= len(codes)  # the seed states no vote
    third = held.get(kind="ordinaria", number=3)
    page = councillor.get(_url("session_votes", third)).content.decode()
    assert {"CORI/011/22", "CORI/012/22", "CORI/013/22"} <= set(_voted_codes(page))


def test_an_accord_no_agenda_item_records_is_listed_without_a_vote(secretary, new_session):
    """Accords recorded before CORI kept órdenes del día have no item: still listed."""
    accord = services.accord_create(
        commission=new_session.commission, session=new_session, title="Acuerdo sin punto"
    )
    page = secretary.get(_url("session_votes", new_session)).content.decode()
    assert f"{accord.code}. Acuerdo sin punto" in page
    assert f"Votación no registrada.</strong> Acuerdo {accord.code}." in page
    assert page.count("Guardar la votación") == 1  # only the agenda's proyecto is voted here


def test_the_voting_page_queries_do_not_grow_with_its_items(secretary, new_session):
    url = _url("session_votes", new_session)
    with CaptureQueriesContext(connection) as small:
        assert secretary.get(url).status_code == 200
    for order in range(5, 9):
        AgendaItem.objects.create(
            session=new_session,
            order=order,
            kind=AgendaItem.Kind.DRAFT_ACCORD,
            title=f"Proyecto {order}",
            accord=services.accord_create(
                commission=new_session.commission, session=new_session, title=f"Proyecto {order}"
            ),
        )
        services.accord_create(
            commission=new_session.commission, session=new_session, title=f"Sin punto {order}"
        )
    with CaptureQueriesContext(connection) as large:
        page = secretary.get(url).content.decode()
    assert len(_voted_codes(page)) == 8
    assert len(large) == len(small)


def _block_texts(page: str, start: str) -> list[str]:
    """The texts of the elements of ``page`` after ``start``, one per element."""
    return [
        " ".join(text.split())
        for text in re.findall(r">([^<>]+)<", page[page.index(start) :])
        if text.strip()
    ]


def test_the_approved_minutas_page_keeps_its_lines_readable_and_escaped(
    councillor, seed_commission
):
    minutes = Minutes.objects.get(
        session__commission=seed_commission, session__kind="ordinaria", session__number=1
    )
    assert minutes.status == Minutes.Status.APPROVED
    Minutes.objects.filter(pk=minutes.pk).update(
        body=minutes.body + "\nNota: <script>alert(1)</script> & <b>fin</b>\n"
    )
    minutes.refresh_from_db()
    page = councillor.get(_url("session_minutes", minutes.session)).content.decode()
    assert "<pre" not in page  # not one monospace block
    assert "<script>alert" not in page and "<b>fin" not in page
    assert "Nota: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;fin&lt;/b&gt;" in page
    texts = _block_texts(page, "SHA-256")
    # Every line of the text is its own line on the page, in order (a list's «- » is its
    # bullet).
    lines = [line.removeprefix("- ") for line in minutes.body.splitlines()[1:] if line.strip()]
    found = [
        t
        for t in texts
        if t
        in {line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for line in lines}
    ]
    assert found[: len(lines)] == [
        line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for line in lines
    ]
    assert re.search(r"<h2[^>]*>\s*I\. Lista de asistencia y declaración de quórum\s*</h2>", page)
    assert re.search(r"<li>\s*Presidencia: Mauricio Huesca Rodríguez\s*</li>", page)
