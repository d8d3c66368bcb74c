"""Writes of votes and minutas: the one path every entry point (pages, API, demo) takes.

- ``votes_record``: the votes of the councillors present on one proyecto de acuerdo, all
  at once; quorum required; an approving result adopts the accord with the next code of
  the commission's numbering (``accord_create``). Results are computed, never typed.
- Minutas: ``minutes_create`` (draft generated from the session's record),
  ``minutes_update`` (the text, while not approved), ``minutes_send`` (enviada para
  observaciones), ``minutes_approve`` (by a later session's agenda item and accord; frozen
  with the SHA-256 of its text). An approved minuta never changes, nor does what it
  states (``sessions.services.sealing``); it is corrected by a fe de erratas.
- ``votes_annul``: the recorded decision (who, when, why) that annuls an item's votes,
  once the accord they adopted is withdrawn; then the attendance may change and the item
  may be voted again.
"""

import hashlib
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissions.models import Membership
from cori.locking import record_lock
from cori.records import changes_apply, register_writes
from cori.states import StateConflict, institute_today
from cori.text import long_date
from sessions.lifecycles import MINUTES_LIFECYCLE
from sessions.models import (
    Accord,
    AgendaItem,
    Attendance,
    Minutes,
    Session,
    Vote,
    VoteAnnulment,
    VoteOpinion,
)
from sessions.selectors.votes import (
    Tally,
    item_tally,
    minutes_text,
    session_quorum,
    voting_seats,
)
from sessions.services.agenda import agenda_item_update
from sessions.services.core import accord_create, session_met_check, session_update
from sessions.services.sealing import session_sealed_check

FROZEN = "La minuta ya está aprobada: su texto no cambia."


def _voting_check(item: AgendaItem) -> None:
    """The item is a proyecto de acuerdo of a session held, not sealed, with quorum."""
    session = item.session
    if item.kind != AgendaItem.Kind.DRAFT_ACCORD:
        raise ValidationError("Solo los proyectos de acuerdo se votan.")
    session_sealed_check(session, what="la votación no cambia")
    session_met_check(session, what="la votación")
    quorum = session_quorum(session)
    if quorum is None:
        raise ValidationError("Registre la asistencia antes de votar: sin ella no hay quórum.")
    if not quorum.exists:
        raise ValidationError(f"No se puede votar: {quorum.sentence}")


def _choices_check(session: Session, choices: Mapping[Membership, str]) -> None:
    """Every councillor present votes, and only they, with a valid choice."""
    seats = {
        seat.pk: seat
        for seat in voting_seats(commission_id=session.commission_id, date=session.date)
    }
    present = set(
        session.attendance.filter(status=Attendance.Status.PRESENT).values_list(
            "membership_id", flat=True
        )
    )
    errors = []
    for seat, choice in choices.items():
        if seat.pk not in seats:
            errors.append(f"{seat.label} no tiene derecho a voto en la comisión (solo voz).")
        elif seat.pk not in present:
            errors.append(f"{seat.label} no asistió a la sesión: no vota.")
        if choice not in Vote.Choice.values:
            errors.append(f"El sentido del voto de {seat.label} no es válido.")
    voted = {seat.pk for seat in choices}
    missing = [seats[pk].label for pk in sorted(present & set(seats)) if pk not in voted]
    if missing:
        errors.append("Falta el voto de: " + ", ".join(missing) + ".")
    if errors:
        raise ValidationError(errors)


def _votes_save(item: AgendaItem, choices: Mapping[Membership, str]) -> None:
    """The item's votes as ``choices`` say: changed ones saved, the others deleted."""
    existing = {vote.seat_id: vote for vote in item.votes.all()}
    for seat, choice in choices.items():
        vote = existing.pop(seat.pk, None) or Vote(item=item, seat=seat)
        if vote.pk and vote.choice == choice:
            continue
        vote.choice = choice
        vote.full_clean()
        vote.save()
    for stale in existing.values():
        stale.delete()


@transaction.atomic
def votes_record(*, item: AgendaItem, choices: Mapping[Membership, str]) -> Tally:
    """Record the vote of every councillor present on ``item`` (a proyecto de acuerdo).

    Refused, in Spanish: another kind of item; no attendance or no quorum; a seat without
    vote, absent or of another commission; a councillor present without a vote; a result
    that would undo the accord already adopted; the session's minuta already approved.
    When the result approves and the item has no accord yet, the accord is adopted with
    the next code of the year and linked to the item.
    """
    item = (
        AgendaItem.objects.select_for_update().select_related("session__commission").get(pk=item.pk)
    )
    session = item.session
    _voting_check(item)
    _choices_check(session, choices)
    _votes_save(item, choices)
    votes = list(item.votes.select_related("seat"))
    tally = item_tally(item, votes, casting_vote=session.commission.chair_casting_vote)
    if item.accord_id is None and tally.approved:
        accord = accord_create(commission=session.commission, session=session, title=item.title)
        # The item is linked to its accord by the agenda's own service (one write path).
        item = agenda_item_update(item=item, accord=accord)
    elif item.accord_id is not None and not tally.approved:
        raise ValidationError(
            f"Con esa votación el punto no se aprueba, pero ya adoptó el acuerdo "
            f"{item.accord.code}: retire el acuerdo antes de registrar otra votación."
        )
    return tally


@transaction.atomic
def vote_opinion_create(*, item: AgendaItem, seat: Membership, kind: str, document) -> VoteOpinion:
    """Attach a voto particular or concurrente (a PDF) of a councillor who voted on ``item``."""
    session_sealed_check(item.session, what="los votos particulares y concurrentes no cambian")
    if not item.votes.filter(seat=seat).exists():
        raise ValidationError(
            {
                "seat": f"{seat.label} no votó este punto: solo quien votó emite voto particular o concurrente."
            }
        )
    opinion = VoteOpinion(item=item, seat=seat, kind=kind, document=document)
    opinion.full_clean()
    opinion.save()
    return opinion


@transaction.atomic
def votes_annul(*, item: AgendaItem, reason: str, decided_by=None) -> VoteAnnulment:
    """Annul the votes recorded on ``item`` by a recorded decision: the reason (required),
    who recorded it (``decided_by``, a user) and when are kept with the votes annulled.

    The accord the votes adopted must be withdrawn first (``accord_withdraw``: its number
    is never given again); the annulment unlinks it from the item, deletes the votes and
    the votos particulares or concurrentes, so the attendance of the seats may change and
    the item may be voted again (a new approval adopts a new accord). Refused in a session
    whose minuta is approved.
    """
    item = (
        AgendaItem.objects.select_for_update(of=("self",))  # the accord may be null
        .select_related("session__commission", "accord")
        .get(pk=item.pk)
    )
    session_sealed_check(item.session, what="la votación no se anula")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "Escriba el motivo de la anulación: queda registrado con quién y cuándo."}
        )
    votes = list(item.votes.select_related("seat__person", "seat__party", "seat__area"))
    if not votes:
        raise StateConflict("El punto no tiene votación registrada: no hay nada que anular.")
    accord = item.accord
    if accord is not None and accord.status != Accord.Status.WITHDRAWN:
        raise StateConflict(
            f"La votación adoptó el acuerdo {accord.code}: retire primero el acuerdo (su "
            "número no se vuelve a usar) y después anule la votación."
        )
    annulment = VoteAnnulment(
        item=item,
        accord=accord,
        reason=reason,
        votes="; ".join(f"{vote.seat.label}: {vote.get_choice_display()}" for vote in votes),
        decided_by=decided_by,
        decided_at=timezone.now(),
    )
    annulment.full_clean()
    annulment.save()
    for opinion in item.vote_opinions.all():
        opinion.delete()  # one by one: the history keeps each
    for vote in votes:
        vote.delete()
    if accord is not None:
        agenda_item_update(item=item, accord=None)
    return annulment


# --- minutas -------------------------------------------------------------------------------


@transaction.atomic
def minutes_create(*, session: Session, body: str | None = None) -> Minutes:
    """The draft of the session's minuta, generated from its record unless ``body`` is given."""
    minutes = Minutes(session=session, body=body if body else minutes_text(session))
    minutes.full_clean()
    minutes.save()
    return minutes


def _unfrozen(minutes: Minutes, version) -> None:
    record_lock(minutes, version=version)
    if minutes.status == Minutes.Status.APPROVED:
        raise ValidationError(FROZEN)


@transaction.atomic
def minutes_update(*, minutes: Minutes, version=None, **changes) -> Minutes:
    """Change a draft's (or a sent minuta's) text; the state changes by its own services."""
    _unfrozen(minutes, version)
    unknown = set(changes) - {"body"}
    if unknown - {"session"}:
        raise ValidationError(
            "El estado de la minuta cambia al enviarla o aprobarla, no al editarla."
        )
    if "session" in changes and changes["session"] != minutes.session:
        raise ValidationError({"session": "La sesión de una minuta no cambia."})
    changes_apply(minutes, {"body": changes.get("body", minutes.body)})
    if not minutes.body.strip():
        raise ValidationError({"body": "La minuta no puede quedar vacía."})
    minutes.full_clean()
    minutes.save()
    return minutes


@transaction.atomic
def minutes_regenerate(*, minutes: Minutes, version=None) -> Minutes:
    """Replace a draft's text by the one generated from the session's record now."""
    _unfrozen(minutes, version)
    if minutes.status != Minutes.Status.DRAFT:
        raise ValidationError("Solo el borrador se genera de nuevo; la minuta ya se envió.")
    minutes.body = minutes_text(minutes.session)
    minutes.full_clean()
    minutes.save()
    return minutes


@transaction.atomic
def minutes_send(*, minutes: Minutes, version=None) -> Minutes:
    """Borrador → enviada para observaciones."""
    _unfrozen(minutes, version)
    if not MINUTES_LIFECYCLE.allows(minutes.status, Minutes.Status.SENT) or (
        minutes.status == Minutes.Status.SENT
    ):
        raise ValidationError("La minuta ya se envió para observaciones.")
    session = minutes.session
    if session.status != Session.Status.HELD:
        raise ValidationError(
            f"La {session.title.lower()} está «{session.get_status_display()}»: márquela como "
            "celebrada antes de enviar su minuta para observaciones."
        )
    minutes.status = Minutes.Status.SENT
    minutes.sent_at = timezone.now()
    minutes.full_clean()
    minutes.save()
    return minutes


def minutes_sha256(minutes: Minutes) -> str:
    """The SHA-256 of the approved text (UTF-8): anyone can recompute it from the PDF's text."""
    return hashlib.sha256(minutes.body.encode("utf-8")).hexdigest()


@transaction.atomic
def minutes_approve(
    *,
    minutes: Minutes,
    item: AgendaItem | None = None,
    session: Session | None = None,
    accord: Accord | None = None,
    version=None,
) -> Minutes:
    """Enviada → aprobada by a later session of the commission (its agenda ``item`` of
    approval of minutas, which names this minuta, and the ``accord`` it adopted, the
    item's by default). Frozen: the SHA-256 of the text is kept; the session records the
    approving accord.

    Both sessions must have been held: the minuta's own, and the approving one, on or
    before today (``minutes_approval_check``)."""
    _unfrozen(minutes, version)
    if minutes.status == Minutes.Status.DRAFT:  # MINUTES_LIFECYCLE: borrador → enviada first
        raise ValidationError("Envíe la minuta para observaciones antes de aprobarla.")
    MINUTES_LIFECYCLE.check(minutes.status, Minutes.Status.APPROVED)
    own = minutes.session
    if item is not None:
        if session is not None and item.session_id != session.pk:
            raise ValidationError({"approved_by_item": "El punto es de otra sesión."})
        session = item.session
        accord = accord or item.accord
    if session is None:
        raise ValidationError(
            {"approved_by_session": "Indique la sesión posterior que aprueba la minuta."}
        )
    # The session's row locked: a save of its record waits for the approval, then sees it
    # sealed (``sessions.services.sealing``).
    Session.objects.select_for_update().filter(pk=own.pk).first()
    minutes_approval_check(own=own, session=session, item=item)
    if accord is not None and accord.session_id != session.pk:
        raise ValidationError(
            {"approval_accord": f"El acuerdo {accord.code} no se adoptó en la sesión que aprueba."}
        )
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_by_session = session
    minutes.approved_by_item = item
    minutes.approval_accord = accord
    minutes.content_sha256 = minutes_sha256(minutes)
    minutes.full_clean()
    minutes.save()
    if accord is not None and own.minutes_approval_accord_id != accord.pk:
        session_update(session=own, minutes_approval_accord=accord)
    return minutes


def minutes_approval_check(*, own: Session, session: Session, item: AgendaItem | None) -> None:
    """Whether ``session`` (through ``item``, its «Aprobación de minutas» point that names
    ``own``) can approve the minuta of ``own``: same commission, later, both held, the
    approving one on or before today. The approval picker offers only the items that pass
    (``sessions.selectors.votes.minutes_approval_items``)."""
    if item is not None:
        if item.kind != AgendaItem.Kind.MINUTES_APPROVAL:
            raise ValidationError(
                {
                    "approved_by_item": "El punto que aprueba una minuta es de «Aprobación de minutas»."
                }
            )
        if item.minutes_session_id != own.pk:
            raise ValidationError(
                {
                    "approved_by_item": (
                        f"El punto «{item.title}» no aprueba la minuta de la "
                        f"{own.title.lower()} de {own.year}: elija el punto que la nombra."
                    )
                }
            )
    if session.commission_id != own.commission_id:
        raise ValidationError(
            {"approved_by_session": "La minuta la aprueba una sesión de la misma comisión."}
        )
    later = session.date > own.date or (
        session.date == own.date
        and session.pk != own.pk
        and session.time is not None
        and own.time is not None
        and session.time > own.time
    )
    if not later:
        raise ValidationError({"approved_by_session": "La minuta la aprueba una sesión posterior."})
    if own.status != Session.Status.HELD:
        raise ValidationError(
            {
                "approved_by_session": (
                    f"La {own.title.lower()} de {own.year} está «{own.get_status_display()}»: "
                    "solo se aprueba la minuta de una sesión celebrada. Márquela como celebrada "
                    "primero."
                )
            }
        )
    if session.status != Session.Status.HELD or session.date > institute_today():
        raise ValidationError(
            {
                "approved_by_session": (
                    f"La {session.title.lower()} de {session.year} "
                    f"({long_date(session.date, weekday=False)}) no se ha celebrado: la minuta "
                    "se aprueba en una sesión ya celebrada."
                )
            }
        )


def _minutes_create_hook(*, commission, changes) -> Minutes:
    return minutes_create(session=changes["session"], body=changes.get("body"))


def _minutes_update_hook(*, record, changes, version) -> Minutes:
    return minutes_update(minutes=record, version=version, **changes)


def _votes_one_by_one(**_kwargs):
    raise ValidationError(
        "Los votos de un punto se registran juntos, los de todas las consejerías presentes "
        "(página de votación o POST /api/v1/votes/ con los votos del punto)."
    )


def _opinion_create_hook(*, commission, changes) -> VoteOpinion:
    return vote_opinion_create(**changes)


# Every generic entry point (API, admin) writes these through the services above.
register_writes(Minutes, create=_minutes_create_hook, update=_minutes_update_hook)
register_writes(Vote, create=_votes_one_by_one, update=_votes_one_by_one)
register_writes(VoteOpinion, create=_opinion_create_hook)
