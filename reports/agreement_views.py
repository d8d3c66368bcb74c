"""The page where Administración opens the report on the institute's agreements for a
period and downloads it (issue 21): HTML, PDF, Word or JSON, from the same content."""

import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from cori.access import is_administrator
from cori.periods import period_error
from cori.printing import CONTENT_TYPES
from cori.states import institute_today
from reports.content import report_to_dict
from reports.renderers import render_html
from reports.rendering import render_file
from reports.selectors.agreement_report import TITLE, agreement_report_content

FORMATS = ("html", "pdf", "docx", "json")
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
            problem = period_error(data["inicio"], data["fin"])
            if problem:
                self.add_error("fin", problem)
        return data


def _download(report, fmt: str) -> HttpResponse:
    if fmt == "json":
        return JsonResponse(report_to_dict(report), json_dumps_params={"ensure_ascii": False})
    if fmt == "html":
        html = render_html(report, links=False, standalone=True)
        return HttpResponse(html, content_type=CONTENT_TYPES["html"])
    response = HttpResponse(render_file(report, fmt), content_type=CONTENT_TYPES[fmt])
    name = f"informe-convenios-{report.period_start}-{report.period_end}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def agreement_report(request: HttpRequest) -> HttpResponse:
    """``?inicio=&fin=``: the report's figures and its files; ``&formato=`` a file."""
    if not is_administrator(request.user):
        raise PermissionDenied(REFUSAL)
    today = institute_today()
    initial = {"inicio": datetime.date(today.year, 1, 1), "fin": today}
    asked = "inicio" in request.GET or "fin" in request.GET  # half a period is answered too
    form = AgreementReportForm(request.GET if asked else None, initial=initial)
    report = None
    if form.is_bound and form.is_valid():
        report = agreement_report_content(
            start=form.cleaned_data["inicio"], end=form.cleaned_data["fin"]
        )
        fmt = request.GET.get("formato", "")
        if fmt in FORMATS:
            return _download(report, fmt)
    query = request.GET.copy()
    query.pop("formato", None)
    return render(
        request,
        "reports/agreement_report.html",
        {
            "form": form,
            "report": report,
            "title": TITLE,
            "query": query.urlencode(),
            "formats": (
                ("html", "Ver el informe (HTML)"),
                ("pdf", "Descargar PDF"),
                ("docx", "Descargar Word"),
                ("json", "Contenido (JSON)"),
            ),
        },
    )
