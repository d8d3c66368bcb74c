"""What a PDF's signatures prove, in Spanish, for anyone (``/verificar/`` and
``POST /api/v1/signature-verifications/``): whether CORI issued it (by its hash), and for
each signature its signer, issuer, time, integrity, trust and revocation."""

import datetime
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import ModificationLevel

from cori.ratelimit import Limit, limits_check
from signatures.acts import ACTS
from signatures.pdf import asn1_certificate, sha256, validation_context
from signatures.selectors import signature_by_sha256, signature_over_sha256
from signatures.trust import configured_crls, configured_roots, demo_root

PDF_MAGIC = b"%PDF-"
# What a malformed or hostile PDF makes pyHanko's reader and validator raise: a Spanish
# answer, never a 500 (tests/signatures/test_pages.py feeds it broken files).
UNREADABLE = (
    PdfError,
    SignatureValidationError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    AssertionError,
    NotImplementedError,
    RecursionError,
    OverflowError,
)
REVOKED = (
    AdESFailure.REVOKED,
    AdESIndeterminate.REVOKED_NO_POE,
    AdESIndeterminate.REVOKED_CA_NO_POE,
)
OUT_OF_VALIDITY = (
    AdESIndeterminate.EXPIRED,
    AdESIndeterminate.OUT_OF_BOUNDS_NO_POE,
    AdESIndeterminate.NOT_YET_VALID,
)
DEMO_NOTE = "autoridad de demostración"


@dataclass(frozen=True)
class SignatureFinding:
    field: str
    signer: str
    issuer: str
    signed_at: datetime.datetime | None
    timestamped: bool
    intact: bool
    integrity: str  # «Íntegro…» or «Modificado después de firmar…»
    trusted: bool
    trust: str
    revocation: str
    demo: bool = False

    @property
    def summary(self) -> str:
        state = "íntegro" if self.intact else "modificado"
        note = f"; {DEMO_NOTE}" if self.demo else ""
        return f"{state}; firmado por {self.signer}{note}"


@dataclass(frozen=True)
class VerificationReport:
    sha256: str
    size: int
    issued_by_cori: str  # what CORI knows of this file, or "" when nothing
    signatures: list[SignatureFinding] = field(default_factory=list)

    @property
    def summary(self) -> str:
        if not self.signatures:
            return "El PDF no tiene firmas electrónicas."
        return " · ".join(finding.summary for finding in self.signatures)


def pdf_check(data: bytes, *, max_bytes: int) -> None:
    """A PDF within the size, before anything parses it."""
    if not data:
        raise ValidationError("Adjunte el PDF que quiere verificar.")
    if len(data) > max_bytes:
        raise ValidationError(
            f"El archivo pesa más de {max_bytes // (1024 * 1024)} MB: no se verifica."
        )
    if PDF_MAGIC not in data[:1024]:
        raise ValidationError("El archivo no es un PDF.")


def _cori_knows(digest: str) -> str:
    signature = signature_by_sha256(digest)
    if signature is not None:
        return (
            f"Es un documento que CORI firmó: {signature.get_act_kind_display().lower()} de la "
            f"{signature.commission.acronym}, tras su firma número {signature.order} "
            f"({signature.person.full_name}). Coincide byte por byte."
        )
    signature = signature_over_sha256(digest)
    if signature is not None:
        return (
            f"Es un documento que CORI emitió ({signature.get_act_kind_display().lower()} de la "
            f"{signature.commission.acronym}), en su versión sin firmas."
        )
    for act in ACTS.values():
        record = act.by_sha256(digest)
        if record is not None:
            return f"Es un documento que CORI emitió: {act.title(record)}."
    return ""


def _name(name) -> str:
    native = name.native
    return native.get("common_name") or name.human_friendly


def _integrity(status) -> tuple[bool, str]:
    if not (status.intact and status.valid):
        return False, "Modificado después de firmar: el contenido firmado ya no es el mismo."
    level = status.modification_level
    if level is not None and level > ModificationLevel.FORM_FILLING:
        return False, (
            "Modificado después de firmar: el archivo cambió después de esta firma de un modo "
            "que una firma no permite."
        )
    if level == ModificationLevel.FORM_FILLING:
        return True, "Íntegro: después de esta firma solo se agregaron otras firmas."
    return True, "Íntegro: el documento no cambió desde esta firma."


def _trust(status, demo) -> tuple[bool, str, str, bool]:
    """(trusted, trust sentence, revocation sentence, demo authority)."""
    is_demo = False
    if demo is not None and status.validation_path is not None:
        anchor = status.validation_path.trust_anchor.authority.name
        is_demo = anchor.dump() == asn1_certificate(demo).subject.dump()
    indic = status.trust_problem_indic
    if indic is None and status.trusted:
        if is_demo:
            sentence = (
                "Confiable solo en la demostración: el certificado lo emitió la autoridad de "
                "demostración de CORI, que no tiene validez fuera de ella."
            )
        else:
            sentence = (
                "Confiable: el certificado lo emitió una autoridad certificadora configurada "
                "en CORI."
            )
        return True, sentence, _revocation(status), is_demo
    if indic in REVOKED:
        return False, "No confiable: el certificado fue revocado.", "Revocado.", is_demo
    if indic in OUT_OF_VALIDITY:
        return False, "No confiable: el certificado no era válido al firmar.", "", is_demo
    return (
        False,
        "No se pudo comprobar: el certificado no proviene de una autoridad certificadora "
        "configurada en CORI.",
        "Sin información de revocación.",
        is_demo,
    )


def _revocation(status) -> str:
    if status.revocation_details is not None:
        return "Revocado."
    return "No consta como revocado en la información de revocación disponible."


def _finding(embedded, context, demo) -> SignatureFinding:
    status = validate_pdf_signature(embedded, context)
    intact, integrity = _integrity(status)
    trusted, trust, revocation, is_demo = _trust(status, demo)
    cert = status.signing_cert
    signed_at = status.signer_reported_dt
    timestamped = status.timestamp_validity is not None
    if timestamped:
        signed_at = status.timestamp_validity.timestamp
    return SignatureFinding(
        field=embedded.field_name,
        signer=_name(cert.subject),
        issuer=_name(cert.issuer),
        signed_at=timezone.localtime(signed_at) if signed_at else None,
        timestamped=timestamped,
        intact=intact,
        integrity=integrity,
        trusted=trusted and intact,
        trust=trust,
        revocation=revocation,
        demo=is_demo,
    )


CLIENT_LIMITED = (
    "Demasiadas verificaciones desde su dirección: espere {minutes} y vuelva a intentarlo."
)
ALL_LIMITED = (
    "Demasiadas verificaciones en CORI en este momento: espere {minutes} y vuelva a intentarlo."
)


def verification_limit_check(client_address: str) -> None:
    """Count one verification of ``client_address`` (the page's and the API's together):
    ``cori.ratelimit.RateLimited`` past its limit or past the limit of all clients together
    (``SIGNATURE_VERIFY_RATE_LIMITS``). Asked before the upload is read."""
    limits = settings.SIGNATURE_VERIFY_RATE_LIMITS
    count, seconds = limits["client"]
    limits_check([(Limit("verificacion:cliente", count, seconds), client_address)], CLIENT_LIMITED)
    count, seconds = limits["all"]
    limits_check([(Limit("verificacion:todos", count, seconds), "todos")], ALL_LIMITED)


def verification_report(data: bytes, *, max_bytes: int) -> VerificationReport:
    pdf_check(data, max_bytes=max_bytes)
    digest = sha256(data)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except UNREADABLE:
        raise ValidationError("El PDF está dañado: no se pudo leer su estructura.") from None
    context = validation_context(roots=configured_roots(), crls=configured_crls())
    demo = demo_root()
    findings = []
    for signature in embedded:
        try:
            findings.append(_finding(signature, context, demo))
        except UNREADABLE:
            findings.append(
                SignatureFinding(
                    field=signature.field_name,
                    signer="(no se pudo leer)",
                    issuer="",
                    signed_at=None,
                    timestamped=False,
                    intact=False,
                    integrity="Modificado o dañado: la firma no se pudo validar.",
                    trusted=False,
                    trust="No se pudo comprobar.",
                    revocation="",
                )
            )
    return VerificationReport(
        sha256=digest, size=len(data), issued_by_cori=_cori_knows(digest), signatures=findings
    )
