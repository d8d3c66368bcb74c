"""Periods of a commission's life: its quarters, the report's ordinal, the quarter a page
opens on."""

import datetime

from commissions.models import Commission
from sessions.models import Session


def report_ordinal(*, commission: Commission, start: datetime.date) -> int:
    """Which quarterly report of the commission's life covers ``start`` (1 for the first)."""
    months = (start.year - commission.active_from.year) * 12 + (
        start.month - commission.active_from.month
    )
    return max(months // 3, 0) + 1


def commission_quarters(
    *, commission: Commission, today: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """The commission's quarters (three months from the day it started), newest first."""
    quarters = []
    start = commission.active_from.replace(day=1)
    last_day = min(today, commission.active_until or today)
    while start <= last_day:
        month = start.month + 3
        following = start.replace(year=start.year + (month - 1) // 12, month=(month - 1) % 12 + 1)
        quarters.append((start, following - datetime.timedelta(days=1)))
        start = following
    return list(reversed(quarters))


def default_quarter(
    *, commission: Commission, today: datetime.date
) -> tuple[datetime.date, datetime.date] | None:
    """The quarter the period picker opens on: the one holding ``today``; for a commission
    that has ended, its latest quarter with a session (or its last quarter)."""
    quarters = commission_quarters(commission=commission, today=today)
    if not quarters:
        return None
    if commission.active_until is None or commission.active_until >= today:
        return quarters[0]
    latest = (
        Session.objects.filter(commission=commission, date__lte=commission.active_until)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    if latest is None:
        return quarters[0]
    return next((q for q in quarters if q[0] <= latest <= q[1]), quarters[0])


def dashboard_period(
    *, commission: Commission, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The quarter of the last session held (where there is something to see), or the
    current quarter of the commission when it has held none."""
    quarters = commission_quarters(commission=commission, today=today)
    last = (
        Session.objects.filter(commission=commission, status=Session.Status.HELD, date__lte=today)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    for start, end in quarters:
        if last is None or start <= last <= end:
            return start, end
    return quarters[0] if quarters else (today.replace(day=1), today)
