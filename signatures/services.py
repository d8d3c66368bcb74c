"""Signing an act (``act_sign``): every check, then one incremental PAdES signature."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from commissions.models import Person
from cori.states import StateConflict
from cori.text import at_time
from signatures.acts import act_for, act_lock
from signatures.models import ActSignature
from signatures.pdf import (
    Credentials,
    certificate_check,
    certificate_holds,
    credentials_load,
    credentials_load_pkcs12,
    pdf_sign,
    pending_block_text,
    sha256,
)
from signatures.selectors import Turn, act_signed_pdf, act_turns, person_identifiers
from signatures.trust import configured_crls, configured_roots


@sensitive_variables("password", "key", "pkcs12")
def credentials_from_files(
    *, certificate: bytes = b"", key: bytes = b"", pkcs12: bytes = b"", password: str = ""
) -> Credentials:
    """The signer's certificate and key from a ``.cer`` + ``.key`` or a ``.p12``."""
    if not password:
        raise ValidationError("Escriba la contraseña de su llave privada.")
    if pkcs12:
        return credentials_load_pkcs12(data=pkcs12, password=password)
    if not certificate or not key:
        raise ValidationError(
            "Adjunte su certificado (.cer) y su llave privada (.key), o un archivo .p12."
        )
    return credentials_load(certificate=certificate, key=key, password=password)


def _names(turn: Turn) -> str:
    return ", ".join(person.full_name for person in turn.people)


def _holder(turns: list[Turn], credentials: Credentials) -> tuple[Turn, Person]:
    """The pending turn this certificate may sign: refused when it is somebody else's,
    or a later one."""
    pending = [turn for turn in turns if turn.signature is None]
    if not pending:
        raise StateConflict("Este acto ya tiene todas las firmas que requiere.")
    turn = pending[0]
    if not turn.people:
        raise ValidationError(
            f"Nadie ocupa la {turn.role_label.lower()} de la comisión en la fecha del acto: "
            "no se puede firmar."
        )
    for person in turn.people:
        if _holds(credentials, person):
            return turn, person
    for later in pending[1:]:
        if any(_holds(credentials, person) for person in later.people):
            raise ValidationError(
                f"Aún no es su turno: primero firma la {turn.role_label.lower()} ({_names(turn)})."
            )
    signed = [t for t in turns if t.signature is not None]
    if any(_holds(credentials, t.signature.person) for t in signed):
        raise ValidationError("Esta persona ya firmó el acto.")
    raise ValidationError(
        f"El certificado no pertenece a {_names(turn)}, a quien toca firmar "
        f"({turn.role_label.lower()}): su RFC, CURP o nombre no coinciden."
    )


def _holds(credentials: Credentials, person: Person) -> bool:
    return certificate_holds(
        credentials.certificate, name=person.full_name, identifiers=person_identifiers(person)
    )


@sensitive_variables("credentials")
def act_sign(*, act_kind: str, act_id: int, credentials: Credentials, user=None) -> ActSignature:
    """Sign the act with the next pending turn's certificate and key.

    Refused (Spanish ``ValidationError``) when the act cannot be signed in its state, the
    certificate is not valid today, not issued by a trusted authority or revoked, it is not
    the pending signer's, or it is not their turn. The key is only used here; nothing of
    it or its password is stored, logged or cached."""
    act = act_for(act_kind)
    now = timezone.now()
    with transaction.atomic():
        # The act's row stays locked until the signature is written: two people signing
        # at once take turns, the second signs over the first's file.
        record = act_lock(act, act_id)
        refusal = act.refusal(record)
        if refusal:
            raise StateConflict(refusal)
        _not_before_check(act, record, now)
        commission = act.commission(record)
        turns = act_turns(
            commission=commission, act_kind=act_kind, act_id=act_id, day=act.signing_day(record)
        )
        _certificate_valid(credentials, now)
        turn, person = _holder(turns, credentials)
        before = act_signed_pdf(act_kind=act_kind, act_id=act_id) or act.unsigned_pdf(record)
        signed = pdf_sign(
            before,
            credentials,
            order=turn.order,
            signer_name=person.full_name,
            role=turn.role_label,
            reason=f"Firma de {act.title(record)}",
            signed_at=now,
            pending_turns=[
                (t.order, pending_block_text(order=t.order, role=t.role_label, names=_names(t)))
                for t in turns
                if t.order != turn.order
            ],
            roots=configured_roots(),
            crls=configured_crls(),
        )
        cert = credentials.certificate
        signature = ActSignature(
            commission=commission,
            act_kind=act_kind,
            act_id=act_id,
            order=turn.order,
            role=turn.role,
            person=person,
            signed_at=now,
            signed_by=user if user is not None and user.is_authenticated else None,
            certificate_serial=format(cert.serial_number, "x"),
            certificate_issuer=cert.issuer.rfc4514_string()[:500],
            certificate_subject=cert.subject.rfc4514_string()[:500],
            level=signed.level,
            sha256_before=sha256(before),
            sha256_after=sha256(signed.data),
            pdf=signed.data,
        )
        signature.full_clean()
        signature.save()
    return signature


def _not_before_check(act, record, now) -> None:
    """A signature cannot be dated before the act was ready to be signed (its closing)."""
    start = act.not_before(record)
    if start is not None and now < start:
        raise ValidationError(
            f"Una firma no puede ser anterior al cierre de {act.title(record)} para firma "
            f"({at_time(timezone.localtime(start))}): revise la hora del servidor."
        )


def _certificate_valid(credentials: Credentials, now) -> None:
    """The certificate is valid now, chains to a trusted authority and is not revoked."""
    roots = configured_roots()
    if not roots:
        raise ValidationError(
            "CORI no tiene configurada ninguna autoridad certificadora de confianza "
            "(SIGNATURE_TRUST_ROOTS): no se puede firmar."
        )
    certificate_check(credentials, on=now, roots=roots, crls=configured_crls())
