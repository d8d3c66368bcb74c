"""Writes for commissions, sessions, attendance and accords."""

import datetime
import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cori.models import Sequence
from cori.numbering import sequence_claim, sequence_next
from sessions.models import (
    Accord,
    Attendance,
    Commission,
    Membership,
    Presentation,
    PresentedItem,
    Session,
)

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


@transaction.atomic
def session_create(
    *,
    commission: Commission,
    kind: str,
    date: datetime.date,
    number: int | None = None,
    time: datetime.time | None = None,
    modality: str = Session.Modality.REMOTE,
    status: str = Session.Status.HELD,
) -> Session:
    """Create a session; without a number it takes the next of its kind in the year."""
    if number is None:
        number = session_next_number(commission=commission, kind=kind, year=date.year)
    session = Session(
        commission=commission,
        kind=kind,
        year=date.year,
        number=number,
        date=date,
        time=time,
        modality=modality,
        status=status,
    )
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def attendance_record(
    *, session: Session, cells: Mapping[Membership, tuple[str, str]]
) -> list[Attendance]:
    """Record the attendance grid of a session: ``{membership: (status, justification)}``.

    Every participant must be a seat of the session's commission in force on its date.
    """
    errors = [
        f"{membership.label} no forma parte de la comisión en la fecha de la sesión."
        for membership in cells
        if membership.commission_id != session.commission_id
        or not membership.is_active_on(session.date)
    ]
    if errors:
        raise ValidationError(errors)
    existing = {row.membership_id: row for row in session.attendance.all()}
    saved = []
    for membership, (status, justification) in cells.items():
        row = existing.get(membership.pk) or Attendance(session=session, membership=membership)
        if row.pk and (row.status, row.justification) == (status, justification):
            saved.append(row)  # unchanged: no write, no history entry
            continue
        row.status = status
        row.justification = justification
        row.full_clean()
        row.save()
        saved.append(row)
    return saved


@transaction.atomic
def accord_create(
    *,
    commission: Commission,
    title: str,
    session: Session | None = None,
    year: int | None = None,
    code: str | None = None,
) -> Accord:
    """Adopt an accord. Without a code it takes the next number of the commission's year."""
    accord = Accord(commission=commission, session=session, title=title)
    accord_number_assign(accord=accord, year=year, code=code)
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
    if session is not None and session.commission_id != commission.pk:
        raise ValidationError(
            {"session": "La sesión pertenece a otra comisión; el acuerdo debe ser de la misma."}
        )
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
    return int(match["number"])


@transaction.atomic
def accord_withdraw(*, accord: Accord) -> Accord:
    """Withdraw an accord: it keeps its number, which is never given again."""
    accord.status = Accord.Status.WITHDRAWN
    accord.save(update_fields=["status", "updated_at"])
    return accord


@transaction.atomic
def session_record(
    *,
    session: Session,
    attendance: Mapping[Membership, tuple[str, str]],
    new_accords: list[str],
    items: list[PresentedItem],
    new_items: list[str],
) -> list[Accord]:
    """Record in one go what the session page collects: the attendance grid, the accords
    adopted (numbered in order) and the items presented. All or nothing."""
    attendance_record(session=session, cells=attendance)
    accords = [
        accord_create(commission=session.commission, session=session, title=title)
        for title in new_accords
    ]
    created = [
        PresentedItem.objects.create(commission=session.commission, title=title)
        for title in new_items
    ]
    for item in [*items, *created]:
        if item.commission_id != session.commission_id:
            raise ValidationError("Un punto presentado pertenece a otra comisión.")
        Presentation.objects.get_or_create(item=item, session=session)
    Presentation.objects.filter(session=session).exclude(item__in=[*items, *created]).delete()
    return accords


def accord_next_code(*, commission: Commission, year: int) -> str:
    """The code the next accord of the year would take (shown, not reserved)."""
    sequence = Sequence.objects.filter(key=_accord_sequence_key(commission), year=year).first()
    return accord_code(
        commission=commission, year=year, number=(sequence.last_value if sequence else 0) + 1
    )
