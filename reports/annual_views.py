"""The page where the commission's staff and councillors open its informe anual for a year
and download it (issue 21): HTML, PDF, Word or JSON, from the same content (long files
through the render queue, ``reports.kind_pages``); and where the secretariat issues it,
frozen like the quarterly informe (``reports.issuing.report_kind_issue``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cori.access import access_commission
from cori.errors import error_response
from cori.periods import FIRST_YEAR, LAST_YEAR
from reports.forms import KindIssueForm
from reports.issuing import report_kind_issue
from reports.kind_pages import (
    FORMATS,
    ISSUE_REFUSALS,
    form_errors,
    issued_versions,
    kind_file,
    may_issue,
)
from reports.models import ANNUAL
from reports.selectors.annual_report import TITLE, annual_report_content
from reports.selectors.kinds import annual_period, kind_file_name


def _page(request, commission, year: int, *, issue_form=None) -> HttpResponse:
    report = annual_report_content(commission=commission, year=year)
    allowed = may_issue(request.user, ANNUAL)
    return render(
        request,
        "reports/annual_report.html",
        {
            "commission": commission,
            "report": report,
            "title": TITLE,
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1,
            "formats": FORMATS,
            "issued_reports": issued_versions(ANNUAL, commission),
            "may_issue": allowed,
            "issue_form": issue_form or (KindIssueForm() if allowed else None),
        },
    )


@login_required
def annual_report(request: HttpRequest, acronym: str, year: int) -> HttpResponse:
    """The year's informe anual: its figures, its files and its issued versions;
    ``?formato=`` a file."""
    commission = access_commission(request.user, acronym)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return error_response(request, 400, f"El año debe estar entre {FIRST_YEAR} y {LAST_YEAR}.")
    fmt = request.GET.get("formato", "")
    if fmt in dict(FORMATS):
        start, end = annual_period(year)
        return kind_file(
            request,
            fmt,
            kind=ANNUAL,
            build=lambda: annual_report_content(commission=commission, year=year),
            name=kind_file_name(kind=ANNUAL, commission=commission, start=start, end=end, ext=fmt),
            back=reverse("reports:annual", kwargs={"acronym": acronym, "year": year}),
            commission=commission,
            start=start,
            end=end,
        )
    return _page(request, commission, year)


@login_required
@require_POST
def annual_report_issue(request: HttpRequest, acronym: str, year: int) -> HttpResponse:
    """Issue the year's informe anual: only with ``confirmacion`` checked; refused before
    the year has ended, for a year the commission did not live, and a second time."""
    if not may_issue(request.user, ANNUAL):
        raise PermissionDenied(ISSUE_REFUSALS[ANNUAL])
    commission = access_commission(request.user, acronym, write=True)
    form = KindIssueForm(request.POST)
    if form.is_valid():
        try:
            report_kind_issue(kind=ANNUAL, commission=commission, year=year, issued_by=request.user)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"Se emitió el informe anual {year}.")
            return redirect("reports:annual", acronym=acronym, year=year)
    return _page(request, commission, year, issue_form=form)
