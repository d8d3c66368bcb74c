"""Issuing a report for the record: its files frozen with their hashes (issue 21).

``issued_files`` is what every issued report keeps, whatever its kind: the content as
canonical JSON, the PDF/A, the reading PDF and the Word file, each with its SHA-256, read
from the render cache or rendered there (``reports.rendering.render_file``), outside any
transaction. ``report_kind_issue`` issues the two kinds that are not presented at a session:
the commission's informe anual (once per commission and year) and the institute's report on
agreements (once per period). The quarterly informe is issued for its session by
``reports.services.report_issue``.
"""

import datetime
import hashlib

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from commissions.models import Commission
from cori.periods import FIRST_YEAR, LAST_YEAR, period_error
from cori.states import StateConflict, institute_today
from cori.text import long_date, period_label
from reports.content import Report, report_to_json
from reports.models import AGREEMENTS, ANNUAL, IssuedReport
from reports.rendering import render_file
from reports.selectors.kinds import annual_period, kind_content


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def issued_files(report: Report) -> dict:
    """The fields of ``IssuedReport`` that freeze ``report``: its title, its content and
    its three files, each with its SHA-256."""
    content = report_to_json(report).encode()
    archive = render_file(report, "pdfa")
    reading = render_file(report, "pdf")
    word = render_file(report, "docx")
    return {
        "title": report.title,
        "content_json": content.decode(),
        "content_sha256": sha256(content),
        "pdf": archive,
        "pdf_sha256": sha256(archive),
        "reading_pdf": reading,
        "reading_pdf_sha256": sha256(reading),
        "docx": word,
        "docx_sha256": sha256(word),
    }


def _agreements_refusal(start, end, today: datetime.date) -> dict[str, list[str]]:
    """The institute's report is cut off at ``end``: it is issued once that day has passed
    (in the institute's time zone), never about days still to come."""
    problem = period_error(start, end)
    if problem:
        return {"end": [problem]}
    if today <= end:
        return {
            "end": [
                f"No se emitió: la fecha de corte es el {long_date(end)} y hoy es "
                f"{long_date(today)}; el informe de convenios se emite cuando la fecha de "
                "corte ha pasado, porque antes no puede dar cuenta de lo suscrito y lo "
                "vigente a ese día. Elija una fecha de corte anterior a hoy."
            ]
        }
    return {}


def _annual_refusal(commission: Commission, year: int, today: datetime.date) -> dict:
    """The informe anual is of a year the commission lived, issued once that year (or the
    commission's life, when it ended within it) has ended."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return {"year": [f"El año debe estar entre {FIRST_YEAR} y {LAST_YEAR}."]}
    start, end = annual_period(year)
    if commission.active_from > end:
        return {
            "year": [
                f"No se emitió: la {commission.acronym} inició funciones el "
                f"{long_date(commission.active_from)}; no tiene informe anual de {year}."
            ]
        }
    if commission.active_until is not None and commission.active_until < start:
        return {
            "year": [
                f"No se emitió: la {commission.acronym} concluyó funciones el "
                f"{long_date(commission.active_until)}; no tiene informe anual de {year}."
            ]
        }
    last = min(end, commission.active_until or end)
    if today <= last:
        return {
            "year": [
                f"No se emitió: el año {year} termina el {long_date(last)} y hoy es "
                f"{long_date(today)}; el informe anual se emite cuando el año que informa ha "
                "concluido, porque antes no puede dar cuenta de todo el año."
            ]
        }
    return {}


def report_kind_issue(
    *,
    kind: str,
    issued_by: AbstractBaseUser | None,
    commission: Commission | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    year: int | None = None,
) -> IssuedReport:
    """Freeze the institute's report on agreements (``kind="convenios"``, ``start``–``end``,
    no commission) or ``commission``'s informe anual (``kind="anual"``, ``year``): content,
    PDF/A, reading PDF, Word and their hashes. Nothing updates it afterwards.

    Refused (``ValidationError``, nothing rendered) for a period or year that has not
    ended today in the institute's time zone (no early issue: these reports state figures
    at a cut-off) and for a year the commission did not live; a second issue of the same
    kind and period is a ``StateConflict`` (the database keeps it too). Who may issue is
    checked by the entry points (``cori.access.may_issue_report``).
    """
    today = institute_today()
    if kind == AGREEMENTS:
        if commission is not None:
            raise ValidationError(
                {"commission": "El informe de convenios se emite para todo el instituto."}
            )
        errors = _agreements_refusal(start, end, today)
    elif kind == ANNUAL:
        if commission is None or year is None:
            raise ValidationError({"commission": "Indique la comisión y el año."})
        errors = _annual_refusal(commission, year, today)
        start, end = annual_period(year)
    else:
        raise ValidationError(
            {"kind": "El informe trimestral se emite para una sesión, en su paso «Emitir»."}
        )
    if errors:
        raise ValidationError(errors)
    previous = (
        IssuedReport.objects.filter(
            kind=kind, commission=commission, period_start=start, period_end=end
        )
        .only("issued_at")
        .first()
    )
    if previous is not None:
        raise _issued_twice(kind, start, end, previous.issued_at)
    report = kind_content(kind=kind, commission=commission, start=start, end=end)
    issued = IssuedReport(
        kind=kind,
        commission=commission,
        period_start=start,
        period_end=end,
        issued_by=issued_by,
        **issued_files(report),
    )
    try:
        with transaction.atomic():
            issued.save()  # the constraints of the kind (one issue per period) decide
    except IntegrityError:  # issued by somebody else while this one rendered
        raise _issued_twice(kind, start, end, timezone.now()) from None
    return issued


def _issued_twice(kind, start, end, when) -> StateConflict:
    what = (
        f"El informe anual de {start.year}"
        if kind == ANNUAL
        else f"El informe de convenios de {period_label(start, end)}"
    )
    return StateConflict(
        {
            "kind": (
                f"{what} ya se emitió el {long_date(timezone.localtime(when).date())}: lo "
                "emitido es definitivo, no se modifica ni se emite de nuevo."
            )
        }
    )
