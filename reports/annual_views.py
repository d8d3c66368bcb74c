"""The page where the commission's staff and councillors open its informe anual for a year
and download it (issue 21): HTML, PDF, Word or JSON, from the same content."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from cori.access import access_commission
from cori.errors import error_response
from cori.periods import FIRST_YEAR, LAST_YEAR
from cori.printing import CONTENT_TYPES
from reports.content import report_to_dict
from reports.renderers import render_html
from reports.rendering import render_file
from reports.selectors.annual_report import TITLE, annual_report_content

FORMATS = (
    ("html", "Ver el informe (HTML)"),
    ("pdf", "Descargar PDF"),
    ("docx", "Descargar Word"),
    ("json", "Contenido (JSON)"),
)


def annual_file_name(report, ext: str) -> str:
    return f"informe-anual-{report.commission_acronym.lower()}-{report.period_start[:4]}.{ext}"


def annual_download(report, fmt: str) -> HttpResponse:
    """The report in ``fmt`` (json, html, pdf or docx); files from the render cache."""
    if fmt == "json":
        return JsonResponse(report_to_dict(report), json_dumps_params={"ensure_ascii": False})
    if fmt == "html":
        html = render_html(report, links=False, standalone=True)
        return HttpResponse(html, content_type=CONTENT_TYPES["html"])
    response = HttpResponse(render_file(report, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{annual_file_name(report, fmt)}"'
    return response


@login_required
def annual_report(request: HttpRequest, acronym: str, year: int) -> HttpResponse:
    """The year's informe anual: its figures and its files; ``?formato=`` a file."""
    commission = access_commission(request.user, acronym)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return error_response(request, 400, f"El año debe estar entre {FIRST_YEAR} y {LAST_YEAR}.")
    report = annual_report_content(commission=commission, year=year)
    fmt = request.GET.get("formato", "")
    if fmt in dict(FORMATS):
        return annual_download(report, fmt)
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
        },
    )
