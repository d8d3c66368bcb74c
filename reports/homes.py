"""Reads for the home of each role, on top of the commission's dashboard.

A councillor (Consejería) lands on what matters now: the next session with its convocatoria
and packet, the latest sessions held (each leads to its accords and votes), the accords
pending or overdue, the agreements ending soon and the latest issued report. The
secretariat (Secretaría técnica, Administración) lands on what is missing: the completeness
checklist of the current quarter and the sessions held without attendance; the alerts
(``reports.alerts``) follow on the same page for both.

Each selector issues a fixed number of queries whatever the data (tested).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from agreements.models import Agreement
from agreements.selectors import agreements_ending
from commissions.models import Commission
from cori.text import period_label
from reports.dashboards import ENDING_SOON_DAYS
from reports.models import QUARTERLY, IssuedReport
from reports.selectors import report_checklist
from reports.selectors.checklist import ChecklistItem
from sessions.models import Session
from sessions.selectors.followup import AccordsDue, accords_due, session_links
from sessions.selectors.periods import commission_quarters, dashboard_period

RECENT_SESSIONS = 3
MISSING_ATTENDANCE_SHOWN = 10


@dataclass
class CouncilHome:
    next_session: Session | None
    next_links: tuple[tuple[str, str], ...]  # (label, path): the session, convocatoria, packet
    recent_sessions: list[Session]  # held, newest first, with ``accord_count``
    accords: AccordsDue
    ending_soon: list[Agreement]
    latest_report: IssuedReport | None
    ending_days: int = ENDING_SOON_DAYS


def next_session(*, commission: Commission, today: datetime.date) -> Session | None:
    """The commission's next session not held nor cancelled, from ``today`` on. One query."""
    return (
        Session.objects.filter(
            commission=commission,
            date__gte=today,
            status__in=(Session.Status.SCHEDULED, Session.Status.CONVENED),
        )
        .select_related("commission", "convocatoria")
        .defer("convocatoria__pdf")
        .order_by("date", "time", "pk")
        .first()
    )


def recent_sessions(*, commission: Commission, today: datetime.date) -> list[Session]:
    """The latest sessions held up to ``today``, newest first, each with its number of
    adopted accords (``accord_count``). One query."""
    return list(
        Session.objects.filter(commission=commission, status=Session.Status.HELD, date__lte=today)
        .annotate(accord_count=Count("accords", filter=Q(accords__status="adoptado")))
        .order_by("-date", "-time", "-pk")[:RECENT_SESSIONS]
    )


def latest_issued_report(*, commission: Commission) -> IssuedReport | None:
    """The report issued last, without its files (only what the home names). One query."""
    return (
        IssuedReport.objects.filter(kind=QUARTERLY, commission=commission)
        .select_related("session")
        .defer("content_json", "pdf", "reading_pdf", "docx")
        .order_by("-issued_at", "-pk")
        .first()
    )


def council_home(*, commission: Commission, today: datetime.date) -> CouncilHome:
    """What a councillor sees first. Six queries."""
    upcoming = next_session(commission=commission, today=today)
    return CouncilHome(
        next_session=upcoming,
        next_links=session_links(upcoming) if upcoming else (),
        recent_sessions=recent_sessions(commission=commission, today=today),
        accords=accords_due(commission=commission, today=today),
        ending_soon=agreements_ending(commission=commission, start=today, days=ENDING_SOON_DAYS),
        latest_report=latest_issued_report(commission=commission),
    )


@dataclass
class SecretariatHome:
    start: datetime.date  # the current quarter
    end: datetime.date
    checklist: list[ChecklistItem]
    without_attendance: list[Session]  # held, newest first, at most MISSING_ATTENDANCE_SHOWN
    without_attendance_count: int

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)


def current_quarter(
    *, commission: Commission, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The commission's quarter that contains ``today`` (its last one when it concluded)."""
    quarters = commission_quarters(commission=commission, today=today)
    return quarters[0] if quarters else dashboard_period(commission=commission, today=today)


def sessions_without_attendance(*, commission: Commission, today: datetime.date) -> list[Session]:
    """Sessions held up to ``today`` with no attendance recorded, newest first. One query."""
    return list(
        Session.objects.filter(
            commission=commission,
            status=Session.Status.HELD,
            date__lte=today,
            attendance__isnull=True,
        )
        .select_related("commission")
        .order_by("-date", "-pk")
    )


def secretariat_home(*, commission: Commission, today: datetime.date) -> SecretariatHome:
    """What the secretariat sees first: what the current quarter's report still lacks."""
    start, end = current_quarter(commission=commission, today=today)
    missing = sessions_without_attendance(commission=commission, today=today)
    return SecretariatHome(
        start=start,
        end=end,
        checklist=report_checklist(commission=commission, start=start, end=end),
        without_attendance=missing[:MISSING_ATTENDANCE_SHOWN],
        without_attendance_count=len(missing),
    )
