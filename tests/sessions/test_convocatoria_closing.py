"""A convocatoria closed for signature before it is sent (``sessions.services.convocatoria``):
its number, date and PDF fixed; what it states (the session's date, time, modality, its
orden del día and the documents listed) sealed through every entry point while it is
closed; reopened only while nobody has signed; never sent unsigned once closed."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from cori.records import record_update
from cori.states import StateConflict
from sessions import services
from sessions.models import AgendaItem, Convocatoria, Session
from signatures.models import ActKind, SignatureRequirement
from signatures.pdf import sha256
from tests.api.conftest import token_client
from tests.conftest import TEST_TODAY
from tests.cori.test_write_paths import _admin
from tests.factories import MembershipFactory, PersonFactory, SessionFactory
from tests.staff import SECRETARIAT, make_user

pytestmark = pytest.mark.django_db

CLOSED = "está cerrada para firma"
LINK = "https://cori.test/acuse/{}/"


def _pdf_upload() -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile("anexo.pdf", buffer.getvalue(), content_type="application/pdf")


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


def upcoming(commission, *, date=None) -> Session:
    """A session of the seed commission ten days ahead, with two points (one with an annex)."""
    session = SessionFactory(
        commission=commission,
        date=date or TEST_TODAY + datetime.timedelta(days=10),
        time=datetime.time(11, 0),
        status=Session.Status.SCHEDULED,
        number=1,
    )
    services.agenda_item_create(
        session=session, kind=AgendaItem.Kind.ROLL_CALL, title="Lista de asistencia."
    )
    item = services.agenda_item_create(
        session=session, kind=AgendaItem.Kind.REPORT, title="Informe del programa de difusión."
    )
    services.agenda_document_create(item=item, title="Anexo estadístico", document=_pdf_upload())
    return session


@pytest.fixture
def session(seed_commission) -> Session:
    return upcoming(seed_commission)


@pytest.fixture
def secretary(seed_commission) -> Client:
    client = Client()
    client.force_login(make_user("st-convocatoria", SECRETARIAT, [seed_commission]))
    return client


def _text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _state(session) -> tuple:
    session.refresh_from_db()
    return (
        session.date,
        session.time,
        session.modality,
        list(session.agenda_items.order_by("pk").values_list("pk", "order", "title")),
        list(session.agenda_items.values_list("documents__title", flat=True).order_by("pk")),
    )


def test_closing_fixes_the_number_the_date_and_the_pdf_that_will_be_sent(secretary, session):
    convocatoria = services.convocatoria_close(session=session)
    assert convocatoria.state == Convocatoria.State.CLOSED == "cerrada"
    assert convocatoria.code == "CORI/CONV/001/26" and convocatoria.sent_at is None
    assert convocatoria.date == TEST_TODAY
    data = bytes(convocatoria.pdf)
    assert convocatoria.pdf_sha256 == sha256(data)
    text = _text(data)
    assert "Convocatoria CORI/CONV/001/26" in text
    assert "Ciudad de México, a 6 de diciembre de 2026" in text
    assert "Informe del programa de difusión" in text and "Anexo estadístico" in text
    assert "Borrador" not in text
    # The page and the API serve the closed file byte for byte, not a new rendering.
    url = reverse("session_convocatoria", args=["CORI", session.pk, "pdf"])
    assert secretary.get(url).content == data
    api = token_client(commissions=[session.commission])[0]
    assert api.get(f"/api/v1/sessions/{session.pk}/convocatoria/?format=pdf").content == data


SERVICE_REFUSALS = {
    "agenda_item_create": lambda s: services.agenda_item_create(session=s, title="Nuevo"),
    "agenda_item_update": lambda s: services.agenda_item_update(
        item=s.agenda_items.first(), title="Otro"
    ),
    "agenda_item_delete": lambda s: services.agenda_item_delete(item=s.agenda_items.last()),
    "agenda_reorder": lambda s: services.agenda_reorder(
        session=s, ids=list(s.agenda_items.order_by("-order").values_list("pk", flat=True))
    ),
    "agenda_document_create": lambda s: services.agenda_document_create(
        item=s.agenda_items.first(), title="Otro anexo", document=_pdf_upload()
    ),
    "session date": lambda s: services.session_update(
        session=s, date=s.date + datetime.timedelta(days=1)
    ),
    "session time": lambda s: services.session_update(session=s, time=datetime.time(17, 0)),
    "record_update modality": lambda s: record_update(s, changes={"modality": "presencial"}),
}


@pytest.mark.parametrize("attempt", SERVICE_REFUSALS.values(), ids=SERVICE_REFUSALS.keys())
def test_a_closed_convocatoria_seals_what_it_states(session, attempt):
    services.convocatoria_close(session=session)
    before = _state(session)
    with pytest.raises(StateConflict, match=f"La convocatoria CORI/CONV/001/26 {CLOSED}"):
        attempt(session)
    assert _state(session) == before


def test_the_api_and_the_admin_refuse_with_the_same_message(
    session, client, django_user_model, secretary
):
    services.convocatoria_close(session=session)
    before = _state(session)
    api = token_client(commissions=[session.commission])[0]
    item = session.agenda_items.first()
    for method, url, data in (
        ("patch", f"/api/v1/agenda-items/{item.pk}/", {"title": "Otro título"}),
        ("delete", f"/api/v1/agenda-items/{item.pk}/", None),
        ("patch", f"/api/v1/sessions/{session.pk}/", {"date": "2026-12-20"}),
    ):
        response = getattr(api, method)(url, data, format="json")
        assert response.status_code == 409, response.content
        assert CLOSED in response.json()["detail"]
    user = django_user_model.objects.create_superuser("root-conv", "rc@example.com", "clave-1")
    response = _admin(client, user, session, modality="presencial")
    assert response.status_code == 200 and CLOSED in response.content.decode()
    page = reverse("session_agenda", args=["CORI", session.pk])
    response = secretary.post(page, {"accion": "eliminar", "punto": item.pk}, follow=True)
    assert CLOSED in response.content.decode()
    assert _state(session) == before


def test_an_unchanged_save_of_the_session_is_no_change(session):
    services.convocatoria_close(session=session)
    services.session_update(session=session, date=session.date, time=session.time)


def test_reopened_it_can_change_and_closed_again_says_the_new_agenda(session):
    first = services.convocatoria_close(session=session)
    reopened = services.convocatoria_reopen(session=session)
    assert reopened.state == Convocatoria.State.DRAFT and not reopened.pdf_sha256
    assert reopened.code == first.code  # the number stays the convocatoria's
    services.agenda_item_create(session=session, title="Asuntos generales.")
    again = services.convocatoria_close(session=session)
    assert "Asuntos generales" in _text(bytes(again.pdf))
    assert again.pdf_sha256 != first.pdf_sha256


def test_closing_dates_that_cannot_be_true_are_refused(seed_commission):
    past = upcoming(seed_commission, date=TEST_TODAY - datetime.timedelta(days=1))
    with pytest.raises(
        ValidationError,
        match="La convocatoria no puede tener fecha posterior a la sesión: la sesión es del "
        "sábado 5 de diciembre de 2026",
    ):
        services.convocatoria_close(session=past)
    assert not Convocatoria.objects.filter(session=past, closed_at__isnull=False).exists()


def test_closing_needs_an_orden_del_dia_and_happens_once(seed_commission, session):
    empty = SessionFactory(
        commission=seed_commission,
        date=TEST_TODAY + datetime.timedelta(days=3),
        status=Session.Status.SCHEDULED,
        number=2,
    )
    with pytest.raises(ValidationError, match="Agregue el orden del día antes de cerrar"):
        services.convocatoria_close(session=empty)
    services.convocatoria_close(session=session)
    with pytest.raises(StateConflict, match="ya está cerrada para firma"):
        services.convocatoria_close(session=session)
    with pytest.raises(StateConflict, match="no está cerrada para firma"):
        services.convocatoria_reopen(session=empty)


def test_a_closed_convocatoria_is_not_sent_before_its_signatures(session):
    services.convocatoria_close(session=session)
    with pytest.raises(
        StateConflict,
        match="Faltan firmas de la convocatoria CORI/CONV/001/26: presidencia "
        r"\(Mauricio Huesca Rodríguez\), secretaría técnica \(Bernardo Núñez Yedra\)",
    ):
        services.convocatoria_send(session=session, link=LINK.format)
    convocatoria = Convocatoria.objects.get(session=session)
    assert convocatoria.sent_at is None and not convocatoria.recipients.exists()
    assert not mail.outbox


def test_a_commission_that_declares_signers_sends_no_unsigned_convocatoria(session):
    SignatureRequirement.objects.create(
        commission=session.commission, act_kind=ActKind.CONVOCATORIA, order=1, role="presidencia"
    )
    with pytest.raises(StateConflict, match="La comisión firma sus convocatorias"):
        services.convocatoria_send(session=session, link=LINK.format)
    assert not Convocatoria.objects.filter(session=session, sent_at__isnull=False).exists()


def test_the_agenda_page_closes_and_reopens_it(secretary, session):
    page = reverse("session_agenda", args=["CORI", session.pk])
    assert "Cerrar para firma" in secretary.get(page).content.decode()
    response = secretary.post(page, {"accion": "cerrar"}, follow=True)
    text = response.content.decode()
    assert "La convocatoria CORI/CONV/001/26 quedó cerrada para firma" in text
    assert reverse("act_signatures", args=["CORI", "convocatoria", session.convocatoria.pk]) in (
        text
    )
    response = secretary.post(page, {"accion": "reabrir"}, follow=True)
    assert "Se reabrió la convocatoria CORI/CONV/001/26" in response.content.decode()
    assert Convocatoria.objects.get(session=session).state == Convocatoria.State.DRAFT


def test_no_convocatoria_is_sent_after_its_session(secretary, seed_commission):
    """Unsigned too: an e-mail convening a session that already took place cannot be true."""
    past = upcoming(seed_commission, date=TEST_TODAY - datetime.timedelta(days=1))
    MembershipFactory(commission=seed_commission, person=PersonFactory(email="tarde@iecm.mx"))
    refusal = (
        "La convocatoria no puede tener fecha posterior a la sesión: la sesión es del "
        "sábado 5 de diciembre de 2026 y hoy es domingo 6 de diciembre de 2026."
    )
    with pytest.raises(ValidationError, match=refusal):
        services.convocatoria_send(session=past, link=LINK.format)
    page = reverse("session_agenda", args=["CORI", past.pk])
    response = secretary.post(page, {"accion": "enviar"}, follow=True)
    assert refusal in response.content.decode()
    assert not Convocatoria.objects.filter(session=past, sent_at__isnull=False).exists()
    assert not mail.outbox
