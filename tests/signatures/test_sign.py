"""Signing an act (``signatures.services.act_sign``): what is signed, and each refusal in
Spanish."""

import datetime
import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature

from signatures import authority as demo
from signatures.models import ActKind, ActSignature, SignatureRequirement, SignerIdentity
from signatures.pdf import sha256, validation_context
from signatures.selectors import act_signed_pdf
from signatures.services import act_sign, credentials_from_files
from tests.signatures.conftest import PASSWORD, efirma

pytestmark = pytest.mark.usefixtures("trusted")


def _sign(minutes, firma, **kwargs):
    return act_sign(
        act_kind=ActKind.MINUTES, act_id=minutes.pk, credentials=firma.credentials(), **kwargs
    )


def _validate(data: bytes, authority):
    context = validation_context(roots=[authority.certificate])
    reader = PdfFileReader(io.BytesIO(data))
    return [validate_pdf_signature(sig, context) for sig in reader.embedded_signatures]


def test_a_signature_verifies_intact_and_trusted_with_pyhankos_validator(
    approved_minutes, secretary, authority, secretary_person
):
    signature = _sign(approved_minutes, secretary)
    data = act_signed_pdf(act_kind=ActKind.MINUTES, act_id=approved_minutes.pk)
    [status] = _validate(data, authority)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert signature.person == secretary_person
    assert signature.order == 1 and signature.role == "secretaria_tecnica"
    assert signature.sha256_after == sha256(data) != signature.sha256_before
    assert signature.certificate_serial == format(secretary.certificate.serial_number, "x")
    assert "Autoridad de prueba" in signature.certificate_issuer
    assert signature.level == "PAdES B-B"
    assert signature.history.count() == 1  # recorded in the history (its file excluded)


def test_two_signatures_in_order_leave_both_valid(approved_minutes, secretary, chair, authority):
    first = _sign(approved_minutes, secretary)
    second = _sign(approved_minutes, chair)
    assert second.sha256_before == first.sha256_after
    data = bytes(second.pdf)
    assert data.startswith(bytes(first.pdf))  # incremental: the first file is kept whole
    statuses = _validate(data, authority)
    assert len(statuses) == 2
    assert all(s.intact and s.valid and s.trusted and s.bottom_line for s in statuses)


def _pyhanko_validate(data: bytes, authority, folder) -> subprocess.CompletedProcess:
    """pyHanko's own command line (pyhanko-cli), as anyone outside CORI would run it."""
    (folder / "raiz.cer").write_bytes(demo.certificate_file(authority.certificate))
    (folder / "minuta.pdf").write_bytes(data)
    command = Path(sys.executable).with_name("pyhanko")
    arguments = ["--pretty-print", "--no-revocation-check", "--trust-replace"]
    return subprocess.run(  # noqa: S603  (the venv's pyhanko, on files the test wrote)
        [
            command,
            "sign",
            "validate",
            *arguments,
            "--trust",
            folder / "raiz.cer",
            folder / "minuta.pdf",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_pyhankos_command_line_finds_both_signatures_intact_and_trusted(
    approved_minutes, secretary, chair, authority, tmp_path
):
    _sign(approved_minutes, secretary)
    data = bytes(_sign(approved_minutes, chair).pdf)
    checked = _pyhanko_validate(data, authority, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("The signature is cryptographically sound.") == 2
    assert checked.stdout.count("The signer's certificate is trusted.") == 2
    assert checked.stdout.count("The signature is judged VALID.") == 2
    assert "Common Name: BERNARDO NUÑEZ YEDRA" in checked.stdout  # as the e.firma writes it
    assert "Common Name: Mauricio Huesca Rodríguez" in checked.stdout

    tampered = bytearray(data)
    tampered[1000] ^= 1  # a byte of the unsigned act, which both signatures cover
    refused = _pyhanko_validate(bytes(tampered), authority, tmp_path)
    assert refused.returncode != 0
    assert "The signature is judged VALID." not in refused.stdout


def test_the_presidency_cannot_sign_before_the_secretary(approved_minutes, chair):
    with pytest.raises(ValidationError, match="Aún no es su turno: primero firma la secretaría"):
        _sign(approved_minutes, chair)
    assert not ActSignature.objects.exists()


def test_the_order_is_data_of_the_commission(approved_minutes, chair, seed_commission):
    SignatureRequirement.objects.create(
        commission=seed_commission, act_kind=ActKind.MINUTES, order=1, role="presidencia"
    )
    assert _sign(approved_minutes, chair).role == "presidencia"
    with pytest.raises(ValidationError, match="ya tiene todas las firmas"):
        _sign(approved_minutes, chair)


def test_a_certificate_of_another_person_is_refused(approved_minutes, authority):
    other = efirma(authority, "Persona Ajena Pérez")
    with pytest.raises(ValidationError, match="El certificado no pertenece a Bernardo Núñez Yedra"):
        _sign(approved_minutes, other)


def test_a_person_with_an_rfc_recorded_needs_it_in_the_certificate(
    approved_minutes, authority, secretary, secretary_person
):
    SignerIdentity.objects.create(person=secretary_person, rfc="NUYB700101AB1")
    with pytest.raises(ValidationError, match="no pertenece"):
        _sign(approved_minutes, secretary)  # right name, no RFC
    with_rfc = efirma(authority, "Otro Nombre", rfc="NUYB700101AB1", curp="NUYB700101HDFXXX01")
    assert _sign(approved_minutes, with_rfc).person == secretary_person


def test_an_efirma_shaped_as_sats_signs_by_its_rfc(approved_minutes, authority, secretary_person):
    """SAT writes the RFC in x500UniqueIdentifier as a PrintableString (asn1crypto reads
    it only as CORI tells it to: wbond/asn1crypto#228) and the CURP in serialNumber."""
    SignerIdentity.objects.create(person=secretary_person, curp="NUYB700101HDFXXX01")
    sat = efirma(
        authority,
        "BERNARDO NUNEZ YEDRA",
        rfc="NUYB700101AB1",
        curp="NUYB700101HDFXXX01",
        sat_layout=True,
    )
    signature = _sign(approved_minutes, sat)
    [status] = _validate(bytes(signature.pdf), authority)
    assert status.intact and status.trusted


def test_an_expired_certificate_is_refused(approved_minutes, authority):
    expired = efirma(
        authority,
        "Bernardo Núñez Yedra",
        not_after=datetime.datetime(2025, 12, 31, tzinfo=datetime.UTC),
    )
    with pytest.raises(ValidationError, match="El certificado venció el 31/12/2025"):
        _sign(approved_minutes, expired)


def test_a_revoked_certificate_is_refused(approved_minutes, authority, secretary, trusted):
    crl = trusted / "revocados.crl"
    crl.write_bytes(
        demo.revocation_list(
            authority,
            revoked=[secretary.certificate],
            on=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC),
        )
    )
    with (
        override_settings(SIGNATURE_CRLS=[str(crl)]),
        pytest.raises(ValidationError, match="El certificado fue revocado"),
    ):
        _sign(approved_minutes, secretary)


def test_a_certificate_of_an_authority_not_trusted_is_refused(approved_minutes):
    stranger = demo.authority_create(
        name="Otra autoridad", not_before=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    with pytest.raises(ValidationError, match="no fue emitido por una autoridad certificadora"):
        _sign(approved_minutes, efirma(stranger, "Bernardo Núñez Yedra"))


def test_a_wrong_password_is_refused(secretary):
    with pytest.raises(ValidationError, match="La contraseña de la llave privada no es correcta"):
        secretary.credentials(password="otra-clave")


def test_a_key_that_does_not_match_its_certificate_is_refused(secretary, chair):
    with pytest.raises(ValidationError, match="La llave privada no corresponde al certificado"):
        credentials_from_files(certificate=secretary.cer, key=chair.key, password=PASSWORD)


def test_files_that_are_not_a_certificate_or_a_key_are_refused(secretary):
    with pytest.raises(ValidationError, match=r"no es un certificado X\.509"):
        credentials_from_files(certificate=b"hola", key=secretary.key, password=PASSWORD)
    with pytest.raises(ValidationError, match="no es una llave privada"):
        credentials_from_files(certificate=secretary.cer, key=b"hola", password=PASSWORD)
    with pytest.raises(ValidationError, match="pesa más de 64 KB"):
        credentials_from_files(certificate=secretary.cer, key=b"0" * 70_000, password=PASSWORD)


def test_a_pkcs12_file_signs_too(approved_minutes, secretary):
    p12 = demo.pkcs12_file(secretary.certificate, secretary.private_key, PASSWORD, name="firma")
    credentials = credentials_from_files(pkcs12=p12, password=PASSWORD)
    assert act_sign(act_kind=ActKind.MINUTES, act_id=approved_minutes.pk, credentials=credentials)
    with pytest.raises(ValidationError, match=r"La contraseña del archivo \.p12 no es correcta"):
        credentials_from_files(pkcs12=p12, password="otra")


def test_a_minuta_not_approved_cannot_be_signed(seed_commission, secretary):
    draft = seed_commission.sessions.get(kind="ordinaria", number=3).minutes
    with pytest.raises(ValidationError, match="Solo se firma una minuta aprobada"):
        _sign(draft, secretary)


def test_a_malformed_rfc_or_curp_is_refused_in_spanish(secretary_person):
    identity = SignerIdentity(person=secretary_person, rfc="nuyb-70", curp="NUYB70")
    with pytest.raises(ValidationError) as refused:
        identity.full_clean()
    assert refused.value.message_dict == {
        "rfc": ["Escriba el RFC con homoclave, en mayúsculas (12 o 13 caracteres)."],
        "curp": ["Escriba la CURP de 18 caracteres, en mayúsculas."],
    }
