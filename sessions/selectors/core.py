"""Reads for commissions, sessions and attendance."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from commissions.models import Commission, Membership
from commissions.selectors import memberships_in_period
from sessions.models import Attendance, Session


def session_list(
    *, commission: Commission, start: datetime.date, end: datetime.date
) -> QuerySet[Session]:
    """Sessions held in ``[start, end]``, in date order."""
    return Session.objects.filter(
        commission=commission, date__range=(start, end), status=Session.Status.HELD
    ).order_by("date", "time", "pk")


@dataclass(frozen=True)
class AttendanceRate:
    membership: Membership
    expected: int  # sessions held while the seat was in force, with attendance recorded
    present: int

    @property
    def rate(self) -> float | None:
        return self.present / self.expected if self.expected else None


def attendance_rates(
    *, commission: Commission, start: datetime.date, end: datetime.date
) -> list[AttendanceRate]:
    """Attendance rate of each seat, counting only sessions within its membership period.

    Sessions whose attendance was never recorded are left out: they say nothing of who
    came. Two queries whatever the size of the data.
    """
    sessions = session_list(commission=commission, start=start, end=end).prefetch_related(
        Prefetch(
            "attendance",
            queryset=Attendance.objects.only("session_id", "membership_id", "status"),
        )
    )
    grids = [
        (session, {cell.membership_id: cell.status for cell in session.attendance.all()})
        for session in sessions
    ]
    rates = []
    for membership in memberships_in_period(commission=commission, start=start, end=end):
        recorded = [
            grid for session, grid in grids if grid and membership.is_active_on(session.date)
        ]
        present = sum(grid.get(membership.pk) == Attendance.Status.PRESENT for grid in recorded)
        rates.append(AttendanceRate(membership=membership, expected=len(recorded), present=present))
    return rates
