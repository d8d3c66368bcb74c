"""A sealed act seals what it describes.

Once a session's minuta is approved (``minutes_approve``: frozen with its SHA-256), what
the minuta states cannot change: the session's date, time, modality, kind, number and
status; its attendance; its orden del día and the items' documents; its votes and votos
particulares; the accords adopted in it (their text, session and status: neither
changed nor withdrawn; no new accords in it). An accord that approved a minuta (or a fe
de erratas) is never withdrawn. And a seat that voted on an item keeps its attendance
until the vote is annulled (``votes_annul``).

A convocatoria closed for signature (``sessions.services.convocatoria``) seals what it
states in the same way: the session's date, time, modality, kind and number for good, and,
until it is sent, the orden del día and the documents it lists (``agenda_sealed_check``,
``convocatoria_changes_sealed_check``); after sending, a change goes out as an adenda.

Every write service of those records calls ``session_sealed_check`` (or one of the
checks below built on it) before it writes, so the pages, the session page, the API
(409), the admin and the import refuse with the same Spanish sentence. A sealed minuta
is corrected by a fe de erratas (``sessions.services.errata``).
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Q

from cori.states import StateConflict
from sessions.models import Accord, Convocatoria, Minutes, MinutesErratum, Session, Vote
from signatures.models import ActKind
from signatures.selectors import acts_signed

# What the minuta states of the session itself (``minutes_text``).
SESSION_SEALED_FIELDS = ("kind", "number", "year", "date", "time", "modality", "status")
# What it states of an accord adopted in the session; the follow-up (área responsable,
# fecha compromiso, cumplimiento) happens after the session and is not part of it.
ACCORD_SEALED_FIELDS = ("session", "title", "status")


def session_sealing_minutes(session: Session | None) -> Minutes | None:
    """The session's approved minuta, or None while the session is open to changes."""
    if session is None or session.pk is None:
        return None
    return (
        Minutes.objects.filter(session_id=session.pk, status=Minutes.Status.APPROVED)
        .select_related("approval_accord", "approved_by_session")
        .first()
    )


def sealed_message(minutes: Minutes, what: str) -> str:
    by = (
        minutes.approval_accord.code
        if minutes.approval_accord_id
        else f"en la sesión del {minutes.approved_by_session.date:%d/%m/%Y}"
    )
    return (
        f"La minuta de esta sesión ya está aprobada ({by}): {what}. Para corregirla, "
        "registre una fe de erratas de la minuta."
    )


def session_sealed_check(session: Session | None, *, what: str) -> None:
    """Refuse (``StateConflict``, 409) any change of ``what`` in a session whose minuta
    is approved. ``what`` completes the sentence: "la asistencia no cambia"."""
    minutes = session_sealing_minutes(session)
    if minutes is not None:
        raise StateConflict(sealed_message(minutes, what))


# What a convocatoria closed for signature states of the session itself.
CONVOCATORIA_SEALED_FIELDS = ("kind", "number", "year", "date", "time", "modality")


def _closed_convocatoria(session: Session | None) -> Convocatoria | None:
    if session is None or session.pk is None:
        return None
    closed = Convocatoria.objects.filter(session_id=session.pk, closed_at__isnull=False)
    return closed.defer("pdf").first()


def _convocatoria_message(convocatoria: Convocatoria, what: str) -> str:
    if acts_signed(act_kind=ActKind.CONVOCATORIA, act_ids=[convocatoria.pk]):
        then = (
            "Los cambios se comunican en una adenda."
            if convocatoria.sent_at
            else "Cuando tenga todas sus firmas, envíela y comunique los cambios en una adenda."
        )
        return f"La convocatoria {convocatoria.code} ya está firmada: {what}. {then}"
    return (
        f"La convocatoria {convocatoria.code} está cerrada para firma: {what}. Para cambiarlo, "
        "reabra la convocatoria (solo mientras nadie la haya firmado)."
    )


def agenda_sealed_check(session: Session | None, *, what: str) -> None:
    """``session_sealed_check`` for the orden del día and its documents, which a
    convocatoria closed for signature and not yet sent also states."""
    session_sealed_check(session, what=what)
    convocatoria = _closed_convocatoria(session)
    if convocatoria is not None and convocatoria.sent_at is None:
        raise StateConflict(_convocatoria_message(convocatoria, what))


def convocatoria_changes_sealed_check(session: Session, changes: Mapping[str, Any]) -> None:
    """``session_update``'s guard: what a closed convocatoria states of the session (its
    date, time, modality, kind and number) does not change (the same value is no change)."""
    convocatoria = _closed_convocatoria(session)
    if convocatoria is None:
        return
    if any(
        name in changes
        and not (name == "number" and changes[name] is None)
        and _differs(session, name, changes[name])
        for name in CONVOCATORIA_SEALED_FIELDS
    ):
        raise StateConflict(
            _convocatoria_message(
                convocatoria,
                "la fecha, la hora, la modalidad, el tipo y el número de la sesión no cambian",
            )
        )


def _differs(record, name: str, value: Any) -> bool:
    field = record._meta.get_field(name)
    if field.is_relation:
        return getattr(value, "pk", value) != getattr(record, field.attname)
    return value != getattr(record, name)


def session_changes_sealed_check(session: Session, changes: Mapping[str, Any]) -> None:
    """``session_update``'s guard: the fields the minuta states do not change (the same
    value sent back, as forms do, is not a change); the approving accord is only the
    minuta's own."""
    minutes = session_sealing_minutes(session)
    if minutes is None:
        return
    changed = [
        name
        for name in SESSION_SEALED_FIELDS
        if name in changes
        and not (name == "number" and changes[name] is None)  # empty: keep the number
        and _differs(session, name, changes[name])
    ]
    if "minutes_approval_accord" in changes:
        accord = changes["minutes_approval_accord"]
        if getattr(accord, "pk", accord) != minutes.approval_accord_id and _differs(
            session, "minutes_approval_accord", accord
        ):
            changed.append("minutes_approval_accord")
    if changed:
        raise StateConflict(
            sealed_message(
                minutes,
                "la fecha, la hora, la modalidad, el tipo, el número, el estatus y el acuerdo "
                "que aprobó la minuta de la sesión no cambian",
            )
        )


def accord_approves_minutes(accord: Accord) -> Minutes | MinutesErratum | None:
    """The minuta (or fe de erratas) this accord approved, if any."""
    if accord.pk is None:
        return None
    return (
        Minutes.objects.filter(
            Q(approval_accord=accord) | Q(session__minutes_approval_accord=accord)
        )
        .select_related("session__commission")
        .first()
        or MinutesErratum.objects.filter(approval_accord=accord)
        .select_related("minutes__session__commission")
        .first()
    )


def accord_sealed_check(accord: Accord, changes: Mapping[str, Any]) -> None:
    """``accord_update``'s guard: an accord adopted in a sealed session keeps its text,
    session and status; none moves into a sealed session; an accord that approved a
    minuta is never withdrawn."""
    changed = [
        name
        for name in ACCORD_SEALED_FIELDS
        if name in changes and _differs(accord, name, changes[name])
    ]
    if not changed:
        return
    session_sealed_check(
        accord.session,
        what=f"el acuerdo {accord.code}, adoptado en ella, no cambia ni se retira",
    )
    if "session" in changed:
        session_sealed_check(changes["session"], what="no se le agregan acuerdos")
    if changes.get("status") == Accord.Status.WITHDRAWN and "status" in changed:
        approved = accord_approves_minutes(accord)
        if approved is not None:
            raise StateConflict(
                f"El acuerdo {accord.code} aprobó la {str(approved)[0].lower()}"
                f"{str(approved)[1:]}: no se retira, la aprobación consta en la minuta "
                "sellada. Para corregir la minuta, registre una fe de erratas."
            )


def attendance_voted_check(session: Session, membership_ids: Iterable[int]) -> None:
    """A seat that voted on an item of the session stays present: the votes counted its
    presence (quorum). Refused until the vote is annulled (``votes_annul``)."""
    ids = list(membership_ids)
    if not ids:
        return
    votes = list(
        Vote.objects.filter(item__session_id=session.pk, seat_id__in=ids)
        .select_related("seat__person", "seat__party", "seat__area", "item")
        .order_by("item__order", "seat__order", "pk")
    )
    if not votes:
        return
    who = "; ".join(f"{vote.seat.label} votó el punto {vote.item.order}" for vote in votes)
    raise StateConflict(
        f"{who}: su asistencia ya no cambia (la votación contó su presencia). Para "
        "corregirla, anule primero esa votación con el motivo (página de votación), "
        "retirando antes el acuerdo que adoptó."
    )


__all__ = [
    "accord_approves_minutes",
    "accord_sealed_check",
    "agenda_sealed_check",
    "attendance_voted_check",
    "convocatoria_changes_sealed_check",
    "session_changes_sealed_check",
    "session_sealed_check",
    "session_sealing_minutes",
]
