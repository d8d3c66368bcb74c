"""The page where Administración opens the report on the institute's agreements for a
period and downloads it (issue 21): HTML, PDF, Word or JSON, from the same content (long
files through the render queue, ``reports.kind_pages``); and where it issues the report,
frozen like the quarterly informe (``reports.issuing.report_kind_issue``)."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cori.access import is_administrator
from cori.periods import cutoff_error, period_error
from cori.states import institute_today
from cori.text import period_label
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
from reports.models import AGREEMENTS
from reports.selectors.agreement_report import TITLE, agreement_report_content
from reports.selectors.kinds import kind_file_name

REFUSAL = "Solo Administración abre el informe de convenios del instituto."


class AgreementReportForm(forms.Form):
    inicio = forms.DateField(
        label="Desde", widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    fin = forms.DateField(
        label="Hasta (fecha de corte)",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("inicio") and data.get("fin"):
            problem = period_error(data["inicio"], data["fin"]) or cutoff_error(
                data["fin"], today=institute_today()
            )
            if problem:
                self.add_error("fin", problem)
        return data


def _page_url(start: datetime.date, end: datetime.date) -> str:
    query = QueryDict(mutable=True)
    query.update({"inicio": start.isoformat(), "fin": end.isoformat()})
    return f"{reverse('reports:agreements')}?{query.urlencode()}"


def _page(request: HttpRequest, form, *, issue_form=None, status: int = 200) -> HttpResponse:
    report = None
    if form.is_valid():
        report = agreement_report_content(
            start=form.cleaned_data["inicio"], end=form.cleaned_data["fin"]
        )
    query = request.GET.copy() if request.method == "GET" else QueryDict(mutable=True)
    if request.method == "POST" and form.is_valid():
        query.update({"inicio": request.POST["inicio"], "fin": request.POST["fin"]})
    query.pop("formato", None)
    allowed = may_issue(request.user, AGREEMENTS)
    return render(
        request,
        "reports/agreement_report.html",
        {
            "form": form,
            "report": report,
            "title": TITLE,
            "query": query.urlencode(),
            "formats": FORMATS,
            "issued_reports": issued_versions(AGREEMENTS, None),
            "may_issue": allowed,
            "issue_form": issue_form or (KindIssueForm() if allowed else None),
        },
        status=status,
    )


@login_required
def agreement_report(request: HttpRequest) -> HttpResponse:
    """``?inicio=&fin=``: the report's figures, its files and its issued versions;
    ``&formato=`` a file."""
    if not is_administrator(request.user):
        raise PermissionDenied(REFUSAL)
    today = institute_today()
    initial = {"inicio": datetime.date(today.year, 1, 1), "fin": today}
    asked = "inicio" in request.GET or "fin" in request.GET  # half a period is answered too
    form = AgreementReportForm(request.GET if asked else None, initial=initial)
    fmt = request.GET.get("formato", "")
    if form.is_bound and form.is_valid() and fmt in dict(FORMATS):
        start, end = form.cleaned_data["inicio"], form.cleaned_data["fin"]
        return kind_file(
            request,
            fmt,
            kind=AGREEMENTS,
            build=lambda: agreement_report_content(start=start, end=end),
            name=kind_file_name(kind=AGREEMENTS, commission=None, start=start, end=end, ext=fmt),
            back=_page_url(start, end),
            commission=None,
            start=start,
            end=end,
        )
    return _page(request, form)


@login_required
@require_POST
def agreement_report_issue(request: HttpRequest) -> HttpResponse:
    """Issue the report of ``inicio``–``fin``: only with ``confirmacion`` checked; refused
    before the cut-off has passed and for a period already issued (the page says why)."""
    if not may_issue(request.user, AGREEMENTS):
        raise PermissionDenied(ISSUE_REFUSALS[AGREEMENTS])
    form = AgreementReportForm(request.POST)
    issue_form = KindIssueForm(request.POST)
    if form.is_valid() and issue_form.is_valid():
        start, end = form.cleaned_data["inicio"], form.cleaned_data["fin"]
        try:
            report_kind_issue(kind=AGREEMENTS, start=start, end=end, issued_by=request.user)
        except ValidationError as error:
            form_errors(issue_form, error)
        else:
            messages.success(
                request, f"Se emitió el informe de convenios de {period_label(start, end)}."
            )
            return redirect(_page_url(start, end))
    return _page(request, form, issue_form=issue_form)
