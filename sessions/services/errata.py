"""The fe de erratas of a sealed minuta: the one way to correct an approved minuta, whose
text (and what it states: ``sessions.services.sealing``) never changes.

Its lifecycle is the minuta's: ``minutes_erratum_create`` (borrador, only for an approved
minuta), ``minutes_erratum_update`` (the text, while not approved),
``minutes_erratum_send`` (enviada para observaciones) and ``minutes_erratum_approve``
(by an item «Aprobación de minutas» of a later held session of the commission, and the
accord it adopted; frozen with the SHA-256 of its text).
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cori.locking import record_lock
from cori.records import register_writes
from cori.states import StateConflict
from sessions.models import AgendaItem, Minutes, MinutesErratum, Session

ERRATUM_FROZEN = (
    "La fe de erratas ya está aprobada: su texto no cambia. Para otra corrección, registre "
    "una nueva fe de erratas."
)


def _text(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(
            {"text": "Escriba la corrección: qué dice la minuta y qué debe decir."}
        )
    return text


@transaction.atomic
def minutes_erratum_create(*, minutes: Minutes, text: str) -> MinutesErratum:
    """A draft fe de erratas of an approved minuta."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.status != Minutes.Status.APPROVED:
        raise StateConflict(
            "La minuta aún no está aprobada: corrija su texto en la minuta; la fe de erratas "
            "es para una minuta aprobada."
        )
    erratum = MinutesErratum(minutes=minutes, text=_text(text))
    erratum.full_clean()
    erratum.save()
    return erratum


def _unfrozen(erratum: MinutesErratum, version) -> None:
    record_lock(erratum, version=version)
    if erratum.status == MinutesErratum.Status.APPROVED:
        raise StateConflict(ERRATUM_FROZEN)


@transaction.atomic
def minutes_erratum_update(*, erratum: MinutesErratum, version=None, **changes) -> MinutesErratum:
    """Change the text of a draft (or sent) fe de erratas; its minuta and state do not."""
    _unfrozen(erratum, version)
    if "minutes" in changes and getattr(changes["minutes"], "pk", changes["minutes"]) != (
        erratum.minutes_id
    ):
        raise ValidationError({"minutes": "La minuta de una fe de erratas no cambia."})
    if set(changes) - {"text", "minutes"}:
        raise ValidationError(
            "El estado de la fe de erratas cambia al enviarla o aprobarla, no al editarla."
        )
    erratum.text = _text(changes.get("text", erratum.text))
    erratum.full_clean()
    erratum.save()
    return erratum


@transaction.atomic
def minutes_erratum_send(*, erratum: MinutesErratum, version=None) -> MinutesErratum:
    """Borrador → enviada para observaciones."""
    _unfrozen(erratum, version)
    if erratum.status != MinutesErratum.Status.DRAFT:
        raise StateConflict("La fe de erratas ya se envió para observaciones.")
    erratum.status = MinutesErratum.Status.SENT
    erratum.sent_at = timezone.now()
    erratum.full_clean()
    erratum.save()
    return erratum


def minutes_erratum_sha256(erratum: MinutesErratum) -> str:
    return hashlib.sha256(erratum.text.encode("utf-8")).hexdigest()


@transaction.atomic
def minutes_erratum_approve(
    *, erratum: MinutesErratum, item: AgendaItem, version=None
) -> MinutesErratum:
    """Enviada → aprobada by ``item`` («Aprobación de minutas») of a held session of the
    commission later than the one that approved the minuta; the item's accord, if any,
    is the approving accord (and is never withdrawn). Frozen with its SHA-256."""
    _unfrozen(erratum, version)
    if erratum.status != MinutesErratum.Status.SENT:
        raise StateConflict("Envíe la fe de erratas para observaciones antes de aprobarla.")
    minutes = erratum.minutes
    own = minutes.session
    if item.kind != AgendaItem.Kind.MINUTES_APPROVAL:
        raise ValidationError(
            {
                "approved_by_item": "El punto que aprueba una fe de erratas es de «Aprobación "
                "de minutas»."
            }
        )
    session = item.session
    if session.commission_id != own.commission_id:
        raise ValidationError(
            {"approved_by_item": "La fe de erratas la aprueba una sesión de la misma comisión."}
        )
    approved_on = minutes.approved_by_session.date if minutes.approved_by_session_id else own.date
    if session.pk in (own.pk, minutes.approved_by_session_id) or session.date < approved_on:
        raise ValidationError(
            {
                "approved_by_item": (
                    "La fe de erratas la aprueba una sesión posterior a la que aprobó la minuta."
                )
            }
        )
    if session.status != Session.Status.HELD:
        raise ValidationError(
            {"approved_by_item": "La sesión que aprueba la fe de erratas debe estar celebrada."}
        )
    if item.minutes_session_id and item.minutes_session_id != own.pk:
        raise ValidationError({"approved_by_item": "El punto aprueba la minuta de otra sesión."})
    erratum.status = MinutesErratum.Status.APPROVED
    erratum.approved_at = timezone.now()
    erratum.approved_by_session = session
    erratum.approved_by_item = item
    erratum.approval_accord = item.accord if item.accord_id else None
    erratum.content_sha256 = minutes_erratum_sha256(erratum)
    erratum.full_clean()
    erratum.save()
    return erratum


def _erratum_create(*, commission, changes) -> MinutesErratum:
    return minutes_erratum_create(minutes=changes.get("minutes"), text=changes.get("text", ""))


def _erratum_update(*, record, changes, version) -> MinutesErratum:
    return minutes_erratum_update(erratum=record, version=version, **changes)


def _erratum_delete(*, record, version) -> None:
    raise StateConflict(
        "Una fe de erratas no se elimina: mientras no esté aprobada, corrija su texto."
    )


# Every generic entry point (API, admin) writes a fe de erratas through these services.
register_writes(
    MinutesErratum, create=_erratum_create, update=_erratum_update, delete=_erratum_delete
)

__all__ = [
    "minutes_erratum_approve",
    "minutes_erratum_create",
    "minutes_erratum_send",
    "minutes_erratum_sha256",
    "minutes_erratum_update",
]
