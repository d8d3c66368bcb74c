"""A test certification authority, for the demo and the tests only: every name it issues
says «DEMOSTRACIÓN», and CORI trusts it only when ``SIGNATURE_TRUST_DEMO`` is on (by
default only with ``DEBUG``). Keys are EC P-256: made in a millisecond."""

import datetime
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import NameOID

_UNIQUE_ID = x509.ObjectIdentifier("2.5.4.45")  # x500UniqueIdentifier
DEMO_AUTHORITY_NAME = "Autoridad certificadora de DEMOSTRACIÓN de CORI (no válida)"


@dataclass
class Authority:
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey


def _name(attributes: list[tuple]) -> x509.Name:
    return x509.Name([x509.NameAttribute(*attribute) for attribute in attributes])


def authority_create(
    *, name: str = DEMO_AUTHORITY_NAME, not_before: datetime.datetime, years: int = 20
) -> Authority:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name([(NameOID.COMMON_NAME, name), (NameOID.ORGANIZATION_NAME, "CORI demostración")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_before + datetime.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Authority(certificate=cert, key=key)


def person_certificate(
    authority: Authority,
    *,
    name: str,
    not_before: datetime.datetime,
    not_after: datetime.datetime,
    rfc: str = "",
    curp: str = "",
    key=None,
    crl_url: str = "",
    sat_layout: bool = False,
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """A signing certificate: the name in CN, the RFC and CURP in serialNumber («RFC /
    CURP»); with ``sat_layout`` as SAT's e.firma has them: the RFC in x500UniqueIdentifier
    as a PrintableString («RFC / »), the CURP in serialNumber (« / CURP»)."""
    key = key or ec.generate_private_key(ec.SECP256R1())
    attributes = [(NameOID.COMMON_NAME, name), (NameOID.ORGANIZATION_NAME, "DEMOSTRACIÓN")]
    if sat_layout:
        attributes.append((_UNIQUE_ID, f"{rfc} / ", _ASN1Type.PrintableString))
        attributes.append((NameOID.SERIAL_NUMBER, f" / {curp}"))
    elif rfc or curp:
        attributes.append((NameOID.SERIAL_NUMBER, " / ".join(v for v in (rfc, curp) if v)))
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(attributes))
        .issuer_name(authority.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.key.public_key()),
            critical=False,
        )
    )
    if crl_url:
        # Declared, so validators look for its revocation list (the tests give it as a
        # file). The demo's declare none: nothing serves one, and a validator that finds
        # a declared list missing judges the signature invalid.
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[x509.UniformResourceIdentifier(crl_url)],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        )
    return builder.sign(authority.key, hashes.SHA256()), key


def revocation_list(
    authority: Authority, *, revoked: list[x509.Certificate], on: datetime.datetime
) -> bytes:
    """A CRL (DER) of the authority naming the revoked certificates."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(authority.certificate.subject)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.key.public_key()),
            critical=False,
        )
        .add_extension(x509.CRLNumber(1), critical=False)
        .last_update(on)
        .next_update(on + datetime.timedelta(days=30))
    )
    for cert in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(cert.serial_number)
            .revocation_date(on - datetime.timedelta(days=1))
            .build()
        )
    return builder.sign(authority.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def key_file(key, password: str) -> bytes:
    """The key as SAT delivers it: PKCS#8, DER, encrypted with the password."""
    return key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(password.encode()),
    )


def certificate_file(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def pkcs12_file(cert, key, password: str, *, name: str, chain=()) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        name.encode(),
        key,
        cert,
        list(chain) or None,
        serialization.BestAvailableEncryption(password.encode()),
    )
