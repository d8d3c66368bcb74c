"""PAdES signatures of a PDF with pyHanko, and their verification: plain functions on bytes,
no database. The private key lives in a ``Credentials`` object for one signature and is
never written anywhere (``signatures.services.act_sign`` drops it when done)."""

import asyncio
import datetime
import hashlib
import io
import logging
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.signers.constants import ISO32002
from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError, RevokedError
from pyhanko_certvalidator.registry import SimpleCertificateStore

from signatures.structure import signature_fields_prepare

# SAT's e.firma writes the RFC in x500UniqueIdentifier as a PrintableString, where X.520
# says BIT STRING; asn1crypto (under pyHanko and its validator) then cannot read the
# subject (wbond/asn1crypto#228). Read it as the string it is in the certificates we meet.
asn1_x509.NameTypeAndValue._oid_specs["unique_identifier"] = asn1_x509.DirectoryString

# fontTools says, on every signature block, that it drops a table the subset does not need.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


class _OfflineByDesign(logging.Filter):
    """pyHanko warns, on every signature that embeds validation data, that fetching is off:
    CORI reads revocation data offline by design (``SIGNATURE_FETCH_REVOCATION``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Validation/revocation info will be embedded")


logging.getLogger("pyhanko.sign.signers.pdf_signer").addFilter(_OfflineByDesign())

# The files a person uploads to sign: a certificate, a key, a PKCS#12 are a few KB.
CREDENTIAL_MAX_BYTES = 64 * 1024
# The signature block's font: the documents' own DejaVu Sans (ñ and accents), embedded.
FONT = "fonts/DejaVuSans.ttf"
# x500UniqueIdentifier (SAT puts the RFC there) and serialNumber (the CURP).
_UNIQUE_ID = x509.ObjectIdentifier("2.5.4.45")
# Size of a signature block (points) and its place at the foot of the last page.
BLOCK_WIDTH, BLOCK_HEIGHT, BLOCK_MARGIN = 250, 52, 36


@dataclass
class Credentials:
    """A certificate with its private key and the chain the file carried."""

    certificate: x509.Certificate
    key: object = field(repr=False)
    chain: tuple[x509.Certificate, ...] = ()


def _bounded(data: bytes, what: str) -> bytes:
    if not data:
        raise ValidationError(f"Adjunte {what}.")
    if len(data) > CREDENTIAL_MAX_BYTES:
        raise ValidationError(
            f"{what[0].upper()}{what[1:]} pesa más de 64 KB: no es un archivo de firma."
        )
    return data


def _certificate(data: bytes) -> x509.Certificate:
    data = _bounded(data, "el certificado (.cer)")
    for load in (x509.load_der_x509_certificate, x509.load_pem_x509_certificate):
        try:
            return load(data)
        except ValueError:
            continue
    raise ValidationError("El archivo .cer no es un certificado X.509 (DER o PEM).")


def _private_key(data: bytes, password: bytes):
    data = _bounded(data, "la llave privada (.key)")
    loaders = (serialization.load_der_private_key, serialization.load_pem_private_key)
    wrong_password = False
    for load in loaders:
        try:
            return load(data, password=password or None)
        except TypeError:  # encrypted and no password, or a password for a plain key
            wrong_password = True
        except ValueError as error:
            wrong_password = (
                wrong_password
                or "password" in str(error).lower()
                or "decrypt" in str(error).lower()
            )
        except UnsupportedAlgorithm:
            continue
    if wrong_password:
        raise ValidationError("La contraseña de la llave privada no es correcta.")
    raise ValidationError("El archivo .key no es una llave privada (PKCS#8, DER o PEM).")


def _key_matches(certificate: x509.Certificate, key) -> bool:
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    return key.public_key().public_bytes(der, spki) == certificate.public_key().public_bytes(
        der, spki
    )


def credentials_load(*, certificate: bytes, key: bytes, password: str) -> Credentials:
    """The e.firma's ``.cer`` and encrypted ``.key`` opened with its password."""
    cert = _certificate(certificate)
    private = _private_key(key, password.encode())
    if not _key_matches(cert, private):
        raise ValidationError("La llave privada no corresponde al certificado.")
    return Credentials(certificate=cert, key=private)


def credentials_load_pkcs12(*, data: bytes, password: str) -> Credentials:
    data = _bounded(data, "el archivo PKCS#12 (.p12 o .pfx)")
    try:
        private, cert, chain = pkcs12.load_key_and_certificates(data, password.encode() or None)
    except ValueError as error:
        if "password" in str(error).lower() or "mac" in str(error).lower():
            raise ValidationError("La contraseña del archivo .p12 no es correcta.") from None
        raise ValidationError("El archivo no es un PKCS#12 (.p12 o .pfx) legible.") from None
    if private is None or cert is None:
        raise ValidationError("El archivo .p12 no contiene un certificado con su llave privada.")
    if not _key_matches(cert, private):
        raise ValidationError("La llave privada no corresponde al certificado.")
    return Credentials(certificate=cert, key=private, chain=tuple(chain or ()))


def normalized_name(name: str) -> str:
    """Upper case, no accents, single spaces: how a certificate's name is compared."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.upper().split())


def _attributes(certificate: x509.Certificate, oid) -> list[str]:
    return [str(a.value) for a in certificate.subject.get_attributes_for_oid(oid)]


def certificate_identifiers(certificate: x509.Certificate) -> set[str]:
    """The RFC and CURP a certificate carries (SAT: «RFC / RFC del representante» in
    x500UniqueIdentifier, «CURP / …» in serialNumber), upper case."""
    values = _attributes(certificate, _UNIQUE_ID) + _attributes(certificate, NameOID.SERIAL_NUMBER)
    return {token.upper() for value in values for token in value.replace("/", " ").split()}


def certificate_name(certificate: x509.Certificate) -> str:
    names = _attributes(certificate, NameOID.COMMON_NAME) or _attributes(
        certificate, NameOID.PSEUDONYM
    )
    return names[0] if names else ""


def certificate_holds(certificate: x509.Certificate, *, name: str, identifiers: set[str]) -> bool:
    """The documented rule (docs/signing.md): a person with an RFC or CURP recorded is
    the holder when the certificate carries one of them; otherwise when the certificate's
    name (CN) is the person's, compared without accents, case or extra spaces."""
    wanted = {value.strip().upper() for value in identifiers if value and value.strip()}
    if wanted:
        return bool(wanted & certificate_identifiers(certificate))
    return normalized_name(certificate_name(certificate)) == normalized_name(name)


def asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _trust_file(path: str) -> list[x509.Certificate]:
    data = Path(path).read_bytes()
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificates(data)
    return [x509.load_der_x509_certificate(data)]


def trust_roots(paths) -> list[x509.Certificate]:
    return [cert for path in paths for cert in _trust_file(path)]


def validation_context(*, roots, crls=(), moment=None, chain=()) -> ValidationContext:
    return ValidationContext(
        trust_roots=[asn1_certificate(root) for root in roots],
        other_certs=[asn1_certificate(cert) for cert in chain],
        crls=list(crls),
        allow_fetching=settings.SIGNATURE_FETCH_REVOCATION,
        revocation_mode="soft-fail",
        moment=moment,
    )


def certificate_check(credentials: Credentials, *, on: datetime.datetime, roots, crls=()) -> None:
    """Valid on the signing date, issued by a trusted authority, not revoked."""
    cert = credentials.certificate
    if on < cert.not_valid_before_utc:
        raise ValidationError(
            f"El certificado aún no es válido: lo es a partir del {cert.not_valid_before_utc:%d/%m/%Y}."
        )
    if on > cert.not_valid_after_utc:
        raise ValidationError(f"El certificado venció el {cert.not_valid_after_utc:%d/%m/%Y}.")
    context = validation_context(roots=roots, crls=crls, moment=on, chain=credentials.chain)
    validator = CertificateValidator(
        asn1_certificate(cert),
        intermediate_certs=[asn1_certificate(c) for c in credentials.chain],
        validation_context=context,
    )
    try:
        asyncio.run(validator.async_validate_usage({"digital_signature"}))
    except ValueError:  # a certificate asn1crypto cannot parse
        raise ValidationError(
            "El certificado no se pudo leer: no es un certificado válido."
        ) from None
    except RevokedError:
        raise ValidationError(
            "El certificado fue revocado por su autoridad certificadora."
        ) from None
    except (PathBuildingError, PathValidationError):
        raise ValidationError(
            "El certificado no fue emitido por una autoridad certificadora reconocida por CORI, "
            "o no sirve para firmar."
        ) from None


def _signer(credentials: Credentials) -> signers.SimpleSigner:
    der_key = credentials.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return signers.SimpleSigner(
        signing_cert=asn1_certificate(credentials.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_certificate(c) for c in credentials.chain]
        ),
    )


def _block(reader: PdfFileReader, order: int) -> tuple[int, int, int, int]:
    """Where signature ``order`` goes on the last page: two per row from the foot up."""
    count = int(reader.root["/Pages"]["/Count"])
    last = reader.find_page_for_modification(count - 1)[0].get_object()
    box = [float(v) for v in last.get("/MediaBox", (0, 0, 612, 792))]
    column, row = (order - 1) % 2, (order - 1) // 2
    x = int(box[0] + BLOCK_MARGIN + column * (BLOCK_WIDTH + 12))
    y = int(box[1] + 8 + row * (BLOCK_HEIGHT + 6))
    return (x, y, x + BLOCK_WIDTH, y + BLOCK_HEIGHT)


class _Writer(IncrementalPdfFileWriter):
    """pyHanko's incremental writer, leaving the document's metadata as it was issued:
    its own update rewrites the XMP packet and the Info dictionary apart (Producer,
    ModDate), and PDF/A requires the two to agree."""

    def _update_meta(self):
        pass

    # PDF/A-3 is PDF 1.7. For an ECDSA signature pyHanko declares the file PDF 2.0 with the
    # ISO/TS 32002 extension (ECDSA in PDF 2.0); PAdES signs with ECDSA in PDF 1.7 as well
    # (ETSI TS 119 312), so the file stays the version it was issued in. (SAT's e.firma keys
    # are RSA; the demo's and the tests' are EC.)
    def ensure_output_version(self, version):
        super().ensure_output_version(min(version, (1, 7)))

    def register_extension(self, ext):
        if ext.prefix_name != ISO32002.prefix_name:
            super().register_extension(ext)


@dataclass(frozen=True)
class SignedPdf:
    data: bytes
    level: str  # "PAdES B-B", "PAdES B-T" or "PAdES B-LT"


# The signature's validation material (the chain and the revocation data CORI has) goes
# into the document's DSS in the signature's own revision: one revision per signature, and
# pyHanko's post-signing revision (which rewrites the metadata) is never written.
DSS_WITH_SIGNATURE = DSSContentSettings(
    placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE, include_vri=False
)


def _revocation_embedded(context: ValidationContext, certificate: x509.Certificate) -> bool:
    """Whether the material embedded has revocation data of the signer's authority."""
    issuer = asn1_certificate(certificate).issuer
    return any(crl["tbs_cert_list"]["issuer"] == issuer for crl in context.crls) or bool(
        context.ocsps
    )


class _PdfSigner(signers.PdfSigner):
    """pyHanko's signer at a given time: the one CORI records, so the signature's stated
    time, its block and its alternate text agree with the record to the second."""

    def __init__(self, *args, signed_at: datetime.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.signed_at = signed_at

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self.signed_at
        return session


def block_text(*, signer_name: str, role: str, signed_at: datetime.datetime) -> str:
    """The signature block's alternate text (what a screen reader says of it)."""
    moment = signed_at.astimezone(datetime.UTC)
    return (
        f"Firma electrónica de {signer_name}, {role.lower()}, "
        f"el {moment:%d/%m/%Y a las %H:%M:%S} UTC"
    )


def pending_block_text(*, order: int, role: str, names: str) -> str:
    """A later turn's block text, written with the first signature (signatures/structure.py)."""
    holders = f" ({names})" if names else ""
    return (
        f"Firma electrónica del turno {order}: {role.lower()}{holders}; quién firmó y cuándo "
        "consta en la firma de este campo"
    )


def pdf_sign(
    data: bytes,
    credentials: Credentials,
    *,
    order: int,
    signer_name: str,
    role: str,
    reason: str,
    signed_at: datetime.datetime,
    pending_turns=(),
    roots=(),
    crls=(),
) -> SignedPdf:
    """One incremental PAdES signature with a visible block on the last page: B-T with an
    RFC 3161 timestamp when ``SIGNATURE_TSA_URL`` is set, B-B otherwise; with ``roots``,
    the chain and the revocation data (``crls``, and what is fetched with
    ``SIGNATURE_FETCH_REVOCATION``) embedded in the DSS (LTV: B-LT when timestamped and
    the signer's authority's revocation data is there). ``pending_turns``: (order,
    alternate text) of the act's other turns, whose blocks the first signature makes."""
    writer = _Writer(io.BytesIO(data), strict=False)
    # The first signature's revision, before it is signed, makes every turn's field and
    # its place in the structure tree (signatures/structure.py); a later one fills its own.
    texts = {order: block_text(signer_name=signer_name, role=role, signed_at=signed_at)}
    field_name = signature_fields_prepare(
        writer,
        order=order,
        texts=texts | dict(pending_turns),
        box=lambda turn: _block(writer.prev, turn),
    )
    timestamper = None
    if settings.SIGNATURE_TSA_URL:
        timestamper = timestamps.HTTPTimeStamper(settings.SIGNATURE_TSA_URL, timeout=10)
    style = TextStampStyle(
        stamp_text=f"Firmado electrónicamente por\n%(signer)s\n{role}\n%(ts)s",
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(finders.find(FONT), font_size=8)),
        timestamp_format="%d/%m/%Y %H:%M:%S UTC",
        border_width=1,
    )
    context = validation_context(roots=roots, crls=crls, chain=credentials.chain) if roots else None
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location="Ciudad de México",
        name=signer_name,
        use_pades_lta=False,
        embed_validation_info=context is not None,
        validation_context=context,
        dss_settings=DSS_WITH_SIGNATURE,
    )
    pdf_signer = _PdfSigner(
        meta,
        signer=_signer(credentials),
        timestamper=timestamper,
        stamp_style=style,
        signed_at=signed_at.astimezone(datetime.UTC),
    )
    try:
        out = pdf_signer.sign_pdf(
            writer, existing_fields_only=True, appearance_text_params={"signer": signer_name}
        )
    except timestamps.TimestampRequestError:
        raise ValidationError(
            "La autoridad de sellado de tiempo (SIGNATURE_TSA_URL) no respondió o su respuesta "
            "no es válida: no se firmó. Intente de nuevo más tarde."
        ) from None
    level = "PAdES B-B"
    if timestamper is not None:
        long_term = context is not None and _revocation_embedded(context, credentials.certificate)
        level = "PAdES B-LT" if long_term else "PAdES B-T"
    return SignedPdf(data=out.getvalue(), level=level)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
