"""Writes of a commission's composition: its members (seats of councillors, parties and
areas) and its succession by another commission."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format

from commissions.models import Commission, Membership, Succession
from commissions.selectors import commission_chain, succession_preview
from cori.locking import record_lock
from cori.records import COMMISSION_FIXED, changes_apply, immutable_check, m2m_apply
from cori.text import long_date
from sessions.models import Session

# --- memberships ------------------------------------------------------------------------


def _membership_validate(membership: Membership) -> None:
    """Recorded attendance stays within the seat's dates and commission."""
    if membership.pk is None:
        return
    outside = [
        row.session
        for row in membership.attendance.select_related("session__commission")
        if not membership.is_active_on(row.session.date)
    ]
    if outside:
        dates = ", ".join(date_format(session.date, "SHORT_DATE_FORMAT") for session in outside)
        raise ValidationError(
            {
                "start_date": (
                    "Con esas fechas quedaría fuera asistencia ya registrada de este "
                    f"integrante (sesiones del {dates}). Corrija las fechas o la asistencia."
                )
            }
        )


@transaction.atomic
def membership_create(*, commission: Commission, **fields) -> Membership:
    membership = Membership(commission=commission)
    m2m = changes_apply(membership, fields)
    membership.full_clean()
    membership.save()
    m2m_apply(membership, m2m)
    return membership


@transaction.atomic
def membership_update(
    *, membership: Membership, version: str | None = None, **changes
) -> Membership:
    record_lock(membership, version=version)
    immutable_check(membership, changes, COMMISSION_FIXED)
    changes.pop("commission", None)
    changes_apply(membership, changes)
    membership.full_clean()
    _membership_validate(membership)
    membership.save()
    return membership


# --- succession of commissions ----------------------------------------------------------


@transaction.atomic
def succession_declare(
    *,
    predecessor: Commission,
    successor: Commission | None,
    effective_on: datetime.date,
    accord: str,
    session: str = "",
):
    """The Consejo General replaced ``predecessor`` by ``successor`` from ``effective_on``.

    Nothing moves: the predecessor's records and reports stay as they are; it concludes
    its functions the day before (``active_until``, unless it concluded earlier) and its
    open matters are read by the successor through the chain. Refused, with the reason in
    Spanish: no successor, a date on or before the predecessor began, a predecessor
    already succeeded or with sessions from that day on, a cycle (the successor is the
    predecessor or one of its predecessors). Returns what passed on
    (``commissions.selectors.succession_preview``).
    """
    errors: dict[str, str] = {}
    if successor is None:
        errors["successor"] = "La comisión sucesora no existe: regístrela primero."
    if effective_on is None:
        errors["effective_on"] = "Indique la fecha en que surte efectos la sucesión."
    elif effective_on <= predecessor.active_from:
        errors["effective_on"] = (
            f"La sucesión no puede surtir efectos antes de que la {predecessor.acronym} "
            f"iniciara funciones (el {long_date(predecessor.active_from, weekday=False)})."
        )
    if not (accord or "").strip():
        errors["accord"] = "Indique el acuerdo del Consejo General que decidió la sucesión."
    if errors:
        raise ValidationError(errors)
    locked = Commission.objects.select_for_update().get(pk=predecessor.pk)
    if successor.pk in commission_chain(locked).ids:
        raise ValidationError(
            {
                "successor": (
                    f"La {successor.acronym} no puede suceder a la {locked.acronym}: es ella "
                    "misma o una de sus antecesoras (la sucesión formaría un ciclo)."
                )
            }
        )
    if Succession.objects.filter(predecessor=locked).exists():
        raise ValidationError({"predecessor": "Esa comisión ya tiene una comisión sucesora."})
    later = Session.objects.filter(commission=locked, date__gte=effective_on).count()
    if later:
        raise ValidationError(
            {
                "effective_on": (
                    f"La {locked.acronym} tiene {later} "
                    f"{'sesión registrada' if later == 1 else 'sesiones registradas'} desde esa "
                    "fecha; corrija la fecha o esas sesiones."
                )
            }
        )
    row = Succession(
        predecessor=locked,
        successor=successor,
        effective_on=effective_on,
        accord=accord.strip(),
        session=(session or "").strip(),
    )
    row.full_clean()
    row.save()
    last_day = effective_on - datetime.timedelta(days=1)
    if locked.active_until is None or locked.active_until > last_day:
        locked.active_until = last_day
        locked.full_clean()
        locked.save(update_fields=["active_until", "updated_at"])
    predecessor.active_until = locked.active_until
    return succession_preview(predecessor=locked, effective_on=effective_on)
