"""PAdES B-T with a real RFC 3161 timestamp authority (served over HTTP here, no network,
reached through ``SIGNATURE_TSA_URL``), B-B without one, and the LTV material (the chain
and the revocation lists, in the document's DSS) that pyHanko's validator reads offline."""

import datetime
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pikepdf
import pytest
from asn1crypto import tsp
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation import (
    RevocationInfoValidationType,
    validate_pdf_ltv_signature,
    validate_pdf_signature,
)
from pyhanko_certvalidator import ValidationContext

from signatures import authority as demo
from signatures.models import ActKind, ActSignature
from signatures.pdf import asn1_certificate
from signatures.services import act_sign
from tests.signatures.conftest import EXPIRES, ISSUED

pytestmark = pytest.mark.usefixtures("trusted")


def _tsa_certificate(authority):
    """A timestamping certificate of the test authority (critical EKU timeStamping); RSA,
    the one kind of key pyHanko's test timestamper signs with."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Sellos de tiempo de prueba")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(authority.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(ISSUED)
        .not_valid_after(EXPIRES)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.key.public_key()),
            critical=False,
        )
        .sign(authority.key, hashes.SHA256())
    )
    return cert, key


@pytest.fixture
def tsa(authority, monkeypatch):
    """An RFC 3161 timestamp authority on 127.0.0.1: its URL and the requests it answered."""
    from asn1crypto import keys
    from cryptography.hazmat.primitives import serialization

    cert, key = _tsa_certificate(authority)
    der_key = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    stamper = DummyTimeStamper(
        tsa_cert=asn1_certificate(cert), tsa_key=keys.PrivateKeyInfo.load(der_key)
    )
    answered = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            answered.append(reply)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    url = f"http://127.0.0.1:{server.server_address[1]}/tsa"
    with override_settings(SIGNATURE_TSA_URL=url):
        yield answered
    server.shutdown()
    server.server_close()


@pytest.fixture
def crl(authority, trusted):
    """The test authority's revocation list (nobody revoked), given to CORI as a file."""
    on = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    data = demo.revocation_list(authority, revoked=[], on=on)
    path = trusted / "autoridad.crl"
    path.write_bytes(data)
    with override_settings(SIGNATURE_CRLS=[str(path)]):
        yield data


def _sign(minutes, firma) -> ActSignature:
    return act_sign(act_kind=ActKind.MINUTES, act_id=minutes.pk, credentials=firma.credentials())


def _signatures(data: bytes):
    return PdfFileReader(io.BytesIO(data)).embedded_signatures


def _offline_lt(signature, authority):
    """pyHanko's PAdES-LT validation, offline: revocation data only from the file's DSS."""
    roots = [asn1_certificate(authority.certificate)]
    return validate_pdf_ltv_signature(
        signature,
        RevocationInfoValidationType.PADES_LT,
        validation_context_kwargs={"trust_roots": roots, "allow_fetching": False},
        # the signature's timestamp is first checked against the root alone (the TSA's
        # certificate declares no revocation list), then everything against the DSS
        bootstrap_validation_context=ValidationContext(
            trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail"
        ),
    )


def test_with_a_timestamp_authority_the_signature_is_b_t_and_its_timestamp_verifies(
    tsa, approved_minutes, secretary, authority, client
):
    signature = _sign(approved_minutes, secretary)
    assert tsa  # the authority was asked, over HTTP
    assert signature.level == "PAdES B-T"
    [embedded] = _signatures(bytes(signature.pdf))
    context = ValidationContext(trust_roots=[asn1_certificate(authority.certificate)])
    status = validate_pdf_signature(embedded, context, ts_validation_context=context)
    assert status.bottom_line
    stamp = status.timestamp_validity
    assert stamp is not None and stamp.intact and stamp.valid and stamp.trusted
    assert abs(stamp.timestamp - signature.signed_at) < datetime.timedelta(minutes=1)
    upload = SimpleUploadedFile("minuta.pdf", bytes(signature.pdf))
    page = client.post(reverse("signature_verification"), {"file": upload}).content.decode()
    assert "sello de tiempo de una autoridad de sellado" in page
    # Without the authority's revocation list, the file cannot be validated as LTV offline.
    assert not _offline_lt(embedded, authority).bottom_line


def test_with_the_revocation_list_the_dss_carries_it_and_validates_offline_as_b_lt(
    tsa, crl, approved_minutes, secretary, chair, authority
):
    _sign(approved_minutes, secretary)
    second = _sign(approved_minutes, chair)
    assert second.level == "PAdES B-LT"
    data = bytes(second.pdf)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        dss = pdf.Root.DSS
        assert [bytes(stream.read_bytes()) for stream in dss.CRLs] == [crl]
        certificates = {x509.load_der_x509_certificate(c.read_bytes()).subject for c in dss.Certs}
    assert authority.certificate.subject in certificates  # the chain, up to the root
    assert secretary.certificate.subject in certificates
    assert chair.certificate.subject in certificates
    for embedded in _signatures(data):  # both, offline, from the file alone
        status = _offline_lt(embedded, authority)
        assert status.bottom_line, status.pretty_print_details()
        assert status.timestamp_validity.trusted


def test_without_a_timestamp_authority_it_is_b_b_with_the_chain_embedded(
    crl, approved_minutes, secretary, caplog
):
    with caplog.at_level("WARNING"):
        signature = _sign(approved_minutes, secretary)
    assert "fetching is not allowed" not in caplog.text  # offline by design: not a warning
    assert signature.level == "PAdES B-B"
    [embedded] = _signatures(bytes(signature.pdf))
    assert embedded.attached_timestamp_data is None
    with pikepdf.open(io.BytesIO(bytes(signature.pdf))) as pdf:
        assert "/DSS" in pdf.Root and len(pdf.Root.DSS.CRLs) == 1


def test_a_timestamp_authority_that_does_not_answer_is_a_spanish_refusal(
    approved_minutes, secretary
):
    with (
        override_settings(SIGNATURE_TSA_URL="http://127.0.0.1:9/tsa"),
        pytest.raises(ValidationError, match="autoridad de sellado de tiempo"),
    ):
        _sign(approved_minutes, secretary)
    assert not ActSignature.objects.exists()
