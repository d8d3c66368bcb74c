"""The convocatoria as an official act: numbered (``convocatoria_create``), closed for
signature before it is sent (``convocatoria_close``: its number, date and PDF fixed),
reopened only while nobody has signed (``convocatoria_reopen``), and the file it is sent
with (``convocatoria_sending_pdf``: the signed one, once closed). Sending and its adendas
are ``sessions.services.agenda``; the seal of what a closed convocatoria states is
``sessions.services.sealing``; the signatures are ``signatures`` (docs/signing.md)."""

import dataclasses

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cori.locking import record_lock
from cori.numbering import sequence_next
from cori.states import Lifecycle, StateConflict, institute_today
from cori.text import long_date
from sessions.convocatoria import convocatoria_content, convocatoria_pdf
from sessions.models import Convocatoria, Session
from sessions.selectors.agenda import agenda_items
from signatures.models import ActKind
from signatures.pdf import sha256
from signatures.selectors import act_signed_pdf, act_turns, acts_signed, signers_declared

# borrador → (cerrada para firma →) enviada (``convocatoria_send``) → publicada
# (``publication_create``); withdrawing the publication takes it back to enviada; a closed
# one goes back to borrador while nobody has signed it. What it says is fixed when it is
# closed or sent: a later change of the orden del día goes out as an adenda.
CONVOCATORIA_LIFECYCLE = Lifecycle(
    subject="la convocatoria",
    transitions={
        Convocatoria.State.DRAFT: (Convocatoria.State.CLOSED, Convocatoria.State.SENT),
        Convocatoria.State.CLOSED: (Convocatoria.State.DRAFT, Convocatoria.State.SENT),
        Convocatoria.State.SENT: (Convocatoria.State.PUBLISHED,),
        Convocatoria.State.PUBLISHED: (Convocatoria.State.SENT,),
    },
    labels=dict(Convocatoria.State.choices),
    initial=Convocatoria.State.DRAFT,
)


def convocatoria_code(*, commission, year: int, number: int) -> str:
    """``CORI/CONV/003/22``."""
    return f"{commission.acronym}/CONV/{number:03d}/{year % 100:02d}"


@transaction.atomic
def convocatoria_create(*, session: Session) -> Convocatoria:
    """The session's convocatoria, numbered in the commission's year (once)."""
    Session.objects.select_for_update().filter(pk=session.pk).first()
    existing = Convocatoria.objects.filter(session=session).first()
    if existing is not None:
        return existing
    commission = session.commission
    year = session.date.year
    number = sequence_next(key=f"convocatoria:{commission.pk}", year=year)
    convocatoria = Convocatoria(
        session=session,
        year=year,
        number=number,
        code=convocatoria_code(commission=commission, year=year, number=number),
    )
    convocatoria.full_clean()
    convocatoria.save()
    return convocatoria


def session_convenable_check(session: Session) -> None:
    """A session is convened while programada, convocada (marked by hand) or suspendida
    (convened again); a held or cancelled one is not."""
    if session.status in (Session.Status.HELD, Session.Status.CANCELLED):
        raise StateConflict(
            f"La {session.title.lower()} está «{session.get_status_display()}»: ya no se convoca."
        )


def session_not_past_check(session: Session, *, today) -> None:
    """A convocatoria is dated the day it is closed or sent: never after its session."""
    if today > session.date:
        raise ValidationError(
            "La convocatoria no puede tener fecha posterior a la sesión: la sesión es del "
            f"{long_date(session.date)} y hoy es {long_date(today)}."
        )


def _closable_check(convocatoria: Convocatoria | None, session: Session, today) -> None:
    if convocatoria is not None and convocatoria.sent_at is not None:
        raise StateConflict(
            f"La convocatoria {convocatoria.code} ya se envió: se cierra para firma antes."
        )
    if convocatoria is not None and convocatoria.closed_at is not None:
        raise StateConflict(f"La convocatoria {convocatoria.code} ya está cerrada para firma.")
    if convocatoria is not None:
        CONVOCATORIA_LIFECYCLE.check(convocatoria.state, Convocatoria.State.CLOSED)
    session_convenable_check(session)
    session_not_past_check(session, today=today)
    if not agenda_items(session).exists():
        raise ValidationError(
            "Agregue el orden del día antes de cerrar la convocatoria para firma."
        )


def convocatoria_close(*, session: Session) -> Convocatoria:
    """Close the session's convocatoria for signature: numbered (if it was not), dated
    today, its PDF rendered as it will be sent and stored with its SHA-256. From now on
    what it states does not change (``sessions.services.sealing``) until it is reopened.

    Refused when it was sent or is closed already, the session is held or cancelled, today
    is after the session, or the orden del día is empty. The PDF is rendered outside the
    row lock and the content read again under it: a change in between refuses."""
    today = institute_today()
    # Checked before it is numbered: a refused closing takes no number.
    _closable_check(Convocatoria.objects.filter(session=session).first(), session, today)
    convocatoria = convocatoria_create(session=session)
    content = dataclasses.replace(
        convocatoria_content(session), closed=True, dated=long_date(today, weekday=False)
    )
    pdf = convocatoria_pdf(content)
    with transaction.atomic():
        record_lock(convocatoria, version=None)
        Session.objects.select_for_update().filter(pk=session.pk).first()
        session.refresh_from_db()
        _closable_check(convocatoria, session, today)
        if dataclasses.replace(convocatoria_content(session), closed=True, dated=content.dated) != (
            content
        ):
            raise StateConflict(
                "El orden del día cambió mientras se cerraba la convocatoria: intente de nuevo."
            )
        convocatoria.date = today
        convocatoria.closed_at = timezone.now()
        convocatoria.pdf = pdf
        convocatoria.pdf_sha256 = sha256(pdf)
        convocatoria.full_clean()
        convocatoria.save()
    return convocatoria


@transaction.atomic
def convocatoria_reopen(*, session: Session) -> Convocatoria:
    """Take a closed convocatoria back to borrador (its number kept) so that the orden del
    día can change: only while nobody has signed it and it has not been sent."""
    convocatoria = Convocatoria.objects.filter(session=session).first()
    if convocatoria is not None:
        record_lock(convocatoria, version=None)
    if convocatoria is None or convocatoria.closed_at is None:
        raise StateConflict("La convocatoria no está cerrada para firma: no hay qué reabrir.")
    CONVOCATORIA_LIFECYCLE.check(convocatoria.state, Convocatoria.State.DRAFT)
    if acts_signed(act_kind=ActKind.CONVOCATORIA, act_ids=[convocatoria.pk]):
        raise StateConflict(
            f"La convocatoria {convocatoria.code} ya tiene firmas: no se reabre. Envíela cuando "
            "tenga todas y comunique los cambios en una adenda."
        )
    convocatoria.date = None
    convocatoria.closed_at = None
    convocatoria.pdf = b""
    convocatoria.pdf_sha256 = ""
    convocatoria.full_clean()
    convocatoria.save()
    return convocatoria


def convocatoria_sending_pdf(convocatoria: Convocatoria) -> bytes | None:
    """The file a convocatoria is sent with: once closed, its signed file, byte for byte,
    refused while a signature is missing; None for one sent unsigned (rendered at sending).
    A commission that declares who signs its convocatorias sends none unsigned."""
    session = convocatoria.session
    if convocatoria.closed_at is None:
        if signers_declared(commission=session.commission, act_kind=ActKind.CONVOCATORIA):
            raise StateConflict(
                "La comisión firma sus convocatorias (firmas requeridas): cierre la convocatoria "
                "para firma y recabe las firmas antes de enviarla."
            )
        return None
    turns = act_turns(
        commission=session.commission,
        act_kind=ActKind.CONVOCATORIA,
        act_id=convocatoria.pk,
        day=convocatoria.date,
    )
    pending = [turn for turn in turns if turn.signature is None]
    if pending:
        names = ", ".join(
            f"{turn.role_label.lower()} ({', '.join(p.full_name for p in turn.people) or 'nadie'})"
            for turn in pending
        )
        raise StateConflict(
            f"Faltan firmas de la convocatoria {convocatoria.code}: {names}. Se envía firmada "
            "por todas las personas que la firman."
        )
    return act_signed_pdf(act_kind=ActKind.CONVOCATORIA, act_id=convocatoria.pk)


def convocatoria_file(convocatoria: Convocatoria | None) -> bytes | None:
    """The stored file of a closed convocatoria (signed, once anyone signed), or None."""
    if convocatoria is None or convocatoria.closed_at is None:
        return None
    signed = act_signed_pdf(act_kind=ActKind.CONVOCATORIA, act_id=convocatoria.pk)
    return signed if signed is not None else bytes(convocatoria.pdf)


__all__ = [
    "CONVOCATORIA_LIFECYCLE",
    "convocatoria_close",
    "convocatoria_code",
    "convocatoria_create",
    "convocatoria_file",
    "convocatoria_reopen",
    "convocatoria_sending_pdf",
    "session_not_past_check",
]
