"""Plausible periods: the one bound on dates of reports and dashboards, for pages and API.

CORI's records start in the 1990s (the historic agreements since 1999); a date outside
these years is a typo or a probe, and computing the period before it would overflow.
"""

import datetime

from cori.text import long_date

FIRST_YEAR = 1990
LAST_YEAR = 2100


def period_error(start: datetime.date, end: datetime.date) -> str:
    """Why ``start``–``end`` is not a period CORI reports on, in Spanish ("" when it is)."""
    if not (FIRST_YEAR <= start.year <= LAST_YEAR and FIRST_YEAR <= end.year <= LAST_YEAR):
        return f"Las fechas del periodo deben estar entre {FIRST_YEAR} y {LAST_YEAR}."
    if end < start:
        return "La fecha final no puede ser anterior a la inicial."
    return ""


def cutoff_error(end: datetime.date, *, today: datetime.date) -> str:
    """Why ``end`` cannot be the cut-off date of a report of figures «al» that day, in
    Spanish ("" when it can): a day that has not come states as fact what nobody knows."""
    if end > today:
        return (
            f"La fecha de corte no puede ser posterior a hoy ({long_date(today)}): "
            "el informe da las cifras a esa fecha."
        )
    return ""
