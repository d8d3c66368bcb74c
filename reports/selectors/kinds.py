"""The content of any kind of report from what a stored row says of it (issue 21): its
kind, its commission (empty for the institute's report on agreements) and its period.

The one place the render queue's worker, the issue of a report and the comparison of an
issued version with today's data build a report they did not build themselves.
"""

import datetime

from commissions.models import Commission
from reports.content import DEFAULT_KIND, REPORT_KINDS, Report
from reports.selectors.agreement_report import KIND as AGREEMENTS
from reports.selectors.agreement_report import agreement_report_content
from reports.selectors.annual_report import KIND as ANNUAL
from reports.selectors.annual_report import annual_report_content
from reports.selectors.build import report_content


def annual_period(year: int) -> tuple[datetime.date, datetime.date]:
    """The informe anual's period: the calendar year (``annual_report_content``)."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def kind_content(
    *,
    kind: str,
    commission: Commission | None,
    start: datetime.date,
    end: datetime.date,
    presented_at=None,
) -> Report:
    """The report of ``kind`` for the period: the quarterly informe (``presented_at`` names
    its session), the informe anual of ``start``'s year, or the institute's report on
    agreements (of the whole registry, or of ``commission``'s chain)."""
    if kind == DEFAULT_KIND:
        return report_content(
            commission=commission, start=start, end=end, presented_at=presented_at
        )
    if kind == ANNUAL:
        return annual_report_content(commission=commission, year=start.year)
    if kind == AGREEMENTS:
        return agreement_report_content(start=start, end=end, commission=commission)
    raise ValueError(f"Tipo de informe desconocido: {kind} (conocidos: {', '.join(REPORT_KINDS)})")


def kind_file_name(
    *,
    kind: str,
    commission: Commission | None,
    start: datetime.date,
    end: datetime.date,
    ext: str,
) -> str:
    """The name a file of the report is downloaded with, the same on every page and the
    API: ``informe-cori-2022-09-01-2022-11-30.pdf``, ``informe-anual-cori-2022.pdf``,
    ``informe-convenios-2026-01-01-2026-07-31.pdf`` (``…-convenios-cori-…`` restricted)."""
    if kind == AGREEMENTS:
        owner = f"{commission.acronym.lower()}-" if commission is not None else ""
        return f"informe-convenios-{owner}{start}-{end}.{ext}"
    if kind == ANNUAL:
        return f"informe-anual-{commission.acronym.lower()}-{start.year}.{ext}"
    return f"informe-{commission.acronym.lower()}-{start}-{end}.{ext}"
