"""The convocatoria signed before it is sent: its signers and their order (data, or the
default: presidency, then technical secretary), the seal of its first signature, its
sending with the signed file byte for byte (e-mail, page, API, public page, feed) and its
verification by hash."""

import datetime
import io

import pytest
from defusedxml import ElementTree as ET
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature

from cori.states import StateConflict
from sessions import services
from sessions.models import Convocatoria, Publication
from signatures.models import ActKind, ActSignature, SignatureRequirement
from signatures.pdf import sha256, validation_context
from signatures.selectors import act_signed_pdf
from signatures.services import act_sign
from tests.api.conftest import token_client
from tests.sessions.test_convocatoria_closing import private_folders, upcoming  # noqa: F401
from tests.signatures.conftest import PASSWORD
from tests.staff import SECRETARIAT, make_user

pytestmark = pytest.mark.usefixtures("trusted")

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def closed(seed_commission) -> Convocatoria:
    return services.convocatoria_close(session=upcoming(seed_commission))


@pytest.fixture
def secretariat(client, seed_commission):
    client.force_login(make_user("st-firma-conv", SECRETARIAT, [seed_commission]))
    return client


def _sign(convocatoria, firma):
    return act_sign(
        act_kind=ActKind.CONVOCATORIA, act_id=convocatoria.pk, credentials=firma.credentials()
    )


def _send(client, session):
    page = reverse("session_agenda", args=["CORI", session.pk])
    return client.post(page, {"accion": "enviar"}, follow=True)


def test_the_presidency_signs_first_then_the_technical_secretary(
    closed, secretary, chair, secretariat, authority
):
    page = reverse("act_signatures", args=["CORI", "convocatoria", closed.pk])
    text = secretariat.get(page).content.decode()
    assert "1. Presidencia" in text and "2. Secretaría técnica" in text
    with pytest.raises(ValidationError, match="Aún no es su turno: primero firma la presidencia"):
        _sign(closed, secretary)
    first = _sign(closed, chair)
    second = _sign(closed, secretary)
    assert first.sha256_before == closed.pdf_sha256  # the closed file is what is signed
    assert (first.role, second.role) == ("presidencia", "secretaria_tecnica")
    context = validation_context(roots=[authority.certificate])
    reader = PdfFileReader(io.BytesIO(bytes(second.pdf)))
    statuses = [validate_pdf_signature(sig, context) for sig in reader.embedded_signatures]
    assert len(statuses) == 2 and all(s.intact and s.trusted for s in statuses)


def test_the_signers_are_data_of_the_commission(closed, secretary, seed_commission):
    SignatureRequirement.objects.create(
        commission=seed_commission,
        act_kind=ActKind.CONVOCATORIA,
        order=1,
        role="secretaria_tecnica",
    )
    assert _sign(closed, secretary).role == "secretaria_tecnica"
    with pytest.raises(StateConflict, match="ya tiene todas las firmas"):
        _sign(closed, secretary)


def test_a_convocatoria_not_closed_is_not_signed(seed_commission, chair):
    session = upcoming(seed_commission)
    convocatoria = services.convocatoria_create(session=session)
    with pytest.raises(StateConflict, match="Solo se firma una convocatoria cerrada para firma"):
        _sign(convocatoria, chair)
    assert not ActSignature.objects.exists()


def test_a_signature_cannot_precede_the_closing(closed, chair):
    later = closed.closed_at + datetime.timedelta(hours=2)
    Convocatoria.objects.filter(pk=closed.pk).update(closed_at=later)  # a clock that went back
    with pytest.raises(ValidationError, match="Una firma no puede ser anterior al cierre"):
        _sign(closed, chair)
    assert not ActSignature.objects.exists()


def test_once_signed_it_does_not_reopen_nor_change(closed, chair):
    session = closed.session
    _sign(closed, chair)
    with pytest.raises(StateConflict, match="ya tiene firmas: no se reabre"):
        services.convocatoria_reopen(session=session)
    with pytest.raises(StateConflict, match="La convocatoria CORI/CONV/001/26 ya está firmada"):
        services.agenda_item_create(session=session, title="Punto tardío")
    api = token_client(commissions=[session.commission])[0]
    item = session.agenda_items.first()
    response = api.patch(f"/api/v1/agenda-items/{item.pk}/", {"title": "Otro"}, format="json")
    assert response.status_code == 409 and "ya está firmada" in response.json()["detail"]
    response = api.patch(f"/api/v1/sessions/{session.pk}/", {"time": "18:00"}, format="json")
    assert response.status_code == 409 and "ya está firmada" in response.json()["detail"]
    assert Convocatoria.objects.get(pk=closed.pk).state == Convocatoria.State.CLOSED


def test_sending_half_signed_is_refused(closed, chair, secretariat):
    _sign(closed, chair)
    response = _send(secretariat, closed.session)
    assert (
        "Faltan firmas de la convocatoria CORI/CONV/001/26: secretaría técnica "
        "(Bernardo Núñez Yedra)" in response.content.decode()
    )
    assert Convocatoria.objects.get(pk=closed.pk).sent_at is None and not mail.outbox


def test_the_signed_file_is_sent_served_published_and_verified_byte_for_byte(
    closed, chair, secretary, secretariat, client, django_capture_on_commit_callbacks
):
    _sign(closed, chair)
    _sign(closed, secretary)
    signed = act_signed_pdf(act_kind=ActKind.CONVOCATORIA, act_id=closed.pk)
    session = closed.session
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(secretariat, session)
    assert "Se envió la convocatoria CORI/CONV/001/26" in response.content.decode()
    assert mail.outbox
    for message in mail.outbox:
        [(_name, data, kind)] = message.attachments
        assert data == signed and kind == "application/pdf"
    assert secretariat.get(
        reverse("session_convocatoria", args=["CORI", session.pk, "pdf"])
    ).content == (signed)
    api = token_client(commissions=[session.commission])[0]
    assert api.get(f"/api/v1/sessions/{session.pk}/convocatoria/?format=pdf").content == signed
    # Sent, it is signed no more (a later requirement does not reopen it).
    SignatureRequirement.objects.create(
        commission=session.commission, act_kind=ActKind.CONVOCATORIA, order=3, role="presidencia"
    )
    with pytest.raises(StateConflict, match="ya se envió"):
        _sign(closed, chair)
    # The public page, its document and its feed: the signed file.
    publication = services.publication_create(
        commission=session.commission, target=Convocatoria.objects.get(pk=closed.pk)
    )
    assert bytes(Publication.objects.get(pk=publication.pk).document) == signed
    document = client.get(reverse("public_document", args=["CORI", publication.pk]))
    assert document.content == signed
    feed = ET.fromstring(client.get(reverse("public_feed", args=["CORI"])).content)
    lengths = [
        link.get("length")
        for link in feed.iter(f"{ATOM}link")
        if link.get("rel") == "enclosure"
        and link.get("href").endswith(f"/documentos/{publication.pk}.pdf")
    ]
    assert lengths == [str(len(signed))]
    # /verificar/ recognises it by its hash.
    response = client.post(
        reverse("signature_verification"),
        {"file": SimpleUploadedFile("convocatoria.pdf", signed, content_type="application/pdf")},
    )
    text = response.content.decode()
    assert "Es un documento que CORI firmó: convocatoria de la CORI" in text
    assert "Coincide byte por byte" in text and sha256(signed) in text


def test_the_unsigned_closed_file_is_recognised_by_its_hash(closed, client):
    response = client.post(
        reverse("signature_verification"),
        {
            "file": SimpleUploadedFile(
                "convocatoria.pdf", bytes(closed.pdf), content_type="application/pdf"
            )
        },
    )
    assert "Es un documento que CORI emitió: la convocatoria CORI/CONV/001/26" in (
        response.content.decode()
    )


def test_the_page_signs_it_with_the_efirma_files(closed, chair, secretariat):
    page = reverse("act_signatures", args=["CORI", "convocatoria", closed.pk])
    response = secretariat.post(
        page,
        {
            "certificate": SimpleUploadedFile("firma.cer", chair.cer),
            "key": SimpleUploadedFile("firma.key", chair.key),
            "password": PASSWORD,
            "confirm": "on",
        },
        follow=True,
    )
    assert "Quedó firmado por Mauricio Huesca Rodríguez (presidencia)." in (
        response.content.decode()
    )
