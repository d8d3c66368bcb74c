"""The certification authorities CORI trusts (``SIGNATURE_TRUST_ROOTS``), their
revocation lists (``SIGNATURE_CRLS``) and, only with ``SIGNATURE_TRUST_DEMO``, the demo's
authority (docs/signing.md)."""

from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from django.conf import settings

from signatures.pdf import trust_roots

DEMO_ROOT_FILE = "autoridad-demo.cer"
DEMO_ROOT_KEY_FILE = "autoridad-demo.key"


def demo_root() -> x509.Certificate | None:
    path = Path(settings.SIGNATURE_DEMO_DIR) / DEMO_ROOT_FILE
    if not settings.SIGNATURE_TRUST_DEMO or not path.exists():
        return None
    return trust_roots([path])[0]


def configured_roots() -> list[x509.Certificate]:
    roots = trust_roots(settings.SIGNATURE_TRUST_ROOTS)
    demo = demo_root()
    return [*roots, demo] if demo is not None else roots


def configured_crls() -> list[bytes]:
    crls = []
    for path in settings.SIGNATURE_CRLS:
        data = Path(path).read_bytes()
        if b"-----BEGIN" in data:
            data = x509.load_pem_x509_crl(data).public_bytes(Encoding.DER)
        crls.append(data)
    return crls
