"""The signatures page of an act, the files served once signed, the public verification
page and API, and where the key and password never go."""

import io
import logging

import pikepdf
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from reports.models import IssuedReport
from sessions.models import Publication
from signatures.models import ActKind, ActSignature
from signatures.pdf import sha256
from signatures.selectors import act_signed_pdf
from signatures.services import act_sign
from tests.signatures.conftest import PASSWORD
from tests.staff import COUNCIL, SECRETARIAT, make_user

pytestmark = pytest.mark.usefixtures("trusted")


def _page(minutes):
    return reverse(
        "act_signatures", args=[minutes.session.commission.acronym, "minuta", minutes.pk]
    )


def _upload(firma, password=PASSWORD, **extra):
    return {
        "certificate": SimpleUploadedFile("firma.cer", firma.cer),
        "key": SimpleUploadedFile("firma.key", firma.key),
        "password": password,
        "confirm": "on",
        **extra,
    }


@pytest.fixture
def secretariat(client, seed_commission):
    client.force_login(make_user("st", SECRETARIAT, [seed_commission]))
    return client


def test_the_page_signs_in_turn_and_shows_who_signed_and_who_is_pending(
    secretariat, approved_minutes, secretary, chair
):
    page = secretariat.get(_page(approved_minutes)).content.decode()
    assert "1. Secretaría técnica" in page and "Bernardo Núñez Yedra" in page
    assert page.count("Pendiente") == 2
    response = secretariat.post(_page(approved_minutes), _upload(secretary), follow=True)
    page = response.content.decode()
    assert "Quedó firmado por Bernardo Núñez Yedra (secretaría técnica)." in page
    assert page.count("Pendiente") == 1 and "Firmó el" in page
    signed = act_signed_pdf(act_kind=ActKind.MINUTES, act_id=approved_minutes.pk)
    assert sha256(signed) in page
    response = secretariat.post(_page(approved_minutes), _upload(chair), follow=True)
    assert "Ya firmaron todas las personas que deben firmar." in response.content.decode()


def test_a_refusal_is_shown_in_spanish_and_nothing_is_signed(
    secretariat, approved_minutes, secretary
):
    response = secretariat.post(_page(approved_minutes), _upload(secretary, password="mala"))
    assert "La contraseña de la llave privada no es correcta." in response.content.decode()
    assert not ActSignature.objects.exists()


def test_a_councillor_signs_from_the_consejeria_profile(
    client, seed_commission, approved_minutes, secretary, chair
):
    act_sign(
        act_kind=ActKind.MINUTES, act_id=approved_minutes.pk, credentials=secretary.credentials()
    )
    client.force_login(make_user("consejero", COUNCIL, [seed_commission]))
    client.post(_page(approved_minutes), _upload(chair))
    assert ActSignature.objects.filter(order=2, person__full_name="Mauricio Huesca Rodríguez")


def test_the_signed_minuta_is_served_as_stored(secretariat, approved_minutes, secretary):
    signature = act_sign(
        act_kind=ActKind.MINUTES, act_id=approved_minutes.pk, credentials=secretary.credentials()
    )
    session = approved_minutes.session
    url = reverse("session_minutes_file", args=[session.commission.acronym, session.pk, "pdf"])
    assert secretariat.get(url).content == bytes(signature.pdf)
    minutes_page = secretariat.get(
        reverse("session_minutes", args=[session.commission.acronym, session.pk])
    )
    assert _page(approved_minutes) in minutes_page.content.decode()


def test_a_signed_informe_stays_pdfa_3b_and_tagged(issued_report, secretary, chair, secretariat):
    issued = issued_report
    for firma in (secretary, chair):
        act_sign(act_kind=ActKind.REPORT, act_id=issued.pk, credentials=firma.credentials())
    data = secretariat.get(reverse("reports:issued_file", args=[issued.pk, "pdf"])).content
    assert data.startswith(bytes(IssuedReport.objects.get(pk=issued.pk).pdf))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode()
        assert 'pdfaid:part="3"' in xmp or "<pdfaid:part>3</pdfaid:part>" in xmp
        assert pdf.Root.MarkInfo.Marked and "/StructTreeRoot" in pdf.Root
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFA1"
        # PDF/A: every font embedded, the signature blocks' included.
        for annotation in pdf.pages[-1].Annots:
            assert int(annotation.F) & 4  # printed


def _verify(client, data: bytes):
    upload = SimpleUploadedFile("acta.pdf", data, content_type="application/pdf")
    return client.post(reverse("signature_verification"), {"file": upload})


def test_anyone_verifies_a_signed_act_without_signing_in(client, approved_minutes, secretary):
    signature = act_sign(
        act_kind=ActKind.MINUTES, act_id=approved_minutes.pk, credentials=secretary.credentials()
    )
    page = _verify(client, bytes(signature.pdf)).content.decode()
    assert "íntegro; firmado por BERNARDO NUÑEZ YEDRA" in page
    assert "Es un documento que CORI firmó" in page
    assert "Confiable: el certificado lo emitió una autoridad certificadora configurada" in page


def test_one_byte_changed_after_signing_is_reported_modified(client, approved_minutes, secretary):
    signature = act_sign(
        act_kind=ActKind.MINUTES, act_id=approved_minutes.pk, credentials=secretary.credentials()
    )
    data = bytearray(signature.pdf)
    # The binary comment under the header: signed, read by no PDF parser.
    at = data.index(b"\n%") + 2
    data[at] ^= 0x01
    page = _verify(client, bytes(data)).content.decode()
    assert "modificado; firmado por BERNARDO NUÑEZ YEDRA" in page
    assert "Modificado después de firmar" in page
    assert "CORI no tiene registrado un documento con este contenido exacto." in page


def test_the_verification_refuses_what_is_not_a_pdf_or_too_big(client):
    page = _verify(client, b"no soy un pdf").content.decode()
    assert "El archivo no es un PDF." in page
    with override_settings(SIGNATURE_VERIFY_MAX_BYTES=1024 * 1024):
        page = _verify(client, b"%PDF-1.7\n" + b"0" * (1024 * 1024)).content.decode()
    assert "El archivo pesa más de 1 MB: no se verifica." in page


def test_an_unsigned_issued_pdf_is_recognized_by_its_hash(client, issued_report):
    page = _verify(client, bytes(issued_report.pdf)).content.decode()
    assert "El PDF no tiene firmas electrónicas." in page
    assert "Es un documento que CORI emitió" in page


def test_the_api_verifies_without_a_token(client, approved_minutes, secretary):
    signature = act_sign(
        act_kind=ActKind.MINUTES, act_id=approved_minutes.pk, credentials=secretary.credentials()
    )
    upload = SimpleUploadedFile("acta.pdf", bytes(signature.pdf), content_type="application/pdf")
    response = client.post("/api/v1/signature-verifications/", {"file": upload})
    assert response.status_code == 200
    body = response.json()
    assert body["sha256"] == signature.sha256_after
    [finding] = body["signatures"]
    assert finding["signer"] == "BERNARDO NUÑEZ YEDRA"  # as its certificate says
    assert finding["intact"] and finding["trusted"] and not finding["demo"]
    bad = SimpleUploadedFile("x.pdf", b"hola", content_type="application/pdf")
    response = client.post("/api/v1/signature-verifications/", {"file": bad})
    assert response.status_code == 400
    assert "El archivo no es un PDF." in str(response.json())


def test_no_key_or_password_reaches_the_database_the_logs_or_the_cache(
    secretariat, approved_minutes, secretary, caplog
):
    caplog.set_level(logging.DEBUG)
    secretariat.post(_page(approved_minutes), _upload(secretary))
    secretariat.post(_page(approved_minutes), _upload(secretary, password="equivocada"))
    assert ActSignature.objects.count() == 1
    secrets = [PASSWORD.encode(), b"equivocada", secretary.key]
    scalar = secretary.private_key.private_numbers().private_value.to_bytes(32, "big")
    secrets.append(scalar)
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608  (names from the schema)
            for row in cursor.fetchall():
                blob = b"".join(
                    v if isinstance(v, bytes | memoryview) else str(v).encode() for v in row
                )
                assert not any(secret in bytes(blob) for secret in secrets), table
    logged = caplog.text.encode()
    assert not any(secret in logged for secret in secrets)
    cached = getattr(cache, "_cache", {})
    assert not any(
        secret in repr(value).encode() for value in cached.values() for secret in secrets
    )


def test_a_published_minuta_signed_afterwards_is_served_signed_to_the_public(
    client, approved_minutes, secretary
):

    publication = Publication.objects.get(minutes=approved_minutes)  # the demo published it
    signature = act_sign(
        act_kind=ActKind.MINUTES, act_id=approved_minutes.pk, credentials=secretary.credentials()
    )
    acronym = approved_minutes.session.commission.acronym
    served = client.get(reverse("public_document", args=[acronym, publication.pk]))
    assert served.content == bytes(signature.pdf)
    feed = client.get(reverse("public_feed", args=[acronym])).content.decode()
    assert f'length="{len(signature.pdf)}"' in feed
    page = client.get(reverse("public_page", args=[acronym])).content.decode()
    assert reverse("signature_verification") in page


def test_broken_pdfs_get_a_spanish_answer_never_a_500(client, approved_minutes, secretary):
    signed = bytes(
        act_sign(
            act_kind=ActKind.MINUTES,
            act_id=approved_minutes.pk,
            credentials=secretary.credentials(),
        ).pdf
    )
    at = signed.index(b"/ByteRange")
    broken = [
        b"%PDF-1.7\n",
        b"%PDF-1.7\n" + b"\x00" * 2000,
        signed[: len(signed) // 2],
        signed[:at] + signed[at + 40 :],
        signed.replace(b"/ByteRange [", b"/ByteRange [9"),
    ]
    for data in broken:
        response = _verify(client, data)
        assert response.status_code == 200
        page = response.content.decode()
        assert "No se verificó" in page or "Modificado" in page or "no tiene firmas" in page
        upload = SimpleUploadedFile("x.pdf", data, content_type="application/pdf")
        api = client.post("/api/v1/signature-verifications/", {"file": upload})
        assert api.status_code in (200, 400)
