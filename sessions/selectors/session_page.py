"""Reads of the session page: the attendance summary and the items its checklist offers."""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from commissions.models import Membership
from cori.states import institute_today
from sessions.lifecycles import MET, SESSION_LIFECYCLE
from sessions.models import Attendance, Presentation, PresentedItem, Session


@dataclass(frozen=True)
class AttendanceSummary:
    present: int
    absent: int
    excused: int
    not_recorded: int

    @property
    def sentence(self) -> str:
        """«Asistencia: 3 presentes, 1 ausente, 0 justificadas, 16 sin registrar»."""

        def count(number: int, singular: str, plural: str) -> str:
            return f"{number} {singular if number == 1 else plural}"

        return (
            "Asistencia: "
            f"{count(self.present, 'presente', 'presentes')}, "
            f"{count(self.absent, 'ausente', 'ausentes')}, "
            f"{count(self.excused, 'justificada', 'justificadas')}, "
            f"{self.not_recorded} sin registrar"
        )


def attendance_summary(
    *, cells: Iterable[Attendance], seats: Iterable[Membership]
) -> AttendanceSummary:
    """Counts of a session's grid: ``cells`` recorded, ``seats`` expected that day."""
    cells = list(cells)
    statuses = Counter(cell.status for cell in cells)
    recorded = {cell.membership_id for cell in cells}
    return AttendanceSummary(
        present=statuses[Attendance.Status.PRESENT],
        absent=statuses[Attendance.Status.ABSENT],
        excused=statuses[Attendance.Status.EXCUSED],
        not_recorded=sum(1 for seat in seats if seat.pk not in recorded),
    )


def session_period(session: Session) -> tuple[datetime.date, datetime.date]:
    """The commission's quarter (three months from the month it started) holding the session."""
    first = session.commission.active_from.replace(day=1)
    months = (session.date.year - first.year) * 12 + session.date.month - first.month
    start_month = first.month - 1 + months - months % 3
    start = datetime.date(first.year + start_month // 12, start_month % 12 + 1, 1)
    end_month = start_month + 3
    end = datetime.date(first.year + end_month // 12, end_month % 12 + 1, 1)
    return start, end - datetime.timedelta(days=1)


def session_item_choices(session: Session) -> QuerySet[PresentedItem]:
    """The items the session page offers: those presented in the session's period (its
    commission's quarter), the open ones (never presented yet) and this session's own."""
    start, end = session_period(session)
    presented = Presentation.objects.filter(item=OuterRef("pk"))
    return (
        PresentedItem.objects.filter(commission_id=session.commission_id)
        .filter(
            Q(Exists(presented.filter(session__date__range=(start, end))))
            | ~Q(Exists(presented))
            | Q(Exists(presented.filter(session=session)))
        )
        .order_by("order", "pk")
    )


@dataclass(frozen=True)
class StatusPanel:
    """The session's status on its page and the moves its life cycle allows now."""

    status: str
    label: str
    moves: tuple[tuple[str, str], ...]  # (status, button text)
    prompt: str  # the question asked when the record says the session was held


MOVE_LABELS = {
    Session.Status.CONVENED: "Marcar como convocada",
    Session.Status.HELD: "Marcar como celebrada",
    Session.Status.SUSPENDED: "Marcar como suspendida",
    Session.Status.CANCELLED: "Cancelar la sesión",
}


def session_status_panel(session: Session) -> StatusPanel:
    """What the page offers: celebrada and suspendida only from the session's date on; the
    prompt when attendance is recorded but the session is still programada or convocada
    (so that the next session's opening proposes the approval of its minuta)."""
    today = institute_today()
    moves = tuple(
        (status, MOVE_LABELS[status])
        for status in SESSION_LIFECYCLE.next_states(session.status)
        if not (status in MET and session.date > today)
    )
    prompt = ""
    waiting = session.status in (Session.Status.SCHEDULED, Session.Status.CONVENED)
    if waiting and session.date <= today and session.attendance.exists():
        prompt = (
            f"La sesión tiene asistencia registrada y su estatus sigue «"
            f"{session.get_status_display()}». Si ya se celebró, márquela como celebrada: "
            "así su minuta puede aprobarse y la siguiente sesión propone su aprobación."
        )
    return StatusPanel(
        status=session.status,
        label=session.get_status_display(),
        moves=moves,
        prompt=prompt,
    )
