"""The report's periods: quarters of a commission's life and the report's ordinal."""

import datetime

from sessions.models import Commission


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
