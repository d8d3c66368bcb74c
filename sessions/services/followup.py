"""Writes after a session: follow-up notes of accords, publications, calendar tokens.

An accord's ``follow_up_status`` is never typed: it is the ``status_after`` of its latest
follow-up note (``pendiente`` while it has none), set here in the note's transaction.
"""

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from commissions.models import Commission
from cori.api.services import api_token_hash
from cori.locking import record_lock
from cori.records import changes_apply, immutable_check
from sessions.convocatoria import convocatoria_content, convocatoria_pdf
from sessions.minutes_render import minutes_document, render_minutes_pdf
from sessions.models import (
    Accord,
    AccordFollowUp,
    CalendarToken,
    Convocatoria,
    FollowUpStatus,
    Publication,
)
from sessions.services.convocatoria import CONVOCATORIA_LIFECYCLE, convocatoria_file

FOLLOW_UP_FIXED = {"accord": "El acuerdo de una nota de seguimiento no cambia."}


def _accord_status_refresh(accord: Accord) -> None:
    latest = (
        AccordFollowUp.objects.filter(accord=accord)
        .order_by("-date", "-pk")
        .values_list("status_after", flat=True)
        .first()
    )
    status = latest or FollowUpStatus.PENDING
    if accord.follow_up_status != status:
        accord.follow_up_status = status
        accord.save(update_fields=["follow_up_status", "updated_at"])


def _follow_up_validate(follow_up: AccordFollowUp) -> None:
    accord = follow_up.accord
    if accord.status == Accord.Status.WITHDRAWN:
        raise ValidationError({"accord": "Un acuerdo retirado no tiene seguimiento."})
    session_date = accord.session.date if accord.session_id else None
    if follow_up.date and session_date and follow_up.date < session_date:
        raise ValidationError(
            {"date": "La nota no puede ser anterior a la sesión en que se adoptó el acuerdo."}
        )


@transaction.atomic
def accord_follow_up_create(
    *,
    accord: Accord,
    date: datetime.date,
    note: str,
    status_after: str,
    author: models.Model | None = None,
) -> AccordFollowUp:
    """Record what happened after ``accord``; its status becomes the latest note's."""
    accord = (
        Accord.objects.select_for_update(of=("self",)).select_related("session").get(pk=accord.pk)
    )
    follow_up = AccordFollowUp(
        accord=accord, date=date, note=note, status_after=status_after, author=author
    )
    follow_up.full_clean()
    _follow_up_validate(follow_up)
    follow_up.save()
    _accord_status_refresh(accord)
    return follow_up


@transaction.atomic
def accord_follow_up_update(
    *, follow_up: AccordFollowUp, version: str | None = None, **changes
) -> AccordFollowUp:
    record_lock(follow_up, version=version)
    immutable_check(follow_up, changes, FOLLOW_UP_FIXED)
    changes.pop("author", None)  # who recorded the note does not change
    changes_apply(follow_up, changes)
    follow_up.full_clean()
    _follow_up_validate(follow_up)
    follow_up.save()
    _accord_status_refresh(Accord.objects.select_for_update().get(pk=follow_up.accord_id))
    return follow_up


# --- publication ------------------------------------------------------------------------


def _target_commission(target: models.Model) -> int:
    if isinstance(target, Accord):
        return target.commission_id
    if hasattr(target, "session") and not hasattr(target, "commission_id"):
        return target.session.commission_id  # convocatoria, minuta
    return target.commission_id  # issued report


def _publication_refusal(target: models.Model) -> str:
    """Why ``target`` cannot be published ("" when it can): nothing unfinished leaves."""
    if isinstance(target, Accord):
        if target.status != Accord.Status.ADOPTED:
            return "Un acuerdo retirado no se publica."
        return ""
    if isinstance(target, Convocatoria) and not CONVOCATORIA_LIFECYCLE.allows(
        target.state, Convocatoria.State.PUBLISHED
    ):
        # A draft says nothing yet; what a sent one says is its snapshot (and its adendas).
        return "Una convocatoria que no se ha enviado es un borrador: no se publica."
    if target._meta.model_name == "minutes" and target.status != target.Status.APPROVED:
        return "Una minuta que no está aprobada es un borrador: no se publica."
    return ""


TARGET_FIELDS = {
    "accord": "accord",
    "issuedreport": "issued_report",
    "convocatoria": "convocatoria",
    "minutes": "minutes",
}


def _published_document(target: models.Model) -> bytes:
    """The PDF the public page links for ``target``: the convocatoria (its signed file; one
    sent unsigned as sent, with its adendas so far) or the approved minuta rendered now, the informe's PDF/A as issued;
    none for an accord."""
    if isinstance(target, Convocatoria):
        # Closed for signature (so signed by all, once sent): its signed file as is.
        signed = convocatoria_file(target)
        return (
            signed if signed is not None else convocatoria_pdf(convocatoria_content(target.session))
        )
    if target._meta.model_name == "minutes":
        return render_minutes_pdf(minutes_document(target))
    if target._meta.model_name == "issuedreport":
        return bytes(target.pdf)
    return b""


def publication_create(
    *, commission: Commission, target: models.Model, user: models.Model | None = None
) -> Publication:
    """Publish ``target`` (an accord, an issued report, a sent convocatoria, an approved
    minuta) on the commission's public page, now, with its PDF as published (rendered
    before the transaction opens)."""
    name = TARGET_FIELDS.get(target._meta.model_name)
    if name is None:
        raise ValidationError("Ese tipo de registro no se publica.")
    if _target_commission(target) != commission.pk:
        raise ValidationError("El registro no es de esta comisión.")
    refusal = _publication_refusal(target)
    if refusal:
        raise ValidationError(refusal)
    document = _published_document(target)
    with transaction.atomic():
        publication = Publication(
            commission=commission,
            published_at=timezone.now(),
            published_by=user,
            document=document,
            document_size=len(document),
            document_sha256=hashlib.sha256(document).hexdigest() if document else "",
            **{name: target},
        )
        publication.full_clean()
        publication.save()
    return publication


@transaction.atomic
def publication_withdraw(*, publication: Publication) -> None:
    """Take a record off the public page."""
    Publication.objects.filter(pk=publication.pk).delete()


# --- calendar tokens --------------------------------------------------------------------


@transaction.atomic
def calendar_token_create(*, user: models.Model) -> str:
    """A new personal calendar key for ``user`` (the old one stops working); only its
    SHA-256 is stored, so the key is returned to be shown once."""
    CalendarToken.objects.filter(user=user).delete()
    key = secrets.token_urlsafe(32)
    CalendarToken.objects.create(user=user, key_hash=api_token_hash(key))
    return key


def calendar_token_revoke(*, user: models.Model) -> bool:
    deleted, _ = CalendarToken.objects.filter(user=user).delete()
    return bool(deleted)


def calendar_token_user(*, key: str) -> models.Model | None:
    """The active user whose calendar key is ``key`` (its last use noted), or None."""
    token = (
        CalendarToken.objects.select_related("user").filter(key_hash=api_token_hash(key)).first()
    )
    if token is None or not token.user.is_active:
        return None
    CalendarToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
