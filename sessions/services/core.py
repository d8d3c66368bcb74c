"""Writes for sessions, attendance and accords: one create and one update each (members and
succession: ``sessions.services.commission``; presented items: ``sessions.services.presented``).

Every entry point (staff forms, the session page, the API, the admin, the demo loader)
calls these, through ``cori.records.record_create``/``record_update`` where it is
generic. The rules that must hold after every change live here: an accord's session
belongs to its commission and its year; a code never changes; attendance only for seats
of the session's commission in force on its date (and a session's date or a seat's dates
cannot change so that recorded attendance falls outside them).
"""

import datetime
import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format

from commissions.models import Area, Commission, Membership
from cori.locking import VersionConflict, record_lock
from cori.models import Sequence
from cori.numbering import sequence_claim, sequence_next
from cori.records import COMMISSION_FIXED, changes_apply, immutable_check
from cori.states import institute_today
from cori.text import long_date
from cori.text import number as grouped_number
from sessions.lifecycles import MET, SESSION_LIFECYCLE
from sessions.models import Accord, Attendance, Presentation, PresentedItem, Session
from sessions.services.sealing import (
    accord_sealed_check,
    attendance_voted_check,
    convocatoria_changes_sealed_check,
    session_changes_sealed_check,
    session_sealed_check,
)

ACCORD_NUMBER_MAX = 999_999  # far above any year's accords, within every database's integer
ACCORD_CODE = re.compile(r"^(?P<prefix>[A-ZÑ0-9-]+)/(?P<number>\d{3,})/(?P<yy>\d{2})$")


def accord_code(*, commission: Commission, year: int, number: int) -> str:
    """``CORI/013/22``: the commission's acronym, the number, the year's last two digits."""
    return f"{commission.acronym}/{number:03d}/{year % 100:02d}"


def _accord_sequence_key(commission: Commission) -> str:
    return f"accord:{commission.pk}"


def session_next_number(*, commission: Commission, kind: str, year: int) -> int:
    """The number the next session of ``kind`` takes in ``year`` (Primera, Segunda…)."""
    last = Session.objects.filter(commission=commission, year=year, kind=kind).aggregate(
        last=Max("number")
    )["last"]
    return (last or 0) + 1


def session_met_check(session: Session, *, what: str, field: str | None = None) -> None:
    """Refuse to record ``what`` (attendance, votes, an accord) for a session that has not
    met: one dated after today, or cancelled."""
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(
            {field: _cancelled(session, what)} if field else _cancelled(session, what)
        )
    if session.date is not None and session.date > institute_today():
        message = (
            f"La {session.title.lower()} es del {long_date(session.date, weekday=False)}, "
            f"posterior a hoy: {what} se registra el día de la sesión o después."
        )
        raise ValidationError({field: message} if field else message)


def _cancelled(session: Session, what: str) -> str:
    return f"La {session.title.lower()} está cancelada: no tiene {what}."


def _session_time_check(session: Session, *, status_changed: bool) -> None:
    """Nothing is celebrada or suspendida on a date after today (institute's time zone)."""
    if session.status not in MET or session.date is None:
        return
    today = institute_today()
    if session.date <= today:
        return
    label = session.get_status_display()
    if status_changed:
        raise ValidationError(
            {
                "status": (
                    f"La sesión es del {long_date(session.date, weekday=False)}: no puede "
                    f"estar «{label}» antes de esa fecha. Guárdela como «Programada» y "
                    "márquela como celebrada el día de la sesión."
                )
            }
        )
    raise ValidationError(
        {
            "date": (
                f"La sesión está «{label}»: su fecha no puede ser posterior a hoy "
                f"({long_date(today, weekday=False)})."
            )
        }
    )


def _session_validate(session: Session) -> None:
    """Rules across rows: the minutes' accord is of the commission; recorded attendance
    stays within the seats in force on the (possibly new) date."""
    accord = session.minutes_approval_accord
    if accord is not None and accord.commission_id != session.commission_id:
        raise ValidationError(
            {
                "minutes_approval_accord": (
                    "El acuerdo que aprobó la minuta debe ser de la misma comisión."
                )
            }
        )
    moved_ahead = session.pk is not None and session.date and session.date > institute_today()
    if moved_ahead and (session.attendance.exists() or session.accords.exists()):
        raise ValidationError(
            {
                "date": (
                    "La sesión ya se reunió (tiene asistencia o acuerdos registrados): su "
                    "fecha no puede ser posterior a hoy."
                )
            }
        )
    if session.pk is not None and session.date is not None:
        outside = [
            row.membership.label
            for row in session.attendance.select_related(
                "membership__person", "membership__party", "membership__area"
            )
            if not row.membership.is_active_on(session.date)
        ]
        if outside:
            raise ValidationError(
                {
                    "date": (
                        "En esa fecha no forman parte de la comisión personas con asistencia "
                        f"registrada en la sesión: {', '.join(outside)}. Corrija la asistencia "
                        "o la fecha."
                    )
                }
            )


@transaction.atomic
def session_create(
    *,
    commission: Commission,
    kind: str,
    date: datetime.date,
    number: int | None = None,
    year: int | None = None,
    time: datetime.time | None = None,
    modality: str = Session.Modality.REMOTE,
    status: str = SESSION_LIFECYCLE.initial,
    minutes_approval_accord: Accord | None = None,
) -> Session:
    """Create a session; without a number it takes the next of its kind in the year.

    A new session is «Programada»; one recorded after the fact may start in any state its
    date allows (never celebrada or suspendida after today)."""
    session = Session(
        commission=commission,
        kind=kind,
        year=year if year is not None else getattr(date, "year", None),
        number=number,
        date=date,
        time=time,
        modality=modality,
        status=status,
        minutes_approval_accord=minutes_approval_accord,
    )
    if session.number is None and date is not None:
        session.number = session_next_number(commission=commission, kind=kind, year=date.year)
    session.full_clean()
    _session_time_check(session, status_changed=True)
    _session_validate(session)
    session.save()
    return session


@transaction.atomic
def session_update(*, session: Session, version: str | None = None, **changes) -> Session:
    """Change a session: the row locked and the version checked; the year follows the date;
    an empty number keeps the session's (or takes the next one if the year changed)."""
    record_lock(session, version=version)
    session_changes_sealed_check(session, changes)  # a sealed minuta's session (sealing.py)
    convocatoria_changes_sealed_check(session, changes)  # a closed convocatoria's (idem)
    immutable_check(session, changes, COMMISSION_FIXED)
    changes.pop("commission", None)
    status_before = session.status
    before = (session.year, session.kind)
    if changes.get("number", "") is None:
        changes.pop("number")
        keep = False
    else:
        keep = True
    changes_apply(session, changes)
    if session.date is not None and "year" not in changes:
        session.year = session.date.year
    if not keep and (session.year, session.kind) != before:
        session.number = session_next_number(
            commission=session.commission, kind=session.kind, year=session.year
        )
    session.full_clean()
    SESSION_LIFECYCLE.check(status_before, session.status)
    _session_time_check(session, status_changed=session.status != status_before)
    _session_validate(session)
    session.save()
    return session


def session_status_change(*, session: Session, status: str, version: str | None = None) -> Session:
    """Move a session along its life cycle (``SESSION_LIFECYCLE``), e.g. mark it held."""
    return session_update(session=session, version=version, status=status)


def session_record_version(session: Session) -> str:
    """The session page's version: the newest history entry of the session and of its
    attendance, accords and presentations (a deleted row counts too)."""
    parts = [
        session.history.aggregate(last=Max("history_id"))["last"],
        Attendance.history.filter(session_id=session.pk).aggregate(last=Max("history_id"))["last"],
        Accord.history.filter(session_id=session.pk).aggregate(last=Max("history_id"))["last"],
        Presentation.history.filter(session_id=session.pk).aggregate(last=Max("history_id"))[
            "last"
        ],
    ]
    return ".".join(str(part or 0) for part in parts)


def _session_page_conflict(session: Session, current: str) -> VersionConflict:
    newest = max(
        (
            entry
            for entry in [
                session.history.select_related("history_user").order_by("-history_id").first(),
                Attendance.history.filter(session_id=session.pk)
                .select_related("history_user")
                .order_by("-history_id")
                .first(),
                Accord.history.filter(session_id=session.pk)
                .select_related("history_user")
                .order_by("-history_id")
                .first(),
            ]
            if entry is not None
        ),
        key=lambda entry: entry.history_date,
        default=None,
    )
    who = ""
    if newest is not None:
        user = newest.history_user.get_username() if newest.history_user_id else "sistema"
        when = date_format(timezone.localtime(newest.history_date), "SHORT_DATETIME_FORMAT")
        who = f" Último cambio: {user} ({when})."
    return VersionConflict(
        "No se guardó: otra persona guardó esta sesión (asistencia, acuerdos o puntos "
        f"presentados) mientras usted la editaba.{who} Revise la página (sus datos se "
        "conservan abajo) y guarde de nuevo para aplicarlos.",
        current=current,
    )


ATTENDANCE_SEALED = "la asistencia no cambia"


def _attendance_change_check(session: Session, row: Attendance | None, status: str | None) -> None:
    """A change of a cell (``status`` None: deleted): not in a sealed session; a seat
    that voted stays present until the vote is annulled."""
    session_sealed_check(session, what=ATTENDANCE_SEALED)
    present = Attendance.Status.PRESENT
    if row is not None and row.status == present and status != present:
        attendance_voted_check(session, [row.membership_id])


@transaction.atomic
def session_delete(*, session: Session, version: str | None = None) -> None:
    """Delete a session. One with a minuta (so every sealed one), attendance or accords is
    protected: the refusal names what depends on it."""
    record_lock(session, version=version)
    session.delete()


def _attendance_seats_check(session: Session, memberships) -> None:
    errors = [
        f"{membership.label} no forma parte de la comisión en la fecha de la sesión."
        for membership in memberships
        if membership.commission_id != session.commission_id
        or not membership.is_active_on(session.date)
    ]
    if errors:
        raise ValidationError({"membership": errors})


@transaction.atomic
def attendance_record(
    *, session: Session, cells: Mapping[Membership, tuple[str, str] | None]
) -> list[Attendance]:
    """Record the attendance grid of a session: ``{membership: (status, justification)}``;
    ``None`` leaves (or puts back) a seat as not recorded.

    Every participant must be a seat of the session's commission in force on its date,
    and the session must have met (not after today, not cancelled).
    """
    if any(cell is not None for cell in cells.values()):
        session_met_check(session, what="la asistencia")
    _attendance_seats_check(session, cells)
    existing = {row.membership_id: row for row in session.attendance.all()}
    saved = []
    for membership, cell in cells.items():
        if cell is None:
            if membership.pk in existing:
                _attendance_change_check(session, existing[membership.pk], None)
                existing[membership.pk].delete()  # the history (and the page's version) sees it
            continue
        status, justification = cell
        row = existing.get(membership.pk) or Attendance(session=session, membership=membership)
        if row.pk and (row.status, row.justification) == (status, justification):
            saved.append(row)  # unchanged: no write, no history entry
            continue
        _attendance_change_check(session, row if row.pk else None, status)
        row.status = status
        row.justification = justification
        row.full_clean()
        row.save()
        saved.append(row)
    return saved


@transaction.atomic
def attendance_create(
    *,
    session: Session,
    membership: Membership,
    status: str,
    justification: str = "",
) -> Attendance:
    """One cell of a session's grid (API, admin): a seat in force that day, once."""
    row = Attendance(
        session=session, membership=membership, status=status, justification=justification
    )
    session_met_check(session, what="la asistencia", field="session")
    _attendance_change_check(session, None, status)
    _attendance_seats_check(session, [membership])
    row.full_clean()
    row.save()
    return row


ATTENDANCE_FIXED = {
    "session": "No cambia: elimine la celda y registre otra.",
    "membership": "No cambia: elimine la celda y registre otra.",
}


@transaction.atomic
def attendance_update(
    *, attendance: Attendance, version: str | None = None, **changes
) -> Attendance:
    record_lock(attendance, version=version)
    immutable_check(attendance, changes, ATTENDANCE_FIXED)
    status = changes.get("status", attendance.status)
    if (status, changes.get("justification", attendance.justification)) != (
        attendance.status,
        attendance.justification,
    ):
        _attendance_change_check(attendance.session, attendance, status)
    changes_apply(attendance, changes)
    session_met_check(attendance.session, what="la asistencia")
    _attendance_seats_check(attendance.session, [attendance.membership])
    attendance.full_clean()
    attendance.save()
    return attendance


@transaction.atomic
def attendance_delete(*, attendance: Attendance, version: str | None = None) -> None:
    """Delete one cell (the seat back to «sin registrar»): the rules of a change."""
    record_lock(attendance, version=version)
    _attendance_change_check(attendance.session, attendance, None)
    attendance.delete()


@transaction.atomic
def accord_create(
    *,
    commission: Commission,
    title: str,
    session: Session | None = None,
    year: int | None = None,
    code: str | None = None,
    status: str = Accord.Status.ADOPTED,
    responsible_area: Area | None = None,
    due_date: datetime.date | None = None,
) -> Accord:
    """Adopt an accord. Without a code it takes the next number of the commission's year.
    With an área responsable it enters the follow-up (``sessions.services.followup``)."""
    session_sealed_check(session, what="no se le agregan acuerdos")
    accord = Accord(
        commission=commission,
        session=session,
        title=title,
        status=status,
        responsible_area=responsible_area,
        due_date=due_date,
    )
    accord_number_assign(accord=accord, year=year, code=(code or "").strip() or None)
    accord.full_clean()
    accord.save()
    return accord


ACCORD_FIXED = {
    **COMMISSION_FIXED,
    "code": "La clave asignada no cambia.",
    "year": "El año de un acuerdo no cambia: es el de su clave.",
    "number": "El número de un acuerdo no cambia: es el de su clave.",
}


def _accord_session_check(accord: Accord) -> None:
    session = accord.session
    if session is None:
        return
    session_met_check(session, what="un acuerdo adoptado en ella", field="session")
    if session.commission_id != accord.commission_id:
        raise ValidationError(
            {"session": "La sesión pertenece a otra comisión; el acuerdo debe ser de la misma."}
        )
    if accord.year is not None and session.date.year != accord.year:
        raise ValidationError(
            {
                "session": (
                    f"La sesión es de {session.date.year} y el acuerdo {accord.code} de "
                    f"{accord.year}: la clave no cambia, elija una sesión de su año."
                )
            }
        )


@transaction.atomic
def accord_update(*, accord: Accord, version: str | None = None, **changes) -> Accord:
    """Change an accord's session, text or status; its code, year and number never change."""
    record_lock(accord, version=version)
    if not changes.get("code"):
        changes.pop("code", None)  # a blank code is not a new one
    immutable_check(accord, changes, ACCORD_FIXED)
    for name in ACCORD_FIXED:
        changes.pop(name, None)
    accord_sealed_check(accord, changes)  # a sealed session's accords; a minuta's approval
    changes_apply(accord, changes)
    _accord_session_check(accord)
    accord.full_clean()
    accord.save()
    return accord


@transaction.atomic
def accord_number_assign(
    *, accord: Accord, year: int | None = None, code: str | None = None
) -> None:
    """Give an unsaved accord its year, number and code; save it in the same transaction.

    A code given by hand (a historic accord) must follow ``ACRONYM/NNN/YY``; the series
    then continues after it, so automatic numbers never collide with it.
    """
    commission, session = accord.commission, accord.session
    _accord_session_check(accord)
    if year is None:
        year = session.date.year if session is not None else timezone.localdate().year
    key = _accord_sequence_key(commission)
    if code is None:
        number = sequence_next(key=key, year=year)
    else:
        number = _accord_number_from_code(commission=commission, year=year, code=code)
        sequence_claim(key=key, year=year, value=number)
    accord.year = year
    accord.number = number
    accord.code = accord_code(commission=commission, year=year, number=number)


def _accord_number_from_code(*, commission: Commission, year: int, code: str) -> int:
    match = ACCORD_CODE.match(code.strip())
    if match is None:
        raise ValidationError(
            {"code": f"La clave «{code}» no tiene la forma {commission.acronym}/NNN/AA."}
        )
    if match["prefix"] != commission.acronym:
        raise ValidationError(
            {"code": f"La clave «{code}» debe empezar con las siglas {commission.acronym}."}
        )
    if int(match["yy"]) != year % 100:
        raise ValidationError({"code": f"La clave «{code}» no corresponde al año {year}."})
    number = int(match["number"])
    if not 1 <= number <= ACCORD_NUMBER_MAX:
        raise ValidationError(
            {
                "code": (
                    f"El número de la clave «{code}» está fuera de rango: debe ir de 1 a "
                    f"{grouped_number(ACCORD_NUMBER_MAX)}."
                )
            }
        )
    return number


def accord_withdraw(*, accord: Accord, version: str | None = None) -> Accord:
    """Withdraw an accord: it keeps its number, which is never given again."""
    return accord_update(accord=accord, version=version, status=Accord.Status.WITHDRAWN)


@transaction.atomic
def session_record(
    *,
    session: Session,
    attendance: Mapping[Membership, tuple[str, str] | None],
    new_accords: list[str],
    items: list[PresentedItem],
    new_items: list[str],
    version: str | None = None,
) -> list[Accord]:
    """Record in one go what the session page collects: the attendance grid, the accords
    adopted (numbered in order) and the items presented. All or nothing.

    ``version`` is the page's (``session_record_version``), compared with the session's
    row locked, so two saves of the same page never both succeed.
    """
    record_lock(session, version=None)
    if version is not None:
        current = session_record_version(session)
        if version != current:
            raise _session_page_conflict(session, current)
    attendance_record(session=session, cells=attendance)
    accords = [
        accord_create(commission=session.commission, session=session, title=title)
        for title in new_accords
    ]
    presented = set(Presentation.objects.filter(session=session).values_list("item_id", flat=True))
    if new_items or {item.pk for item in items} != presented:
        session_sealed_check(session, what="los puntos presentados no cambian")
    created = [
        PresentedItem.objects.create(commission=session.commission, title=title)
        for title in new_items
    ]
    for item in [*items, *created]:
        if item.commission_id != session.commission_id:
            raise ValidationError("Un punto presentado pertenece a otra comisión.")
        Presentation.objects.get_or_create(item=item, session=session)
    for stale in Presentation.objects.filter(session=session).exclude(item__in=[*items, *created]):
        stale.delete()  # one by one, so the history (and the page's version) sees each
    return accords


def accord_next_code(*, commission: Commission, year: int) -> str:
    """The code the next accord of the year would take (shown, not reserved)."""
    sequence = Sequence.objects.filter(key=_accord_sequence_key(commission), year=year).first()
    return accord_code(
        commission=commission, year=year, number=(sequence.last_value if sequence else 0) + 1
    )
